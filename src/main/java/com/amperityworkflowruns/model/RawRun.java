package com.amperityworkflowruns.model;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One element of a page's {@code data} array, as read, before normalization. */
@DefaultSchema(JavaFieldSchema.class)
public final class RawRun implements Serializable {
  /** The run as the API returned it (compact JSON text; may be any JSON value). */
  public final String json;
  /** UTC date (YYYY-MM-DD) of the start of the time shard whose page held it. */
  public final String shardDate;

  @SchemaCreate
  public RawRun(String json, String shardDate) {
    this.json = json;
    this.shardDate = shardDate;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RawRun
        && json.equals(((RawRun) o).json)
        && shardDate.equals(((RawRun) o).shardDate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(json, shardDate);
  }

  @Override
  public String toString() {
    return "RawRun{" + shardDate + ", " + json + "}";
  }
}
