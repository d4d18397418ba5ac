package com.amperityworkflowruns.sink;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;

/**
 * Reads and writes Parquet files outside a pipeline, through Beam's {@code FileSystems} (local,
 * {@code gs://}, the tests' {@code mem://}), for the migration of an output to the per-tenant
 * layout: whether a file's {@code tenant} column already holds one tenant, and a copy of a file in
 * a new schema with {@code tenant} set.
 */
final class ParquetRewrite {
  private ParquetRewrite() {}

  /**
   * Whether every row of {@code path} has {@code tenant} in its {@code tenant} column: from the
   * footer's column statistics (min = max = tenant, no nulls), reading the rows only when a row
   * group has none.
   */
  static boolean tenantColumnIs(String path, String tenant) throws IOException {
    boolean known = true;
    for (BlockMetaData block : ParquetFileReader.readFooter(
        new ParquetRowCounts.BeamInputFile(path), ParquetMetadataConverter.NO_FILTER).getBlocks()) {
      if (block.getRowCount() == 0) {
        continue;
      }
      ColumnChunkMetaData column = block.getColumns().stream()
          .filter(c -> c.getPath().toDotString().equals(AvroSchemas.TENANT))
          .findFirst().orElse(null);
      if (column == null) {
        return false;
      }
      Statistics<?> s = column.getStatistics();
      if (s == null || s.isEmpty() || !s.isNumNullsSet()) {
        known = false;
        continue;
      }
      if (s.getNumNulls() > 0 || !s.hasNonNullValue()
          || !tenant.equals(utf8(s.genericGetMin())) || !tenant.equals(utf8(s.genericGetMax()))) {
        return false;
      }
    }
    return known || tenantsIn(path).equals(Set.of(tenant));
  }

  /**
   * The one value of the {@code tenant} column of {@code path} by its footer's statistics (every
   * row group min = max, no nulls), or null when it has none, several, or no statistics.
   */
  static String onlyTenant(String path) throws IOException {
    String only = null;
    for (BlockMetaData block : ParquetFileReader.readFooter(
        new ParquetRowCounts.BeamInputFile(path), ParquetMetadataConverter.NO_FILTER).getBlocks()) {
      if (block.getRowCount() == 0) {
        continue;
      }
      ColumnChunkMetaData column = block.getColumns().stream()
          .filter(c -> c.getPath().toDotString().equals(AvroSchemas.TENANT))
          .findFirst().orElse(null);
      Statistics<?> s = column == null ? null : column.getStatistics();
      if (s == null || s.isEmpty() || !s.isNumNullsSet() || s.getNumNulls() > 0
          || !s.hasNonNullValue()) {
        return null;
      }
      String min = utf8(s.genericGetMin());
      if (min == null || !min.equals(utf8(s.genericGetMax()))
          || (only != null && !only.equals(min))) {
        return null;
      }
      only = min;
    }
    return only;
  }

  private static String utf8(Object value) {
    return value instanceof Binary ? ((Binary) value).toStringUsingUTF8() : null;
  }

  /** The distinct values of the {@code tenant} column of {@code path} ("null" for a null). */
  static Set<String> tenantsIn(String path) throws IOException {
    Set<String> tenants = new TreeSet<>();
    try (ParquetReader<GenericRecord> reader = reader(path)) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        tenants.add(String.valueOf(r.get(AvroSchemas.TENANT)));
      }
    }
    return tenants;
  }

  /**
   * Writes every row of {@code from} to {@code to} in {@code schema} (Snappy): each column copied
   * by name (a column the old file lacks is null), {@code tenant} set to {@code tenant}. Returns
   * the distinct tenant values the rows had before ("null" for none).
   */
  static Set<String> rewrite(String from, String to, Schema schema, String tenant)
      throws IOException {
    Set<String> before = new TreeSet<>();
    ParquetIO.Sink sink = ParquetIO.sink(schema).withCompressionCodec(CompressionCodecName.SNAPPY);
    try (ParquetReader<GenericRecord> reader = reader(from);
        WritableByteChannel channel = FileSystems.create(
            FileSystems.matchNewResource(to, false), MimeTypes.BINARY)) {
      sink.open(channel);
      for (GenericRecord old = reader.read(); old != null; old = reader.read()) {
        boolean had = old.getSchema().getField(AvroSchemas.TENANT) != null;
        before.add(had ? String.valueOf(old.get(AvroSchemas.TENANT)) : "null");
        sink.write(withTenant(old, schema, tenant));
      }
      sink.flush();
    }
    return before;
  }

  /** {@code old} in {@code schema}: each field copied by name, {@code tenant} set. */
  static GenericRecord withTenant(GenericRecord old, Schema schema, String tenant) {
    GenericRecord g = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      if (f.name().equals(AvroSchemas.TENANT)) {
        g.put(f.pos(), tenant);
      } else if (old.getSchema().getField(f.name()) != null) {
        g.put(f.pos(), old.get(f.name()));
      }
    }
    return g;
  }

  /** A reader of {@code path}'s rows as generic records, logical types as their raw values. */
  private static ParquetReader<GenericRecord> reader(String path) throws IOException {
    return AvroParquetReader.<GenericRecord>builder(new ParquetRowCounts.BeamInputFile(path))
        .withDataModel(GenericData.get())
        .build();
  }
}
