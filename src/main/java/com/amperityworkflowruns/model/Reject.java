package com.amperityworkflowruns.model;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A record the API returned that could not be normalized: the row type of {@code rejects}. */
@DefaultSchema(JavaFieldSchema.class)
public final class Reject implements Serializable {
  /** The run's {@code id} when it had one. */
  public final @Nullable String runId;
  /** Why it was rejected, e.g. {@code "missing id"} or {@code "unparseable created_at: 'x'"}. */
  public final String reason;
  /** The record as the API returned it. */
  public final String rawJson;
  /**
   * UTC date (YYYY-MM-DD) the reject is filed under: that of its {@code created_at} when it
   * parses, else {@link #UNDATED}. Output is replaced per day, so dated rejects go with their
   * day; an undated one cannot be placed in time and is kept by its id instead.
   */
  public final String createdDate;

  /**
   * The {@link #createdDate} of a record without a parseable {@code created_at}: filed under
   * {@code rejects/undated-{key}.parquet}, one file per record id, which a later job replaces
   * instead of adding a second copy (the day of the shard that returned it depends on the job's
   * shard layout, so it is no day at all).
   */
  public static final String UNDATED = "undated";

  @SchemaCreate
  public Reject(@Nullable String runId, String reason, String rawJson, String createdDate) {
    this.runId = runId;
    this.reason = reason;
    this.rawJson = rawJson;
    this.createdDate = createdDate;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Reject)) {
      return false;
    }
    Reject r = (Reject) o;
    return Objects.equals(runId, r.runId)
        && reason.equals(r.reason)
        && rawJson.equals(r.rawJson)
        && createdDate.equals(r.createdDate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runId, reason, rawJson, createdDate);
  }

  @Override
  public String toString() {
    return "Reject{" + runId + ": " + reason + "}";
  }
}
