package com.amperityworkflowruns.gcp;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a call to a cloud service with a hard deadline. Google's clients retry failed connections
 * with their own back-off, for minutes in some of them; a launcher must answer sooner. The call
 * runs on a daemon thread that is abandoned (and interrupted) when the deadline passes.
 */
public final class Deadlines {
  private Deadlines() {}

  /**
   * The result of {@code call}, or the exception of {@code onTimeout} after {@code deadline}.
   * Runtime exceptions of the call are rethrown as they are; checked ones wrapped.
   */
  public static <T> T call(
      Callable<T> call, Duration deadline, Supplier<? extends RuntimeException> onTimeout) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                result.complete(call.call());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            },
            "deadline-call");
    worker.setDaemon(true);
    worker.start();
    try {
      return result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      worker.interrupt();
      RuntimeException timeout = onTimeout.get();
      timeout.addSuppressed(e);
      throw timeout;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.interrupt();
      throw onTimeout.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }
}
