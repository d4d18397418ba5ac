package com.amperityworkflowruns.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.launcher.TemplateLaunch;
import com.amperityworkflowruns.model.TimeRanges;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Flex Template files agree with the code: {@code metadata.json} has one parameter per option
 * of {@link WorkflowRunsOptions} that can work in a template (not {@link
 * TemplateLaunch#LOCAL_ONLY}), with its description as help text, no copied default and a regex
 * where the format is fixed; the Dockerfile starts {@code Main} from the jar Maven builds, on a
 * base image pinned by digest; the jar binds SLF4J to java.util.logging, not slf4j-simple.
 */
class FlexTemplateTest {
  private static final Path DIR = Path.of("pipelines", "flex-template");
  private static JsonNode metadata;
  private static Map<String, JsonNode> parameters;

  @BeforeAll
  static void readMetadata() throws IOException {
    metadata = new ObjectMapper().readTree(Files.readString(DIR.resolve("metadata.json")));
    parameters = new LinkedHashMap<>();
    metadata.path("parameters").forEach(p -> parameters.put(p.path("name").asText(), p));
  }

  /** The options declared by WorkflowRunsOptions itself (not Beam's), by name. */
  private static Map<String, Method> options() {
    Map<String, Method> options = new TreeMap<>();
    for (Method m : WorkflowRunsOptions.class.getDeclaredMethods()) {
      if (m.getParameterCount() == 0 && m.getName().startsWith("get")) {
        String n = m.getName().substring(3);
        options.put(n.substring(0, 1).toLowerCase(Locale.ROOT) + n.substring(1), m);
      }
    }
    return options;
  }

  private static String regex(String name) {
    return parameters.get(name).path("regexes").path(0).asText(null);
  }

  @Test
  void metadata_hasANameADescriptionAndOneParameterPerOptionATemplateCanUseAndNoOther() {
    Map<String, Method> usable = new TreeMap<>(options());
    usable.keySet().removeAll(TemplateLaunch.LOCAL_ONLY);

    assertThat(metadata.path("name").asText()).isNotBlank();
    assertThat(metadata.path("description").asText()).isNotBlank();
    assertThat(parameters).hasSize(metadata.path("parameters").size());
    assertThat(parameters.keySet()).containsExactlyInAnyOrderElementsOf(usable.keySet());
  }

  @Test
  void metadata_offersNoOptionThatCannotWorkInATemplate_andEachOfThoseIsARealOption() {
    assertThat(parameters.keySet()).doesNotContainAnyElementsOf(TemplateLaunch.LOCAL_ONLY);
    assertThat(options().keySet()).containsAll(TemplateLaunch.LOCAL_ONLY);
    assertThat(TemplateLaunch.LOCAL_ONLY).contains("pipeline", "dryRun", "embeddedSimulator",
        "tokenFile", "clientSecretFile");
    assertThat(options().keySet().stream().filter(n -> n.startsWith("simulator")))
        .isNotEmpty().allMatch(TemplateLaunch.LOCAL_ONLY::contains);
  }

  @Test
  void everyParameter_hasALabelTheOptionsDescriptionAsHelpTextAndIsOptional() {
    parameters.forEach((name, p) -> {
      Method getter = options().get(name);
      assertThat(p.path("label").asText()).as(name + " label").isNotBlank();
      assertThat(p.path("helpText").asText()).as(name + " helpText")
          .isEqualTo(getter.getAnnotation(Description.class).value());
      assertThat(p.path("isOptional").isBoolean()).as(name + " isOptional").isTrue();
    });
    assertThat(parameters.get("tenant").path("isOptional").asBoolean()).isFalse();
  }

  /**
   * No parameter copies a default: an absent parameter leaves the option's own default (from its
   * annotation) in force, and the help text, the option's description, names it.
   */
  @Test
  void noParameter_copiesTheCodesDefault_theHelpTextNamesItInstead() {
    parameters.forEach((name, p) -> {
      assertThat(p.has("defaultValue")).as(name + " has a defaultValue").isFalse();
      String code = defaultOf(options().get(name));
      if (code != null) {
        assertThat(p.path("helpText").asText()).as(name + " helpText names the default")
            .contains("Default: " + code);
      }
    });
  }

  private static String defaultOf(Method getter) {
    if (getter.getAnnotation(Default.String.class) != null) {
      return getter.getAnnotation(Default.String.class).value();
    }
    if (getter.getAnnotation(Default.Integer.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Integer.class).value());
    }
    if (getter.getAnnotation(Default.Boolean.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Boolean.class).value());
    }
    if (getter.getAnnotation(Default.Double.class) != null) {
      double d = getter.getAnnotation(Default.Double.class).value();
      return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
    return null;
  }

  @Test
  void everyRegex_compilesAndAcceptsTheOptionsDefault() {
    parameters.forEach((name, p) -> p.path("regexes").forEach(r -> {
      Pattern pattern = Pattern.compile(r.asText());
      String code = defaultOf(options().get(name));
      if (code != null) {
        assertThat(pattern.matcher(code).matches()).as(name + " default matches its regex")
            .isTrue();
      }
    }));
  }

  @Test
  void fixedFormats_haveRegexesThatAgreeWithTheCode() {
    assertThat(regex("bigqueryDataset")).isEqualTo(DatasetRef.FORMAT);
    for (String date : new String[] {"2024-01-01", "2024-01-01T05:00:00Z", "2024-01-01T05:00"}) {
      assertThat(date).matches(regex("createdFrom")).matches(regex("createdTo"));
      assertThat(TimeRanges.parse(date)).isNotNull();
    }
    assertThat("next tuesday").doesNotMatch(regex("createdFrom"));
    for (String d : new String[] {"P7D", "PT6H", "P1DT12H", "PT30M"}) {
      assertThat(d).matches(regex("shardDuration"));
      assertThat(Duration.parse(d)).isPositive();
    }
    assertThat("7 days").doesNotMatch(regex("shardDuration"));
    assertThat("gs://my-bucket/amperity/runs").matches(regex("output"));
    assertThat("./out").doesNotMatch(regex("output"));
    assertThat("bigquery").matches(regex("format"));
    assertThat("csv").doesNotMatch(regex("format"));
    assertThat(regex("lookbackDays")).isNotNull();
    for (String name : new String[] {"clientSecretName", "tokenSecretName"}) {
      for (String ok : new String[] {"projects/acme-prod/secrets/amperity-client-secret",
          "projects/123456/secrets/s_1/versions/7", "projects/acme-prod/secrets/s/versions/latest"}) {
        assertThat(ok).matches(regex(name));
        assertThat(SecretName.parse("--" + name, ok)).isNotNull();
      }
      for (String bad : new String[] {"amperity-client-secret", "projects/acme-prod/secrets/s/v/1",
          "projects/acme-prod/secrets/s/versions/0"}) {
        assertThat(bad).doesNotMatch(regex(name));
        assertThatThrownBy(() -> SecretName.parse("--" + name, bad))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void dockerfile_startsMainFromTheShadedJarOnTheJava17LauncherBase() throws Exception {
    String docker = Files.readString(DIR.resolve("Dockerfile"));
    String pom = Files.readString(Path.of("pom.xml"));

    assertThat(docker).containsPattern("(?m)^FROM gcr\\.io/dataflow-templates-base/"
        + "java17-template-launcher-base@\\$\\{LAUNCHER_BASE_DIGEST\\}$");
    String mainClass = env(docker, "FLEX_TEMPLATE_JAVA_MAIN_CLASS");
    assertThat(Class.forName(mainClass).getMethod("main", String[].class)).isNotNull();
    Matcher copy = Pattern.compile("(?m)^COPY (\\S+) (\\S+)$").matcher(docker);
    assertThat(copy.find()).as("a COPY of the jar").isTrue();
    assertThat(copy.group(1)).isEqualTo("target/amperity-workflow-runs.jar");
    assertThat(pom).contains("<finalName>amperity-workflow-runs</finalName>");
    assertThat(env(docker, "FLEX_TEMPLATE_JAVA_CLASSPATH")).isEqualTo(copy.group(2));
  }

  @Test
  void theLauncherBase_isPinnedByADigestNotATag() throws IOException {
    String docker = Files.readString(DIR.resolve("Dockerfile"));

    Matcher digest =
        Pattern.compile("(?m)^ARG LAUNCHER_BASE_DIGEST=(\\S+)$").matcher(docker);

    assertThat(digest.find()).as("ARG LAUNCHER_BASE_DIGEST=...").isTrue();
    // A real sha256 digest, or the placeholder that makes `docker build` stop until one is
    // recorded (docs/dataflow.md, "First real run"); never a tag such as :latest.
    assertThat(digest.group(1))
        .matches("sha256:([0-9a-f]{64}|REPLACE_WITH_THE_DIGEST_FROM_FIRST_REAL_RUN_STEP_1)");
    assertThat(docker).doesNotContainPattern("(?m)^FROM \\S+:[\\w.-]+(\\s|$)");
  }

  @Test
  void theShadedJar_bindsSlf4jToJavaUtilLogging_andKeepsSlf4jSimpleForTheTests()
      throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));

    assertThat(pom).containsPattern("(?s)<artifactId>slf4j-jdk14</artifactId>\\s*"
        + "<version>[^<]+</version>\\s*<scope>runtime</scope>");
    assertThat(pom).containsPattern("(?s)<artifactId>slf4j-simple</artifactId>\\s*"
        + "<version>[^<]+</version>\\s*<scope>test</scope>");
    assertThat(Path.of("src/main/resources/simplelogger.properties")).doesNotExist();
  }

  /**
   * Every {@code gcloud dataflow flex-template run} in a shell block of the docs stages in the
   * job's staging location, runs a fixed pool and passes only parameters the template offers.
   */
  @Test
  void everyDocumentedTemplateRun_setsTheStagingLocationAFixedPoolAndKnownParameters()
      throws IOException {
    int commands = 0;
    for (Path doc : new Path[] {Path.of("docs/dataflow.md"), Path.of("README.md"),
        Path.of("docs/options.md"), Path.of("docs/output.md"), Path.of("docs/stream.md"),
        Path.of("docs/reliability.md"), Path.of("docs/benchmark.md")}) {
      Matcher block = Pattern.compile("(?s)```sh\\n(.*?)```").matcher(Files.readString(doc));
      while (block.find()) {
        Matcher run = Pattern.compile("gcloud dataflow flex-template run (?:\\\\\\n|[^\\n])*")
            .matcher(block.group(1));
        while (run.find()) {
          commands++;
          String command = run.group().replace("\\\n", " ");

          assertThat(command).as(doc + ": " + command)
              .containsPattern("--staging-location \\S+").containsPattern("--temp-location \\S+");
          Matcher num = Pattern.compile("--num-workers (\\d+)").matcher(command);
          Matcher max = Pattern.compile("--max-workers (\\d+)").matcher(command);
          assertThat(num.find() && max.find()).as(doc + ": both pool flags").isTrue();
          assertThat(num.group(1)).as(doc + ": a fixed pool").isEqualTo(max.group(1));
          Matcher params = Pattern.compile("--parameters \"([^\"]*)\"").matcher(command);
          assertThat(params.find()).as(doc + ": --parameters").isTrue();
          for (String pair : params.group(1).split(",")) {
            assertThat(parameters).as(doc + ": a parameter of metadata.json")
                .containsKey(pair.substring(0, pair.indexOf('=')));
          }
        }
      }
    }
    assertThat(commands).as("documented template runs").isPositive();
  }

  /** The value of {@code ENV name="value"}, with {@code ${WORKDIR}} expanded from its ARG. */
  private static String env(String docker, String name) {
    Matcher m = Pattern.compile("(?m)^ENV " + name + "=\"([^\"]+)\"$").matcher(docker);
    assertThat(m.find()).as("ENV " + name).isTrue();
    Matcher arg = Pattern.compile("(?m)^ARG WORKDIR=(\\S+)$").matcher(docker);
    String workdir = arg.find() ? arg.group(1) : "";
    return m.group(1).replace("${WORKDIR}", workdir);
  }
}
