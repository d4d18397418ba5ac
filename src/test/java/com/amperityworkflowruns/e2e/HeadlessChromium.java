package com.amperityworkflowruns.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, offline: opens a local page, lets its scripts run
 * (virtual time, so no waiting on the wall clock), and returns the DOM and the browser's log, or
 * writes a screenshot. Found on the PATH or at {@code $CHROMIUM}.
 */
final class HeadlessChromium {
  private final String binary;
  private final Path profile;

  private HeadlessChromium(String binary, Path profile) {
    this.binary = binary;
    this.profile = profile;
  }

  /** The browser, if installed; {@code profile} is a scratch folder for its user data. */
  static Optional<HeadlessChromium> find(Path profile) {
    String configured = System.getenv("CHROMIUM");
    List<String> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(configured);
    }
    candidates.addAll(List.of("chromium", "chromium-browser", "google-chrome"));
    for (String c : candidates) {
      if (c.contains("/") ? new File(c).canExecute() : onPath(c)) {
        return Optional.of(new HeadlessChromium(c, profile));
      }
    }
    return Optional.empty();
  }

  private static boolean onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (new File(dir, name).canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** What the browser printed: the DOM after the page's scripts ran, and its log. */
  static final class Result {
    final String dom;
    final String log;

    Result(String dom, String log) {
      this.dom = dom;
      this.log = log;
    }

    /** Lines of the log that are the page's console messages (errors, CSP refusals, logs). */
    List<String> consoleLines() {
      return log.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }
  }

  /** Opens {@code page} at {@code width} x {@code height} and returns the DOM and the log. */
  Result dumpDom(Path page, int width, int height) {
    return run(page, width, height, "--dump-dom");
  }

  /** Opens {@code page} and writes a PNG of the {@code width} x {@code height} window to {@code png}. */
  Result screenshot(Path page, int width, int height, Path png) {
    return run(page, width, height, "--screenshot=" + png.toAbsolutePath());
  }

  private Result run(Path page, int width, int height, String action) {
    List<String> cmd = List.of(
        binary,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=10000",
        "--window-size=" + width + "," + height,
        action,
        page.toAbsolutePath().toUri().toString());
    try {
      Path stdout = Files.createTempFile(profile.getParent(), "chromium", ".out");
      Path stderr = Files.createTempFile(profile.getParent(), "chromium", ".err");
      Process p = new ProcessBuilder(cmd)
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile())
          .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("chromium did not finish in 120 s: " + cmd);
      }
      String log = Files.readString(stderr, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError("chromium exited " + p.exitValue() + ": " + log);
      }
      return new Result(Files.readString(stdout, StandardCharsets.UTF_8), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while chromium ran", e);
    }
  }
}
