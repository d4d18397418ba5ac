package com.amperityworkflowruns.check;

import com.amperityworkflowruns.gcp.Deadlines;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * The time a {@code check} command may take (a minute in all) and each check's share of it: a
 * check runs under the smaller of its own deadline and what is left, on a thread abandoned when
 * the deadline passes, so a service that hangs costs one check its deadline and no more.
 */
public final class CheckDeadline {
  /** The whole command's time. */
  public static final Duration WHOLE = Duration.ofSeconds(55);
  /** One check's time. */
  public static final Duration EACH = Duration.ofSeconds(10);

  private final long endNanos;
  private final Duration each;
  private final LongSupplier nanoTime;

  CheckDeadline(Duration whole, Duration each, LongSupplier nanoTime) {
    this.endNanos = nanoTime.getAsLong() + whole.toNanos();
    this.each = each;
    this.nanoTime = nanoTime;
  }

  /** A minute's budget (55 s) starting now, {@link #EACH} a check. */
  public static CheckDeadline startingNow() {
    return new CheckDeadline(WHOLE, EACH, System::nanoTime);
  }

  /** A budget of {@code whole}, {@code each} a check (tests). */
  public static CheckDeadline of(Duration whole, Duration each) {
    return new CheckDeadline(whole, each, System::nanoTime);
  }

  /** What is left of the whole. */
  Duration left() {
    return Duration.ofNanos(Math.max(0, endNanos - nanoTime.getAsLong()));
  }

  /** The deadline of the next check: its own, or what is left when that is less. */
  Duration next() {
    Duration left = left();
    return left.compareTo(each) < 0 ? left : each;
  }

  /**
   * Runs {@code check} under {@link #next}; a check still running then is abandoned and its line
   * says so (with {@code fix}). Any exception of the check becomes a FAIL line without a trace.
   */
  Check run(String name, String fix, Callable<Check> check) {
    Duration deadline = next();
    if (deadline.isZero()) {
      return Check.skipped(name, "the command's minute is up");
    }
    try {
      return Deadlines.call(check, deadline, () -> new TimedOut());
    } catch (TimedOut e) {
      return Check.fail(name, "no answer within " + seconds(deadline), fix);
    } catch (RuntimeException e) {
      return Check.fail(name, firstLine(unwrap(e)), fix);
    }
  }

  /** A call to Google Cloud that may fail with a classified exception. */
  interface CloudCall<T> {
    T call() throws CloudException;
  }

  /**
   * The result of {@code call} under {@link #next}; a call still running then ends as {@link
   * CloudException.Kind#UNREACHABLE}.
   */
  <T> T call(CloudCall<T> call) throws CloudException {
    Duration deadline = next();
    if (deadline.isZero()) {
      throw new CloudException(CloudException.Kind.UNREACHABLE, "the command's minute is up");
    }
    try {
      return Deadlines.call(call::call, deadline, () -> new TimedOut());
    } catch (TimedOut e) {
      throw new CloudException(CloudException.Kind.UNREACHABLE,
          "no answer within " + seconds(deadline));
    } catch (RuntimeException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof CloudException) {
        throw (CloudException) cause;
      }
      throw new CloudException(CloudException.Kind.FAILED, firstLine(cause), cause);
    }
  }

  /** The checked exception {@link Deadlines#call} wrapped, else {@code e}. */
  private static Throwable unwrap(RuntimeException e) {
    return e.getClass() == IllegalStateException.class && e.getCause() != null
        && !(e.getCause() instanceof RuntimeException) ? e.getCause() : e;
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.split("\\R", 2)[0];
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }

  /** The deadline passed. */
  private static final class TimedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimedOut() {
      super("timed out", null, false, false);
    }
  }
}
