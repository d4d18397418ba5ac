package com.amperityworkflowruns.coders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * A coder whose bytes start with a format number, followed by the value's fields written one by
 * one in a fixed order. For the values a job keeps while it runs: restrictions of splittable DoFns,
 * state, and values shuffled between steps. On Dataflow an {@code --update} hands them to the new
 * code as bytes; Java serialization would tie those bytes to the class's shape, so that a changed
 * field leaves the updated job unable to read its own state, retrying the bundle forever.
 *
 * <p>Format {@code N} is fixed once released: a later format appends fields, raises the number and
 * still reads every earlier one ({@link #decodeFields} is given the format of the bytes). Bytes of
 * a format newer than this code knows are refused with one line naming the value and the way out.
 */
public abstract class VersionedCoder<T> extends AtomicCoder<T> {
  private static final VarIntCoder FORMAT = VarIntCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();

  private final String what;
  private final int format;

  /**
   * A coder of {@code what} (named in errors, e.g. "the stream reader's restriction") writing
   * format {@code format} and reading formats 1 to {@code format}.
   */
  protected VersionedCoder(String what, int format) {
    if (format < 1) {
      throw new IllegalArgumentException("formats start at 1, got " + format);
    }
    this.what = what;
    this.format = format;
  }

  /** The format this coder writes. */
  public final int format() {
    return format;
  }

  @Override
  public final void encode(T value, OutputStream out) throws IOException {
    FORMAT.encode(format, out);
    encodeFields(value, out);
  }

  @Override
  public final T decode(InputStream in) throws IOException {
    int written = FORMAT.decode(in);
    if (written < 1 || written > format) {
      throw new CoderException(what + " was written in format " + written + " by a newer"
          + " version of this pipeline; this one reads formats 1 to " + format + ". Run the newer"
          + " version, or stop this job and start a new one instead of updating it");
    }
    try {
      return decodeFields(written, in);
    } catch (IllegalArgumentException e) {
      throw new CoderException(what + " in format " + written + " is not valid: "
          + e.getMessage(), e);
    }
  }

  /** Writes the fields of {@code value} in this coder's format. */
  protected abstract void encodeFields(T value, OutputStream out) throws IOException;

  /** Reads the fields of a value written in format {@code format} (1 to {@link #format()}). */
  protected abstract T decodeFields(int format, InputStream in) throws IOException;

  /** Writes {@code values} one after another, each as a variable-length long. */
  protected static void writeLongs(OutputStream out, long... values) throws IOException {
    for (long v : values) {
      LONG.encode(v, out);
    }
  }

  /** Reads {@code n} longs written by {@link #writeLongs}. */
  protected static long[] readLongs(InputStream in, int n) throws IOException {
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = LONG.decode(in);
    }
    return values;
  }

  /** Fields are written in a fixed order, so equal values have equal bytes. */
  @Override
  public void verifyDeterministic() {}
}
