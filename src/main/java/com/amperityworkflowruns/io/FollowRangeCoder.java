package com.amperityworkflowruns.io;

import com.amperityworkflowruns.coders.VersionedCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The stream reader's restriction ({@link FollowRange}) on the wire. Format 1: the range's start
 * and end (epoch milliseconds; the end {@link FollowRange#OPEN} when open-ended), the end of the
 * poll window in progress (or none), the cursor of its next page (or none), the pages of that
 * window claimed so far and its restarts. Dataflow keeps the checkpointed restriction across an
 * {@code --update}: the new code reads it with this coder.
 */
final class FollowRangeCoder extends VersionedCoder<FollowRange> {
  private static final FollowRangeCoder INSTANCE = new FollowRangeCoder();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final NullableCoder<Long> WINDOW_END = NullableCoder.of(VarLongCoder.of());
  private static final NullableCoder<String> TOKEN = NullableCoder.of(StringUtf8Coder.of());

  private FollowRangeCoder() {
    super("the stream reader's restriction", 1);
  }

  static FollowRangeCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(FollowRange r, OutputStream out) throws IOException {
    LONG.encode(r.fromMillis, out);
    LONG.encode(r.toMillis, out);
    WINDOW_END.encode(r.windowEndMillis, out);
    TOKEN.encode(r.token, out);
    INT.encode(r.pagesRead, out);
    INT.encode(r.restarts, out);
  }

  @Override
  protected FollowRange decodeFields(int format, InputStream in) throws IOException {
    long from = LONG.decode(in);
    long to = LONG.decode(in);
    Long windowEnd = WINDOW_END.decode(in);
    String token = TOKEN.decode(in);
    int pagesRead = INT.decode(in);
    int restarts = INT.decode(in);
    return new FollowRange(from, to, windowEnd, token, pagesRead, restarts);
  }

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
