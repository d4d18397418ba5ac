package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.Days;
import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.Table;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fakes refuse what BigQuery documents it refuses, so that a test passing against them says
 * something about BigQuery: a parameter that is not declared or NULL, DDL inside a transaction,
 * more than four clustering columns. And the product's own SQL passes.
 */
class BigQueryRulesTest {
  private static final DatasetRef DATASET = DatasetRef.parse("my-project:runs");
  private static final Map<String, String> ACME = Map.of("tenant", "acme");

  @Test
  void aReferencedParameterThatIsNotDeclared_isRefused() {
    String problem = BigQueryRules.queryProblem(
        "SELECT COUNT(*) FROM `p.d.t` WHERE tenant = @tenant", null, Map.of());

    assertThat(problem).isEqualTo("Query parameter 'tenant' not found");
  }

  @Test
  void aNullParameterValue_isRefused() {
    Map<String, String> nullTenant = new HashMap<>();
    nullTenant.put("tenant", null);

    assertThat(BigQueryRules.queryProblem("SELECT @tenant", "NAMED", nullTenant))
        .contains("NULL");
  }

  @Test
  void anAtSignInAStringLiteralOrASystemVariable_isNoParameter() {
    assertThat(BigQueryRules.queryProblem(
        "SELECT 'me@example.com'; RAISE USING MESSAGE = @@error.message", null, Map.of()))
        .isNull();
  }

  @Test
  void ddlOnAPermanentTableInsideATransaction_isRefused_butBeforeItIsAccepted() {
    String alterInside = ReplaceSql.transaction(
        "  ALTER TABLE `p.d.t` ADD COLUMN IF NOT EXISTS tenant STRING;\n");
    String alterBefore = "ALTER TABLE `p.d.t` ADD COLUMN IF NOT EXISTS tenant STRING;\n"
        + ReplaceSql.transaction("  UPDATE `p.d.t` SET tenant = @tenant WHERE tenant IS NULL;\n");

    assertThat(BigQueryRules.queryProblem(alterInside, null, Map.of()))
        .startsWith("Transactions cannot use DDL");
    assertThat(BigQueryRules.queryProblem(alterBefore, "NAMED", ACME)).isNull();
  }

  @Test
  void aNestedTransaction_isRefused() {
    String nested = ReplaceSql.transaction("  BEGIN TRANSACTION;\n");

    assertThat(BigQueryRules.queryProblem(nested, null, Map.of())).contains("Nested");
  }

  @Test
  void fiveClusteringColumns_areRefused_fourAreAccepted() {
    Table t = BigQueryTables.RUNS.toTable(DATASET.table("workflow_runs"));
    List<String> four = new ArrayList<>(List.of("tenant", "type", "state", "run_id"));
    List<String> five = new ArrayList<>(four);
    five.add("name");

    assertThat(BigQueryRules.tableProblem(t.clone().setClustering(
        new Clustering().setFields(four)))).isNull();
    assertThat(BigQueryRules.tableProblem(t.clone().setClustering(
        new Clustering().setFields(five)))).startsWith("Too many clustering fields");
  }

  @Test
  void theProductsStatements_areAccepted() {
    BigQueryStaging staging = BigQueryStaging.of(DATASET, "job-1");
    Days days = Days.range(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 4))
        .plus(List.of(LocalDate.of(2023, 12, 1)));

    assertThat(List.of(
        ReplaceSql.script(staging.replacements(), days),
        ReplaceSql.rowCounts(DATASET.table("workflow_runs"), "created_date",
            LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 4)),
        TenantSql.fileUnderTenant(DATASET, BigQueryTables.all()),
        TenantSql.fileUnderTenant(DATASET, BigQueryTables.stream())))
        .allSatisfy(sql -> assertThat(BigQueryRules.queryProblem(sql, "NAMED", ACME)).isNull());
    for (TableSpec spec : BigQueryTables.all()) {
      assertThat(BigQueryRules.tableProblem(spec.toTable(DATASET.table(spec.name())))).isNull();
    }
    for (TableSpec spec : BigQueryTables.stream()) {
      assertThat(BigQueryRules.tableProblem(spec.toTable(DATASET.table(spec.name())))).isNull();
    }
  }
}
