package com.amperityworkflowruns.check;

import org.checkerframework.checker.nullness.qual.Nullable;

/** The result of one check: its status, what it found and, when it failed, the fix. */
public record Check(String name, Status status, String found, @Nullable String fix) {
  /** How a check ended. */
  public enum Status {
    OK("ok"),
    FAIL("FAIL"),
    SKIPPED("skipped");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /** The word printed at the start of the check's line. */
    public String label() {
      return label;
    }
  }

  /** A check that passed. */
  public static Check ok(String name, String found) {
    return new Check(name, Status.OK, found, null);
  }

  /** A check that failed, with the fix. */
  public static Check fail(String name, String found, String fix) {
    return new Check(name, Status.FAIL, found, fix);
  }

  /** A check that did not run, with the reason. */
  public static Check skipped(String name, String reason) {
    return new Check(name, Status.SKIPPED, reason, null);
  }

  /** The check's one line: "ok       tenant         acme accepted", a FAIL with its fix. */
  public String line() {
    String text = (found + (fix == null ? "" : " -- fix: " + fix)).replaceAll("\\s*\\R\\s*", " ");
    return String.format("%-8s %-19s %s", status.label(), name, text);
  }
}
