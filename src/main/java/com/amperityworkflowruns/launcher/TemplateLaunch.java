package com.amperityworkflowruns.launcher;

import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What changes when the launcher runs inside a Dataflow Flex Template: the options that need this
 * machine (a file, the embedded simulator, a plan printed instead of a job) cannot work there, so
 * they are left out of {@code metadata.json} and refused with one line.
 *
 * <p>Inside a template means either of: the environment variable {@value #TEMPLATE_MAIN_CLASS},
 * which a Java Flex Template's Dockerfile must set (ours does) and the launcher process inherits;
 * or {@code --templateLocation} on the command line, which the Flex Template launcher passes so
 * that the Dataflow runner writes the job file there instead of running the job. See
 * docs/decisions.md, "Flex Template launches". Public for the deployment files' tests: {@code
 * metadata.json} offers every option but these.
 */
public final class TemplateLaunch {
  /** Set by the Flex Template image (pipelines/flex-template/Dockerfile). */
  static final String TEMPLATE_MAIN_CLASS = "FLEX_TEMPLATE_JAVA_MAIN_CLASS";

  /**
   * Options that cannot work in a template, in the order they are named: {@code pipeline} (no
   * YAML in the image), {@code dryRun} (no job file is written, so the launch fails), the embedded
   * simulator, and the secret files (on neither the launcher VM nor the workers).
   */
  public static final List<String> LOCAL_ONLY =
      List.of(
          "pipeline",
          "dryRun",
          "embeddedSimulator",
          "simulatorRuns",
          "simulatorLatencyMs",
          "simulatorClock",
          "simulatorSpeed",
          "tokenFile",
          "clientSecretFile");

  private TemplateLaunch() {}

  /** Whether this process runs inside a Flex Template launch. */
  static boolean isTemplate(String[] args, Map<String, String> env) {
    return env.containsKey(TEMPLATE_MAIN_CLASS) || mentions(args, "templateLocation");
  }

  /**
   * The one-line refusal of the local-only options in {@code args}, or null when there is none or
   * this is not a template launch.
   */
  static @Nullable String refusal(String[] args, Map<String, String> env) {
    if (!isTemplate(args, env)) {
      return null;
    }
    List<String> used = LOCAL_ONLY.stream().filter(o -> mentions(args, o)).toList();
    if (used.isEmpty()) {
      return null;
    }
    return "--" + String.join(", --", used) + " cannot be used in a Flex Template (they need"
        + " files or a process on the launching machine): run the jar by hand for them, and pass"
        + " the secret as --clientSecretName or --tokenSecretName (docs/dataflow.md)";
  }

  /**
   * {@code args} with the Dataflow REST API's spelling of the autoscaling algorithm (the launch
   * request's {@code AUTOSCALING_ALGORITHM_NONE}) turned into the pipeline option's ({@code NONE}),
   * in case the template launcher passes it through as an option.
   */
  static String[] normalized(String[] args) {
    String[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i].equals("--autoscalingAlgorithm=AUTOSCALING_ALGORITHM_NONE")) {
        out[i] = "--autoscalingAlgorithm=NONE";
      } else if (out[i].equals("--autoscalingAlgorithm=AUTOSCALING_ALGORITHM_BASIC")) {
        out[i] = "--autoscalingAlgorithm=THROUGHPUT_BASED";
      }
    }
    return out;
  }

  /** Whether {@code args} set {@code --name} (as {@code --name}, {@code --name=...}). */
  private static boolean mentions(String[] args, String name) {
    for (String a : args) {
      if (a.equals("--" + name) || a.startsWith("--" + name + "=")) {
        return true;
      }
    }
    return false;
  }
}
