package com.amperityworkflowruns.bigquery.stream;

import com.amperityworkflowruns.coders.VersionedCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * The wire formats of the values the BigQuery stream shuffles and keeps in state: a window's
 * totals ({@link WindowTotals}), the barrier's signals ({@link WindowCommits.Signal}) and its
 * progress per window ({@link WindowCommits.Progress}). Each is versioned ({@link VersionedCoder}),
 * so that the state of a running job survives a Dataflow {@code --update}.
 */
final class BarrierCoders {
  private static final VarIntCoder INT = VarIntCoder.of();
  /** A window's totals, or none (written by {@link TotalsCoder}, format number included). */
  private static final NullableCoder<WindowTotals> EXPECTED = NullableCoder.of(TotalsCoder.of());

  private BarrierCoders() {}

  /** Makes these the coders of their types in {@code registry}, for any step that infers one. */
  static void register(CoderRegistry registry) {
    registry.registerCoderForClass(WindowTotals.class, TotalsCoder.of());
    registry.registerCoderForClass(WindowCommits.Signal.class, SignalCoder.of());
    registry.registerCoderForClass(WindowCommits.Progress.class, ProgressCoder.of());
  }

  /** Format 1: start, end, runs, failed runs, statistics rows, rejects, poll windows. */
  static final class TotalsCoder extends VersionedCoder<WindowTotals> {
    private static final TotalsCoder INSTANCE = new TotalsCoder();

    private TotalsCoder() {
      super("a BigQuery stream window's totals", 1);
    }

    static TotalsCoder of() {
      return INSTANCE;
    }

    @Override
    protected void encodeFields(WindowTotals t, OutputStream out) throws IOException {
      writeLongs(out, t.startMillis, t.endMillis, t.runs, t.failed, t.stats, t.rejects, t.polls);
    }

    @Override
    protected WindowTotals decodeFields(int format, InputStream in) throws IOException {
      long[] v = readLongs(in, 7);
      return new WindowTotals(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }
  }

  /** Format 1: the table of a written row (-1 for a window's totals), then the totals or none. */
  static final class SignalCoder extends VersionedCoder<WindowCommits.Signal> {
    private static final SignalCoder INSTANCE = new SignalCoder();

    private SignalCoder() {
      super("a BigQuery stream window's signal", 1);
    }

    static SignalCoder of() {
      return INSTANCE;
    }

    @Override
    protected void encodeFields(WindowCommits.Signal s, OutputStream out) throws IOException {
      INT.encode(s.table, out);
      EXPECTED.encode(s.expected, out);
    }

    @Override
    protected WindowCommits.Signal decodeFields(int format, InputStream in) throws IOException {
      int table = INT.decode(in);
      WindowTotals expected = EXPECTED.decode(in);
      if (expected != null) {
        return WindowCommits.Signal.expected(expected);
      }
      if (table < 0 || table >= WindowCommits.TABLES) {
        throw new CoderException("a written row's signal names table " + table + " of "
            + WindowCommits.TABLES);
      }
      return WindowCommits.Signal.written(table);
    }
  }

  /**
   * Format 1: the window's totals or none, the number of tables, the rows written to each, and
   * whether the window was released.
   */
  static final class ProgressCoder extends VersionedCoder<WindowCommits.Progress> {
    private static final ProgressCoder INSTANCE = new ProgressCoder();

    private ProgressCoder() {
      super("a BigQuery stream window's progress at the barrier", 1);
    }

    static ProgressCoder of() {
      return INSTANCE;
    }

    @Override
    protected void encodeFields(WindowCommits.Progress p, OutputStream out) throws IOException {
      EXPECTED.encode(p.expected, out);
      INT.encode(p.written.length, out);
      writeLongs(out, p.written);
      BooleanCoder.of().encode(p.released, out);
    }

    @Override
    protected WindowCommits.Progress decodeFields(int format, InputStream in) throws IOException {
      WindowTotals expected = EXPECTED.decode(in);
      int tables = INT.decode(in);
      if (tables != WindowCommits.TABLES) {
        throw new CoderException("a window's progress counts " + tables + " tables; this"
            + " pipeline writes " + WindowCommits.TABLES);
      }
      WindowCommits.Progress p = new WindowCommits.Progress();
      p.expected = expected;
      System.arraycopy(readLongs(in, tables), 0, p.written, 0, tables);
      p.released = BooleanCoder.of().decode(in);
      return p;
    }
  }
}
