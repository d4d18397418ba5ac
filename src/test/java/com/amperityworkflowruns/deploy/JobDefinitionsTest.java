package com.amperityworkflowruns.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployment files agree with the code: job definitions in {@code pipelines/} use only real
 * option names, and the Terraform in {@code terraform/} declares exactly the variables it uses and
 * reads the nightly definition instead of repeating it.
 */
class JobDefinitionsTest {
  private static final Path PIPELINES = Path.of("pipelines");
  private static final Path TERRAFORM = Path.of("terraform");
  private static final Path NIGHTLY = PIPELINES.resolve("nightly.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern VAR_USE = Pattern.compile("\\bvar\\.([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern VAR_DECLARATION =
      Pattern.compile("(?m)^\\s*variable\\s+\"([^\"]+)\"");
  /** An entry of the {@code overrides} map in main.tf: {@code optionName = ... var.name ...}. */
  private static final Pattern OVERRIDE =
      Pattern.compile("(?m)^\\s*([A-Za-z]+)\\s*=.*\\bvar\\.([a-z_]+)");

  static Stream<Path> definitions() throws IOException {
    try (Stream<Path> files = Files.list(PIPELINES)) {
      List<Path> yaml =
          files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).extracting(p -> p.getFileName().toString())
          .contains("demo.yaml", "backfill.yaml", "nightly.yaml");
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("definitions")
  void everyDefinition_hasAnOptionsMap(Path file) throws IOException {
    JsonNode root = YAML.readTree(Files.readString(file));

    assertThat(root).as(file + " parses as a YAML map").isNotNull();
    assertThat(root.isObject()).as(file + " is a YAML map").isTrue();
    assertThat(root.get("options")).as(file + " has options:").isNotNull();
    assertThat(root.get("options").isObject()).as(file + " options: is a map").isTrue();
    assertThat(root.get("options").size()).as(file + " options: is not empty").isPositive();
  }

  @ParameterizedTest
  @MethodSource("definitions")
  void everyOptionKey_isAPropertyOfTheJobOrDataflowOptions(Path file) throws IOException {
    Set<String> known = optionNames();

    assertThat(options(file).keySet()).as("options of " + file).isSubsetOf(known);
  }

  @ParameterizedTest
  @MethodSource("definitions")
  void everyDefinition_parsesAsPipelineOptionsOfTheRightTypes(Path file) throws IOException {
    List<String> args = new ArrayList<>();
    options(file).forEach((name, value) -> args.add("--" + name + "=" + value));
    PipelineOptionsFactory.register(WorkflowRunsOptions.class);

    // Parsing converts each value to its property's type; the runner is never constructed.
    WorkflowRunsOptions parsed =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(WorkflowRunsOptions.class);

    assertThat(parsed.getTenant()).as(file + " tenant").isNotBlank();
    assertThat(parsed.getOutput()).as(file + " output").isNotBlank();
  }

  @Test
  void dataflowDefinitions_setMaxNumWorkersAndKeepTheSecretOutOfOptions() throws IOException {
    for (String name :
        List.of("backfill.yaml", "nightly.yaml", "stream.yaml", "stream-bigquery.yaml")) {
      Map<String, String> options = options(PIPELINES.resolve(name));

      assertThat(options).as(name).containsEntry("runner", "DataflowRunner");
      assertThat(Integer.parseInt(options.get("maxNumWorkers"))).as(name).isPositive();
      assertThat(options.get("output")).as(name).startsWith("gs://");
      assertThat(options).as(name).containsKeys("clientId", "clientSecretName")
          .doesNotContainKeys("tokenFile", "clientSecretFile");
      assertThat(options.get("clientSecretName")).as(name)
          .matches("projects/[A-Za-z0-9_-]+/secrets/[A-Za-z0-9_-]+");
    }
  }

  @Test
  void streamDefinitionsOnDataflow_runOnRunnerV2WithStreamingEngine() throws IOException {
    for (String name : List.of("stream.yaml", "stream-bigquery.yaml")) {
      Map<String, String> options = options(PIPELINES.resolve(name));

      assertThat(options).as(name).containsEntry("streaming", "true")
          .containsEntry("enableStreamingEngine", "true");
      assertThat(List.of(options.get("experiments").split(","))).as(name)
          .contains("use_runner_v2").doesNotContain("disable_runner_v2");
    }
  }

  @Test
  void nightly_readsALookbackWindowNotAFixedRange() throws IOException {
    Map<String, String> options = options(NIGHTLY);

    assertThat(options).containsKey("lookbackDays")
        .doesNotContainKeys("createdFrom", "createdTo");
    assertThat(Integer.parseInt(options.get("lookbackDays"))).isPositive();
  }

  @Test
  void nightly_hasTheScheduleTerraformReads() throws IOException {
    JsonNode root = YAML.readTree(Files.readString(NIGHTLY));

    assertThat(root.path("schedule").asText()).isEqualTo("0 3 * * *");
    assertThat(root.path("time_zone").asText()).isEqualTo("Etc/UTC");
    assertThat(root.path("description").asText()).isNotBlank();
  }

  @Test
  void terraform_readsTheNightlyDefinition() throws IOException {
    assertThat(terraformText())
        .contains("yamldecode(file(\"${path.module}/../pipelines/nightly.yaml\"))");
  }

  @Test
  void everyVariableUsed_isDeclared() throws IOException {
    String text = terraformText();

    assertThat(matches(VAR_USE, text)).isNotEmpty().isSubsetOf(matches(VAR_DECLARATION, text));
  }

  @Test
  void everyVariableDeclared_isUsed() throws IOException {
    String text = terraformText();

    assertThat(matches(VAR_DECLARATION, text)).isNotEmpty().isSubsetOf(matches(VAR_USE, text));
  }

  @Test
  void overrideVariables_areNamedAfterTheOptionsTheyOverride() throws IOException {
    String main = withoutComments(Files.readString(TERRAFORM.resolve("main.tf")));
    int start = main.indexOf("overrides = {");
    String block = main.substring(start, main.indexOf('}', start));
    Set<String> known = optionNames();

    Matcher m = OVERRIDE.matcher(block.substring(block.indexOf('{') + 1));
    int count = 0;
    while (m.find()) {
      count++;
      assertThat(known).as("option overridden by var." + m.group(2)).contains(m.group(1));
      assertThat(m.group(2)).as("variable overriding " + m.group(1))
          .isEqualTo(snakeCase(m.group(1)));
    }
    assertThat(count).as("entries of the overrides map").isGreaterThanOrEqualTo(3);
  }

  /** Properties of the job's options and Dataflow's (which extend Beam's and GCP's). */
  private static Set<String> optionNames() {
    Set<String> names = new TreeSet<>();
    for (Class<?> type : List.of(WorkflowRunsOptions.class, DataflowPipelineOptions.class)) {
      for (Method method : type.getMethods()) {
        String n = method.getName();
        if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())) {
          continue;
        }
        if (n.startsWith("get") && n.length() > 3) {
          names.add(decapitalize(n.substring(3)));
        } else if (n.startsWith("is") && n.length() > 2
            && method.getReturnType() == boolean.class) {
          names.add(decapitalize(n.substring(2)));
        }
      }
    }
    return names;
  }

  /** The {@code options:} of a definition as strings, the way the launcher reads them. */
  private static Map<String, String> options(Path file) throws IOException {
    JsonNode options = YAML.readTree(Files.readString(file)).get("options");
    Map<String, String> result = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      result.put(e.getKey(), e.getValue().asText());
    }
    return result;
  }

  private static String terraformText() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(TERRAFORM)) {
      for (Path tf : files.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
        all.append(withoutComments(Files.readString(tf))).append('\n');
      }
    }
    assertThat(all).as("terraform/*.tf").isNotEmpty();
    return all.toString();
  }

  /** Drops {@code #} and {@code //} comments (none of these files has either inside a string). */
  private static String withoutComments(String hcl) {
    return hcl.replaceAll("(?m)\\s*(#|//).*$", "");
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static String decapitalize(String s) {
    return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }
}
