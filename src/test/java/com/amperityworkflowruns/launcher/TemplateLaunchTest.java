package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options that need the launching machine are refused, in one line, inside a Flex Template. */
class TemplateLaunchTest {
  private static final Map<String, String> IN_IMAGE =
      Map.of(TemplateLaunch.TEMPLATE_MAIN_CLASS, "com.amperityworkflowruns.Main");

  @Test
  void inTheTemplateImage_aTokenFileIsRefusedNamingTheSecretManagerOption() {
    String refusal = TemplateLaunch.refusal(
        new String[] {"--tenant=acme", "--tokenFile=/secrets/token"}, IN_IMAGE);

    assertThat(refusal).startsWith("--tokenFile cannot be used in a Flex Template")
        .contains("--tokenSecretName").doesNotContain("\n");
  }

  @Test
  void givenTheLaunchersTemplateLocation_everyLocalOnlyOptionUsedIsNamed() {
    String[] args = {"--templateLocation=gs://b/staging/template_launches/1/job_object",
        "--dryRun=true", "--embeddedSimulator", "--simulatorRuns=10", "--pipeline=x.yaml"};

    String refusal = TemplateLaunch.refusal(args, Map.of());

    assertThat(refusal).startsWith(
        "--pipeline, --dryRun, --embeddedSimulator, --simulatorRuns cannot be used");
  }

  @Test
  void onALaptop_theSameOptionsAreAccepted() {
    String[] args = {"--dryRun=true", "--embeddedSimulator", "--tokenFile=t", "--pipeline=x.yaml"};

    assertThat(TemplateLaunch.isTemplate(args, Map.of("HOME", "/root"))).isFalse();
    assertThat(TemplateLaunch.refusal(args, Map.of("HOME", "/root"))).isNull();
  }

  @Test
  void inTheTemplateImage_theOptionsATemplateCanCarryAreAccepted() {
    String[] args = {"--tenant=acme", "--clientId=c",
        "--clientSecretName=projects/p/secrets/s", "--lookbackDays=3", "--output=gs://b/o"};

    assertThat(TemplateLaunch.refusal(args, IN_IMAGE)).isNull();
  }

  @Test
  void anOptionWhoseNameOnlyStartsLikeALocalOne_isNotRefused() {
    assertThat(TemplateLaunch.refusal(new String[] {"--pipelineUrl=gs://b/p.pb"}, IN_IMAGE))
        .isNull();
  }

  @Test
  void theRestApisAutoscalingSpelling_becomesThePipelineOptions() {
    String[] args = {"--autoscalingAlgorithm=AUTOSCALING_ALGORITHM_NONE", "--tenant=acme"};

    assertThat(TemplateLaunch.normalized(args))
        .containsExactly("--autoscalingAlgorithm=NONE", "--tenant=acme");
  }

  @Test
  void theLauncher_refusesADryRunInsideTheTemplateWithExitCode2AndOneLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Launcher launcher = new Launcher(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), IN_IMAGE, Clock.systemUTC());

    int code = launcher.run(new String[] {"--tenant=acme", "--lookbackDays=3",
        "--output=gs://b/o", "--dryRun=true"});

    assertThat(code).isEqualTo(Launcher.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8).strip().lines())
        .singleElement().asString().startsWith("error: --dryRun cannot be used in a Flex Template");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
