package com.amperityworkflowruns.gcp;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of one Secret Manager secret version, {@code projects/P/secrets/S/versions/V}; a name
 * without {@code /versions/} means {@code latest}.
 *
 * <pre>{@code
 * SecretName.parse("--clientSecretName", "projects/acme-prod/secrets/amperity-client-secret")
 *     .toString();  // projects/acme-prod/secrets/amperity-client-secret/versions/latest
 * }</pre>
 */
public final class SecretName implements Serializable {
  /** The form a name must have, as error messages state it. */
  public static final String FORM =
      "projects/PROJECT/secrets/SECRET/versions/VERSION (VERSION a number or latest;"
          + " without /versions/ it is latest)";

  // Project ids are 6-30 lowercase letters, digits and hyphens (or a project number); secret ids
  // are 1-255 letters, digits, hyphens and underscores; versions are numbers or "latest".
  private static final Pattern NAME =
      Pattern.compile(
          "projects/([a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20})/secrets/([A-Za-z0-9_-]{1,255})"
              + "(?:/versions/([1-9][0-9]{0,18}|latest))?");

  private final String project;
  private final String secret;
  private final String version;

  private SecretName(String project, String secret, String version) {
    this.project = project;
    this.secret = secret;
    this.version = version;
  }

  /**
   * Parses {@code value}, the value of {@code option}.
   *
   * @throws IllegalArgumentException naming the option and the expected form
   */
  public static SecretName parse(String option, String value) {
    Matcher m = value == null ? null : NAME.matcher(value.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          option + "=" + value + " is not a Secret Manager secret version: use " + FORM);
    }
    return new SecretName(m.group(1), m.group(2), m.group(3) == null ? "latest" : m.group(3));
  }

  /** The project id or number. */
  public String project() {
    return project;
  }

  /** The secret id. */
  public String secret() {
    return secret;
  }

  /** The version: a number, or {@code latest}. */
  public String version() {
    return version;
  }

  /** The full version name, {@code projects/P/secrets/S/versions/V}. */
  @Override
  public String toString() {
    return "projects/" + project + "/secrets/" + secret + "/versions/" + version;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretName && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
