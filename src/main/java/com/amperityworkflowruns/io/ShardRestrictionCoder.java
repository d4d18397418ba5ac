package com.amperityworkflowruns.io;

import com.amperityworkflowruns.coders.VersionedCoder;
import com.amperityworkflowruns.fetch.Cursor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The reader's restriction on the wire: a format version, then each cursor's fields in a fixed
 * order. Explicit rather than Java serialization, so that a Dataflow update (which re-reads
 * checkpointed residuals with the new code) does not depend on class shapes; a later version adds
 * fields after these and reads version 1 as it is ({@link VersionedCoder}).
 */
final class ShardRestrictionCoder extends VersionedCoder<ShardRestriction> {
  static final int VERSION = 1;
  private static final ShardRestrictionCoder INSTANCE = new ShardRestrictionCoder();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final NullableCoder<String> TOKEN = NullableCoder.of(StringUtf8Coder.of());
  private static final NullableCoder<Long> TOTAL = NullableCoder.of(VarLongCoder.of());

  private ShardRestrictionCoder() {
    super("the batch reader's restriction", VERSION);
  }

  static ShardRestrictionCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(ShardRestriction value, OutputStream out) throws IOException {
    INT.encode(value.cursors.size(), out);
    for (Cursor c : value.cursors) {
      LONG.encode(c.fromMicros, out);
      LONG.encode(c.toMicros, out);
      TOKEN.encode(c.token, out);
      INT.encode(c.pagesRead, out);
      TOTAL.encode(c.total, out);
      INT.encode(c.restarts, out);
    }
  }

  @Override
  protected ShardRestriction decodeFields(int format, InputStream in) throws IOException {
    int n = INT.decode(in);
    List<Cursor> cursors = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long from = LONG.decode(in);
      long to = LONG.decode(in);
      String token = TOKEN.decode(in);
      int pagesRead = INT.decode(in);
      Long total = TOTAL.decode(in);
      int restarts = INT.decode(in);
      cursors.add(new Cursor(from, to, token, pagesRead, total, restarts));
    }
    return new ShardRestriction(cursors);
  }

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
