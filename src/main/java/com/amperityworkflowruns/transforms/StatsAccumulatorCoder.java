package com.amperityworkflowruns.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * Encodes a {@link StatsAccumulator} as seven variable-length counts, the number of durations and
 * the durations themselves (variable-length too: a duration under a day takes four bytes or less).
 */
final class StatsAccumulatorCoder extends AtomicCoder<StatsAccumulator> {
  private static final StatsAccumulatorCoder INSTANCE = new StatsAccumulatorCoder();

  private StatsAccumulatorCoder() {}

  static StatsAccumulatorCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(StatsAccumulator acc, OutputStream out) throws IOException {
    VarInt.encode(acc.runs, out);
    VarInt.encode(acc.succeeded, out);
    VarInt.encode(acc.failed, out);
    VarInt.encode(acc.canceled, out);
    VarInt.encode(acc.stopped, out);
    VarInt.encode(acc.customerErrors, out);
    VarInt.encode(acc.platformErrors, out);
    int n = acc.durationCount();
    VarInt.encode(n, out);
    for (int i = 0; i < n; i++) {
      VarInt.encode(acc.duration(i), out);
    }
  }

  @Override
  public StatsAccumulator decode(InputStream in) throws IOException {
    long runs = VarInt.decodeLong(in);
    long succeeded = VarInt.decodeLong(in);
    long failed = VarInt.decodeLong(in);
    long canceled = VarInt.decodeLong(in);
    long stopped = VarInt.decodeLong(in);
    long customer = VarInt.decodeLong(in);
    long platform = VarInt.decodeLong(in);
    int n = VarInt.decodeInt(in);
    if (n < 0) {
      throw new IOException("negative duration count " + n);
    }
    long[] durations = new long[Math.max(n, 1)];
    for (int i = 0; i < n; i++) {
      durations[i] = VarInt.decodeLong(in);
    }
    StatsAccumulator acc = new StatsAccumulator(durations, n);
    acc.runs = runs;
    acc.succeeded = succeeded;
    acc.failed = failed;
    acc.canceled = canceled;
    acc.stopped = stopped;
    acc.customerErrors = customer;
    acc.platformErrors = platform;
    return acc;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return false;
  }

}
