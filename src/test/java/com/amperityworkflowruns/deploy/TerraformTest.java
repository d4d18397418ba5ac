package com.amperityworkflowruns.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.TableSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks of {@code terraform/} that run without the Google provider: formatting and an HCL
 * parse of every file by {@code terraform fmt}, the {@code locals} evaluated by {@code terraform
 * console}, and the BigQuery tables read from the pipeline's schema files, not copied.
 *
 * <p>The checks that run terraform need it on the PATH. Without it they are skipped, with the
 * reason, unless {@code REQUIRE_TERRAFORM} is set, as .ci/run sets it, when they fail.
 */
class TerraformTest {
  private static final Path TERRAFORM = Path.of("terraform");
  private static final Path SCHEMAS = Path.of("src/main/resources/bigquery");

  @TempDir Path tmp;

  private static List<Path> tfFiles() throws IOException {
    try (Stream<Path> s = Files.list(TERRAFORM)) {
      return s.filter(p -> p.toString().endsWith(".tf")).sorted().toList();
    }
  }

  private static String allTerraform() throws IOException {
    StringBuilder b = new StringBuilder();
    for (Path p : tfFiles()) {
      b.append(Files.readString(p)).append('\n');
    }
    return b.toString();
  }

  /** Runs terraform offline (no CLI config, no version check); returns its exit code. */
  private int terraform(List<String> args) throws Exception {
    return terraform(args, null, null);
  }

  /** The same in {@code dir} (when not null), with {@code stdin} (when not null) as input. */
  private int terraform(List<String> args, Path dir, String stdin) throws Exception {
    Path terraform = findOnPath("terraform");
    if (System.getenv("REQUIRE_TERRAFORM") != null) {
      assertThat(terraform).as("terraform on the PATH (REQUIRE_TERRAFORM is set, as .ci/run sets it)")
          .isNotNull();
    }
    Assumptions.assumeTrue(terraform != null,
        "terraform is not on PATH: the fmt and parse checks of terraform/ need the terraform CLI"
            + " (a single binary from HashiCorp; not a Debian or npm package)");
    Path config = Files.writeString(tmp.resolve("empty.tfrc"), "");
    List<String> command = new ArrayList<>();
    command.add(terraform.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("terraform.log").toFile());
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    if (stdin != null) {
      pb.redirectInput(Files.writeString(tmp.resolve("stdin.txt"), stdin + "\n").toFile());
    }
    pb.environment().put("TF_CLI_CONFIG_FILE", config.toString());
    pb.environment().put("CHECKPOINT_DISABLE", "1");
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("terraform finished").isTrue();
    return p.exitValue();
  }

  private String log() throws IOException {
    return Files.readString(tmp.resolve("terraform.log"), StandardCharsets.UTF_8);
  }

  private static Path findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void terraformFmtCheck_findsNothingToReformat() throws Exception {
    int code = terraform(List.of("fmt", "-check", "-recursive", "-diff", TERRAFORM.toString()));

    assertThat(code).as(log()).isZero();
  }

  @Test
  void everyTfFile_parsesAsHcl() throws Exception {
    for (Path tf : tfFiles()) {
      // fmt parses the whole file: exit 2 is a syntax error, 3 only a formatting difference.
      int code = terraform(List.of("fmt", "-write=false", "-list=false", tf.toString()));

      assertThat(code).as(tf + ": " + log()).isZero();
    }
  }

  @Test
  void theParseCheck_failsOnASyntaxError() throws Exception {
    Path broken = Files.writeString(tmp.resolve("broken.tf"), "resource \"x\" \"y\" {\n  a = \n");

    int code = terraform(List.of("fmt", "-write=false", "-list=false", broken.toString()));

    assertThat(code).isEqualTo(2);
  }

  /**
   * Evaluates {@code expression} offline with {@code terraform console} over the {@code locals} of
   * every .tf file and the variables, in a copy of the files they read (no provider needed).
   */
  private JsonNode evaluate(String expression, List<String> vars) throws Exception {
    Path root = Files.createTempDirectory(tmp, "copy");
    Path tf = Files.createDirectories(root.resolve("terraform"));
    Files.createDirectories(root.resolve("pipelines"));
    Files.copy(Path.of("pipelines/nightly.yaml"), root.resolve("pipelines/nightly.yaml"));
    Path schemas = Files.createDirectories(root.resolve("src/main/resources/bigquery"));
    try (Stream<Path> s = Files.list(SCHEMAS)) {
      for (Path f : s.toList()) {
        Files.copy(f, schemas.resolve(f.getFileName()));
      }
    }
    Files.copy(TERRAFORM.resolve("variables.tf"), tf.resolve("variables.tf"));
    StringBuilder locals = new StringBuilder();
    for (Path p : tfFiles()) {
      String text = Files.readString(p);
      for (int i = text.indexOf("\nlocals {"); i >= 0; i = text.indexOf("\nlocals {", i + 1)) {
        locals.append(text, i, text.indexOf("\n}\n", i) + 3);
      }
    }
    Files.writeString(tf.resolve("locals.tf"), locals);
    List<String> args = new ArrayList<>(List.of("console", "-var", "project=my-project",
        "-var", "region=europe-west1", "-var", "template_spec=gs://b/templates/t.json"));
    vars.forEach(v -> {
      args.add("-var");
      args.add(v);
    });

    int code = terraform(args, tf, "jsonencode(" + expression + ")");

    assertThat(code).as(log()).isZero();
    String printed = log().trim();
    ObjectMapper json = new ObjectMapper();
    return json.readTree(json.readValue(printed, String.class));
  }

  @Test
  void withFormatBigquery_theLaunchGetsTheDatasetAndTheBatchAndStreamTablesAreDeclared()
      throws Exception {
    JsonNode result = evaluate("{parameters = local.parameters, tables = local.bigquery_tables}",
        List.of("format=bigquery"));

    assertThat(result.path("parameters").path("format").asText()).isEqualTo("bigquery");
    assertThat(result.path("parameters").path("bigqueryDataset").asText())
        .isEqualTo("my-project:amperity_workflow_runs");
    Set<String> tables = new TreeSet<>();
    result.path("tables").fieldNames().forEachRemaining(tables::add);
    assertThat(tables).containsExactly("finished_runs", "rejects", "rejects_stream",
        "type_stats_hourly", "workflow_runs", "workflow_type_stats");
  }

  @Test
  void theLaunchEnvironment_stagesUnderTheTempLocationOnAFixedPoolWithAutoscalingOff()
      throws Exception {
    JsonNode env = evaluate("local.launch_environment",
        List.of("temp_location=gs://my-bucket/dataflow/temp", "max_num_workers=2"));

    assertThat(env.path("stagingLocation").asText())
        .isEqualTo("gs://my-bucket/dataflow/temp/staging");
    assertThat(env.path("tempLocation").asText()).isEqualTo("gs://my-bucket/dataflow/temp");
    assertThat(env.path("numWorkers").asInt()).isEqualTo(2);
    assertThat(env.path("maxWorkers").asInt()).isEqualTo(2);
    assertThat(env.path("autoscalingAlgorithm").asText())
        .isEqualTo("AUTOSCALING_ALGORITHM_NONE");
    assertThat(env.has("subnetwork")).isFalse();
    assertThat(env.has("ipConfiguration")).isFalse();
  }

  @Test
  void withASubnetworkAndNoPublicIps_theWorkersGetPrivateIpsOnThatSubnetwork() throws Exception {
    JsonNode result = evaluate("{env = local.launch_environment, parameters = local.parameters}",
        List.of("subnetwork=regions/europe-west1/subnetworks/dataflow", "use_public_ips=false"));

    JsonNode env = result.path("env");
    assertThat(env.path("subnetwork").asText())
        .isEqualTo("regions/europe-west1/subnetworks/dataflow");
    assertThat(env.path("ipConfiguration").asText()).isEqualTo("WORKER_IP_PRIVATE");
    assertThat(result.path("parameters").has("subnetwork")).isFalse();
    assertThat(result.path("parameters").has("usePublicIps")).isFalse();
  }

  @Test
  void everyLaunchParameter_isAParameterOfTheTemplatesMetadata() throws Exception {
    Set<String> metadata = new TreeSet<>();
    new ObjectMapper().readTree(Path.of("pipelines/flex-template/metadata.json").toFile())
        .path("parameters").forEach(p -> metadata.add(p.path("name").asText()));

    for (String format : List.of("parquet", "bigquery")) {
      JsonNode parameters = evaluate("local.parameters", List.of("format=" + format));

      Set<String> names = new TreeSet<>();
      parameters.fieldNames().forEachRemaining(names::add);
      assertThat(names).as(format).isNotEmpty().isSubsetOf(metadata);
    }
  }

  @Test
  void theApisTerraformEnables_areTheOnesTheDocsEnableAndIncludeWhatTheJobCalls()
      throws Exception {
    JsonNode apis = evaluate("local.apis", List.of());
    String docs = Files.readString(Path.of("docs/dataflow.md"));
    java.util.regex.Matcher enable = java.util.regex.Pattern
        .compile("(?m)^gcloud services enable((?:\\\\\\n|[^\\n])+)").matcher(docs);

    assertThat(enable.find()).as("a `gcloud services enable` step in docs/dataflow.md").isTrue();
    Set<String> documented = new TreeSet<>(List.of(enable.group(1).replace("\\", " ").trim()
        .split("\\s+")));
    Set<String> enabled = new TreeSet<>();
    apis.forEach(a -> enabled.add(a.asText()));
    assertThat(enabled).isEqualTo(documented).contains("dataflow.googleapis.com",
        "compute.googleapis.com", "storage.googleapis.com", "logging.googleapis.com",
        "bigquerystorage.googleapis.com");
  }

  @Test
  void theJobsAccount_isAProjectViewer_asTheFlexTemplateDocumentationLists() throws IOException {
    String iam = Files.readString(TERRAFORM.resolve("iam.tf"));

    assertThat(iam).containsPattern("(?s)resource \"google_project_iam_member\""
        + " \"job_is_viewer\"[^}]*role\\s*=\\s*\"roles/viewer\""
        + "[^}]*google_service_account\\.job\\.email");
  }

  /** The batch tables and the stream tables ({@code --mode=stream}). */
  private static List<TableSpec> allTables() {
    List<TableSpec> all = new java.util.ArrayList<>(BigQueryTables.all());
    all.addAll(BigQueryTables.stream());
    return all;
  }

  @Test
  void withTheDefinitionsFormat_parquet_noDatasetAndNoTables() throws Exception {
    JsonNode result = evaluate("{parameters = local.parameters, tables = local.bigquery_tables}",
        List.of());

    assertThat(result.path("parameters").path("format").asText()).isEqualTo("parquet");
    assertThat(result.path("parameters").has("bigqueryDataset")).isFalse();
    assertThat(result.path("tables").size()).isZero();
  }

  @Test
  void theTablesSchemaExpression_yieldsTheResourceFilesColumns() throws Exception {
    String bigquery = Files.readString(TERRAFORM.resolve("bigquery.tf"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^\\s*schema\\s*=\\s*(.+)$").matcher(bigquery);
    assertThat(m.find()).as("schema = ... in bigquery.tf").isTrue();
    String schema = m.group(1).replace("each.key", "name");

    JsonNode result = evaluate(
        "{for name, layout in local.bigquery_tables : name => " + schema + "}",
        List.of("format=bigquery"));

    ObjectMapper json = new ObjectMapper();
    for (TableSpec spec : allTables()) {
      JsonNode columns = json.readTree(result.path(spec.name()).asText());
      assertThat(columns).as(spec.name())
          .isEqualTo(json.readTree(SCHEMAS.resolve(spec.name() + ".json").toFile()));
    }
  }

  @Test
  void bigQueryTables_areReadFromThePipelinesSchemaFiles() throws IOException {
    String bigquery = Files.readString(TERRAFORM.resolve("bigquery.tf"));

    assertThat(bigquery)
        .contains("bigquery_dir = \"${path.module}/../src/main/resources/bigquery\"")
        .contains("jsondecode(file(\"${local.bigquery_dir}/tables.json\"))")
        .contains("schema     = jsonencode(jsondecode(file(\"${local.bigquery_dir}/${each.key}.json\")))")
        .contains("type  = each.value.partition_type")
        .contains("field = each.value.partition_field")
        .contains("each.value.clustering");
    assertThat(TERRAFORM.resolve("../src/main/resources/bigquery").normalize())
        .isEqualTo(SCHEMAS.normalize());
    JsonNode tables = new ObjectMapper().readTree(SCHEMAS.resolve("tables.json").toFile());
    Set<String> keys = new TreeSet<>();
    tables.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrderElementsOf(
        allTables().stream().map(TableSpec::name).toList());
    keys.forEach(k -> assertThat(SCHEMAS.resolve(k + ".json")).isRegularFile());
  }

  @Test
  void noColumnOfTheSchemaFiles_isCopiedIntoTerraform() throws IOException {
    String hcl = allTerraform();

    for (TableSpec spec : allTables()) {
      for (String column : spec.columnNames()) {
        // A copied schema names its columns as `name = "x"` (HCL) or `"name": "x"` (JSON).
        assertThat(hcl).as(column)
            .doesNotContainPattern("name\"?\\s*[=:]\\s*\"" + column + "\"");
      }
    }
  }

  @Test
  void clusteringColumns_areNotListedInTerraform() throws IOException {
    String hcl = allTerraform();

    assertThat(hcl).doesNotContainPattern("clustering\\s*=\\s*\\[");
  }

  @Test
  void theJobsBigQueryAccess_isDataEditorOnTheDatasetAndJobUserOnTheProjectOnly()
      throws IOException {
    String bigquery = Files.readString(TERRAFORM.resolve("bigquery.tf"));
    String hcl = allTerraform();

    assertThat(bigquery).containsPattern("(?s)resource \"google_bigquery_dataset_iam_member\""
        + "[^}]*role\\s*=\\s*\"roles/bigquery.dataEditor\"");
    assertThat(bigquery).containsPattern("(?s)resource \"google_project_iam_member\""
        + " \"job_runs_bigquery_jobs\"[^}]*role\\s*=\\s*\"roles/bigquery.jobUser\"");
    assertThat(hcl).doesNotContain("roles/bigquery.admin").doesNotContain("roles/owner")
        .doesNotContain("roles/editor");
    assertThat(hcl).doesNotContainPattern(
        "(?s)resource \"google_project_iam_member\"[^}]*roles/bigquery.dataEditor");
    assertThat(hcl).contains("roles/secretmanager.secretAccessor");
  }
}
