package com.amperityworkflowruns.simulator;

import com.amperityworkflowruns.simulator.SimRun.Principal;
import java.util.List;

/** The fixed vocabulary of the synthetic tenant: workflow types, names, people and errors. */
final class RunCatalog {
  private RunCatalog() {}

  /** A workflow type with its share of runs, outcome rates and duration distribution. */
  record TypeProfile(
      String type,
      double weight,
      double failRate,
      double cancelRate,
      double medianSeconds,
      double sigma,
      List<String> names) {}

  static final List<TypeProfile> TYPES =
      List.of(
          new TypeProfile("amperity.orchestration.orchestration/run", 0.30, 0.06, 0.02, 1200, 0.6,
              List.of("Nightly orchestration 🌙", "Daily refresh", "每日刷新",
                  "Réconciliation des clients", "Weekly — full rebuild")),
          new TypeProfile("amperity.courier.courier-group/run", 0.35, 0.03, 0.01, 480, 0.8,
              List.of("Courier group: POS ☕", "Kurier-Gruppe Ñandú", "顧客データ取り込み",
                  "Courier group: e-commerce")),
          new TypeProfile("amperity.ingest.ingest/run", 0.20, 0.08, 0.01, 180, 1.0,
              List.of("Ingest: Shopify orders", "Ingest: Salesforce 📦", "Ingest café_données")),
          new TypeProfile("amperity.campaign.campaign-send/run", 0.12, 0.05, 0.03, 120, 0.7,
              List.of("Campaign: Spring Sale 🌸", "Campagne été", "キャンペーン配信",
                  "Campaign: \"VIP\" win-back")),
          new TypeProfile("amperity.privacy.ccpa-delete/run", 0.03, 0.12, 0.02, 2700, 0.5,
              List.of("CCPA delete request", "Privacy: supprimer données")));

  static final Principal AUTOMATED = new Principal("automated", "Automated workflow", "");

  static final List<Principal> PEOPLE =
      List.of(
          new Principal("usr-1001", "Ana García", "ana.garcia@acme.example"),
          new Principal("usr-1002", "Zoë Müller", ""),
          new Principal("usr-1003", "李雷", "li.lei@acme.example"),
          new Principal("usr-1004", "Jean-Luc O'Brien", ""),
          new Principal("usr-1005", "Søren Kjær", "soren@acme.example"),
          new Principal("usr-1006", "Ngozi Okonkwo 👩🏾‍💻", ""));

  /** An error kind: attribution, type and message (some with newlines). */
  record ErrorKind(String attribution, String type, String message) {}

  static final List<ErrorKind> FAILURES =
      List.of(
          new ErrorKind("customer", "invalid-source-data",
              "Source file orders_2024.csv has 3 rows with an invalid date in column \"order_date\"."),
          new ErrorKind("customer", "missing-credentials",
              "Courier could not authenticate to s3://acme-landing/: access denied"),
          new ErrorKind("platform", "internal-error",
              "An internal error occurred.\nPlease contact support with the request id."),
          new ErrorKind("platform", "timeout", "Task exceeded its time limit of 4h"),
          new ErrorKind("customer", "query-error",
              "Query \"Customer 360 – ÉTÉ\" failed:\n  column \"email\" does not exist\n  at line 3"));

  static final ErrorKind CANCELED_BY_USER =
      new ErrorKind("customer", "canceled", "Canceled by a user before completion.");

  /** Hours at which scheduled workflows start (UTC). */
  static final int[] SCHEDULE_HOURS = {2, 4, 6, 8, 12, 14, 18, 22};

  static final String[] OPEN_STATES = {
    "In progress", "in-progress", "Running with failures", "Scheduled", "Started", "Stopping",
    "Paused"
  };
  static final double[] OPEN_STATE_WEIGHTS = {0.30, 0.15, 0.10, 0.15, 0.15, 0.10, 0.05};

  static final String[] SUCCEEDED = {"Succeeded", "succeeded", "SUCCEEDED"};
  static final double[] SUCCEEDED_WEIGHTS = {0.60, 0.35, 0.05};
  static final String[] FAILED = {"Failed", "failed"};
  static final double[] FAILED_WEIGHTS = {0.6, 0.4};
  static final String[] CANCELED = {"Canceled", "canceled", "Cancelled"};
  static final double[] CANCELED_WEIGHTS = {0.5, 0.35, 0.15};
}
