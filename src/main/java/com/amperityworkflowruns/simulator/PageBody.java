package com.amperityworkflowruns.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds a 200 body by concatenating pre-serialized runs:
 * {@code {"data":[...],"next_token":"...","total":N}}.
 *
 * <p>{@code next_token} is absent on the last page, including a last page that is exactly full:
 * there is never a trailing empty page. A repeated run (fault injection) is the previous page's
 * last run put again at the start of the page.
 */
final class PageBody {
  private static final byte[] OPEN = "{\"data\":[".getBytes(StandardCharsets.US_ASCII);

  private PageBody() {}

  /** The served indices of a page: {@code [offset, offset + limit)}, and the repeated one first. */
  static byte[] build(SyntheticTenant tenant, RunSelection sel, int offset, int limit,
      boolean repeatPrevious, String nextToken, boolean withTotal, long now) {
    int end = (int) Math.min((long) offset + limit, sel.size());
    int start = Math.min(offset, end);
    int estimate = 64 + (end - start + 1) * 600;
    ByteArrayOutputStream out = new ByteArrayOutputStream(estimate);
    out.writeBytes(OPEN);
    boolean first = true;
    if (repeats(sel, offset, repeatPrevious)) {
      out.writeBytes(tenant.json(sel.get(offset - 1), now));
      first = false;
    }
    for (int k = start; k < end; k++) {
      if (!first) {
        out.write(',');
      }
      out.writeBytes(tenant.json(sel.get(k), now));
      first = false;
    }
    out.write(']');
    if (nextToken != null && end < sel.size()) {
      out.writeBytes((",\"next_token\":\"" + nextToken + "\"").getBytes(StandardCharsets.US_ASCII));
    }
    if (withTotal) {
      out.writeBytes((",\"total\":" + sel.size()).getBytes(StandardCharsets.US_ASCII));
    }
    out.write('}');
    return out.toByteArray();
  }

  /** Whether a page at {@code offset} starts with the previous page's last run again. */
  static boolean repeats(RunSelection sel, int offset, boolean repeatPrevious) {
    return repeatPrevious && offset > 0 && offset <= sel.size();
  }

  /** The first run of a page as a bare object (no envelope), or {@code {}} when it is empty. */
  static byte[] bareFirst(SyntheticTenant tenant, RunSelection sel, int offset, long now) {
    return offset < sel.size() ? tenant.json(sel.get(offset), now) : new byte[] {'{', '}'};
  }
}
