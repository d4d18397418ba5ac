package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.TableReference;
import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A BigQuery dataset named {@code PROJECT:DATASET}, the value of {@code --bigqueryDataset}. */
public final class DatasetRef implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The accepted form: a project id (6-30 lowercase letters, digits and hyphens, starting with a
   * letter, optionally domain-scoped as {@code example.com:project}), a colon, a dataset id
   * (letters, digits, underscores). The Flex Template metadata uses the same expression.
   */
  public static final String FORMAT =
      "^((?:[a-z][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9]):([A-Za-z0-9_]{1,1024})$";

  private static final Pattern PATTERN = Pattern.compile(FORMAT);

  public final String project;
  public final String dataset;

  private DatasetRef(String project, String dataset) {
    this.project = project;
    this.dataset = dataset;
  }

  /**
   * Parses {@code PROJECT:DATASET}.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static DatasetRef parse(String value) {
    Matcher m = value == null ? null : PATTERN.matcher(value.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "--bigqueryDataset=" + value + " is not PROJECT:DATASET (e.g. my-project:amperity_runs;"
              + " a project id is 6-30 lowercase letters, digits or hyphens, a dataset id letters,"
              + " digits or underscores)");
    }
    return new DatasetRef(m.group(1), m.group(2));
  }

  /** The table {@code name} in this dataset. */
  public TableReference table(String name) {
    return new TableReference().setProjectId(project).setDatasetId(dataset).setTableId(name);
  }

  /** {@code `project.dataset.table`}, quoted for GoogleSQL. */
  public String sqlName(String table) {
    return "`" + project + "." + dataset + "." + table + "`";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatasetRef
        && ((DatasetRef) o).project.equals(project)
        && ((DatasetRef) o).dataset.equals(dataset);
  }

  @Override
  public int hashCode() {
    return project.hashCode() * 31 + dataset.hashCode();
  }

  @Override
  public String toString() {
    return project + ":" + dataset;
  }
}
