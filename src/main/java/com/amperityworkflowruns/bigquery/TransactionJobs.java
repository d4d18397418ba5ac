package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.ErrorProto;
import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobReference;
import com.google.api.services.bigquery.model.TableReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Runs a script holding one transaction as query jobs ({@link QueryJobs}), again when BigQuery
 * aborted it for a concurrent update: the aborted one changed nothing and the scripts are
 * idempotent.
 *
 * <p>Job ids. Try {@code n} of a script has the id {@code amperity_runs_tx_<digest>_<n>}, the
 * digest of the script and the tenant: a retried bundle of the publish sends the same script, so
 * it finds the tries of the bundle before it. Each try is looked up ({@code jobs.get}) before it is
 * submitted: one that exists is waited for, never started a second time, so a retried bundle never
 * starts a second transaction while the first may still run. A try that BigQuery aborted for a
 * concurrent update, or failed on its side, is followed by the next one after a pause of minutes
 * ({@link #PAUSES_MILLIS}); any other failure fails the script with BigQuery's message. A script run for the migration
 * ({@link #runOnce}) gets a random digest: running it again later must run it again.
 *
 * <p>Both conflict messages BigQuery gives are matched: "Transaction is aborted due to concurrent
 * update against table ..." (cloud.google.com/bigquery/docs/transactions) and "Could not serialize
 * access to table ... due to concurrent update" (a DML statement conflict,
 * cloud.google.com/bigquery/docs/data-manipulation-language).
 */
final class TransactionJobs {
  /** Pauses before the 2nd, 3rd ... try of an aborted transaction: 12.5 minutes in all. */
  static final long[] PAUSES_MILLIS = {30_000, 60_000, 120_000, 240_000, 300_000};
  /** Tries of a transaction that BigQuery aborts for a concurrent update every time. */
  static final int ATTEMPTS = PAUSES_MILLIS.length + 1;
  /** What both of BigQuery's conflict messages say. */
  private static final String CONFLICT = "due to concurrent update";

  private final QueryJobs queries;

  TransactionJobs(QueryJobs queries) {
    this.queries = queries;
  }

  /**
   * Runs {@code script} with ids derived from it: a second call with the same script and tenant
   * (a retried bundle) waits for the tries the first one started instead of starting its own.
   */
  void run(TableReference inDataset, String script, String tenant) throws TableStoreException {
    run(inDataset, script, tenant, digest(script, tenant), true);
  }

  /** Runs {@code script} under ids of its own (a command that a user runs again on purpose). */
  void runOnce(TableReference inDataset, String script, String tenant)
      throws TableStoreException {
    run(inDataset, script, tenant, UUID.randomUUID().toString().replace("-", ""), false);
  }

  private void run(TableReference inDataset, String script, String tenant, String digest,
      boolean lookUpFirst) throws TableStoreException {
    JobReference where = queries.reference(inDataset, null);
    for (int attempt = 1; ; attempt++) {
      JobReference ref = where.clone().setJobId(jobId(digest, attempt));
      Job existing = lookUpFirst ? queries.lookup(ref) : null;
      if (existing == null) {
        if (attempt > 1) {
          queries.calls().pause(PAUSES_MILLIS[attempt - 2]);
        }
        queries.start(ref, script, tenant);
      }
      Job done = queries.awaitDone(ref);
      ErrorProto error = done.getStatus().getErrorResult();
      if (error == null) {
        return;
      }
      if (!isRetryable(error) || attempt >= ATTEMPTS) {
        TableStoreException failed = QueryJobs.failed(ref, done);
        throw attempt < ATTEMPTS ? failed : new TableStoreException(failed.kind(),
            failed.getMessage() + " (" + ATTEMPTS + " tries over about 12 minutes, each"
                + " aborted for a concurrent update of the tables: run the job again)");
      }
    }
  }

  /**
   * Whether another try may succeed: BigQuery aborted the job for another job's change of the same
   * table, or failed it on its side ({@code backendError}, {@code internalError}: "retry",
   * cloud.google.com/bigquery/docs/error-messages). A try that failed otherwise fails the same way
   * again, and a retried bundle that finds it fails with its message at once.
   */
  static boolean isRetryable(ErrorProto error) {
    return error.getMessage() != null && error.getMessage().contains(CONFLICT)
        || "backendError".equals(error.getReason()) || "internalError".equals(error.getReason());
  }

  /** The id of try {@code attempt} (1, 2, ...) of the script with {@code digest}. */
  static String jobId(String digest, int attempt) {
    return "amperity_runs_tx_" + digest + "_" + attempt;
  }

  /** 32 hex digits of the SHA-256 of the script and the tenant. */
  static String digest(String script, String tenant) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest((tenant + "\n" + script).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
