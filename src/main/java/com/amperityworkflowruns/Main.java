package com.amperityworkflowruns;

import com.amperityworkflowruns.launcher.Launcher;
import java.time.Clock;

/** Command-line entry point: {@code java -jar amperity-workflow-runs.jar [--option=value ...]}. */
public final class Main {
  private Main() {}

  /** Runs the job and exits with its code (0 done, 1 job failed, 2 bad input). */
  public static void main(String[] args) {
    int code = new Launcher(System.out, System.err, System.getenv(), Clock.systemUTC()).run(args);
    System.exit(code);
  }
}
