package com.amperityworkflowruns.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, started and stopped by
 * the test that uses it, with nothing saved to disk. Without {@code redis-server} on the PATH the
 * test is skipped with the reason, unless {@code REQUIRE_REDIS} is set, as .ci/run sets it: then
 * it fails.
 */
public final class RedisServer implements AutoCloseable {
  private static final long START_SECONDS = 20;
  private final Path binary;
  private final int port;
  private final List<String> extra;
  private final boolean tls;
  private Process process;

  private RedisServer(Path binary, int port, List<String> extra, boolean tls) {
    this.binary = binary;
    this.port = port;
    this.extra = extra;
    this.tls = tls;
  }

  /** Starts a server on a free loopback port, with {@code extra} arguments (e.g. --requirepass). */
  public static RedisServer start(String... extra) throws IOException {
    return start(false, List.of(extra));
  }

  /**
   * Starts a server that takes only TLS connections on a free loopback port, with the server
   * certificate {@code cert} and its key {@code key} (PEM), signed by {@code ca}; clients need no
   * certificate of their own.
   */
  public static RedisServer startTls(Path cert, Path key, Path ca) throws IOException {
    return start(true, List.of("--tls-cert-file", cert.toString(), "--tls-key-file",
        key.toString(), "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"));
  }

  private static RedisServer start(boolean tls, List<String> extra) throws IOException {
    Path binary = findOnPath("redis-server");
    if (System.getenv("REQUIRE_REDIS") != null) {
      assertThat(binary).as("redis-server on the PATH (REQUIRE_REDIS is set, as .ci/run sets it)")
          .isNotNull();
    }
    Assumptions.assumeTrue(binary != null,
        "redis-server is not on the PATH: the shared rate budget's tests need a real Redis"
            + " (apt-get install -y redis-server)");
    RedisServer server = new RedisServer(binary, freePort(), extra, tls);
    server.launch();
    return server;
  }

  /** The port it listens on (the same after {@link #restart}). */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Kills the server at once (SIGKILL), as a crash would, and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(START_SECONDS, TimeUnit.SECONDS)).as("redis-server ended").isTrue();
  }

  /** Starts the server again on the same port, empty. */
  public void restart() throws IOException {
    launch();
  }

  private void launch() throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--port", tls ? "0" : String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        "--loglevel", "notice"));
    if (tls) {
      command.addAll(List.of("--tls-port", String.valueOf(port)));
    }
    command.addAll(extra);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    // Ready once it says so; its log otherwise ends in the failure message.
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      StringBuilder log = new StringBuilder();
      try {
        BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          log.append(line).append('\n');
          if (line.contains("Ready to accept connections")) {
            drain(out);
            return null;
          }
        }
      } catch (IOException e) {
        log.append(e);
      }
      return log.toString();
    });
    String failure;
    try {
      failure = ready.get(START_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("redis-server did not start on port " + port + ": " + e, e);
    }
    if (failure != null) {
      process.destroyForcibly();
      throw new IOException("redis-server did not start on port " + port + ":\n" + failure);
    }
  }

  /** Keeps reading the server's log so that it never blocks on a full pipe. */
  private static void drain(BufferedReader out) {
    Thread t = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // discarded
        }
      } catch (IOException ignored) {
        // the server ended
      }
    }, "redis-server-log");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Path findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
