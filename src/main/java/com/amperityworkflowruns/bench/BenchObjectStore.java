package com.amperityworkflowruns.bench;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.fs.CreateOptions;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;

/**
 * The benchmark's object store, scheme {@code benchmem://}: in memory, with the semantics of Cloud
 * Storage that matter here (a flat namespace, an object visible only once its upload completes,
 * rename as a copy plus a delete) and a fixed delay on every object request, standing for the
 * round trip to a remote store. Requests and their delay: a match (one per name or pattern), an
 * upload (when its channel is closed), an open, a copy, a delete, and a rename (two: copy and
 * delete). Registered only once a benchmark calls {@link #enable}; state is per JVM.
 */
final class BenchObjectStore extends FileSystem<BenchObjectId> {
  static final String SCHEME = "benchmem";

  private static final NavigableMap<String, byte[]> OBJECTS = new ConcurrentSkipListMap<>();
  private static final AtomicLong CLOCK = new AtomicLong(1_700_000_000_000L);
  private static final AtomicLong REQUESTS = new AtomicLong();
  private static volatile long delayNanos = -1;

  /** Registers the scheme in this JVM (from the next {@code FileSystems} set-up) with a delay. */
  static void enable(java.time.Duration delay) {
    delayNanos = delay.toNanos();
  }

  static boolean enabled() {
    return delayNanos >= 0;
  }

  /** The delay of every request from now on. */
  static void setDelay(java.time.Duration delay) {
    delayNanos = delay.toNanos();
  }

  /** Object requests served so far. */
  static long requests() {
    return REQUESTS.get();
  }

  /** Forgets every object below {@code prefix}. */
  static void deleteAll(String prefix) {
    OBJECTS.subMap(prefix, true, prefix + Character.MAX_VALUE, true).clear();
  }

  /** One request: counted, then answered after the delay. */
  private static void request() {
    REQUESTS.incrementAndGet();
    long d = delayNanos;
    long end = System.nanoTime() + d;
    for (long left = d; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  @Override
  protected List<MatchResult> match(List<String> specs) {
    List<MatchResult> results = new ArrayList<>();
    for (String spec : specs) {
      request();
      List<MatchResult.Metadata> found = new ArrayList<>();
      if (spec.matches(".*[*?\\[{].*")) {
        Pattern pattern = Pattern.compile(globToRegex(spec));
        for (String key : OBJECTS.keySet()) {
          if (pattern.matcher(key).matches()) {
            found.add(metadata(key));
          }
        }
        results.add(MatchResult.create(MatchResult.Status.OK, found));
      } else if (OBJECTS.containsKey(spec)) {
        results.add(MatchResult.create(MatchResult.Status.OK, List.of(metadata(spec))));
      } else {
        results.add(
            MatchResult.create(MatchResult.Status.NOT_FOUND, new FileNotFoundException(spec)));
      }
    }
    return results;
  }

  private static MatchResult.Metadata metadata(String key) {
    byte[] bytes = OBJECTS.get(key);
    return MatchResult.Metadata.builder()
        .setResourceId(new BenchObjectId(key))
        .setSizeBytes(bytes == null ? 0 : bytes.length)
        .setIsReadSeekEfficient(true)
        .setLastModifiedMillis(CLOCK.incrementAndGet())
        .build();
  }

  private static String globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '{') {
        re.append("(?:");
      } else if (c == '}') {
        re.append(')');
      } else if (c == ',') {
        re.append('|');
      } else if (c == '[' || c == ']') {
        re.append(c);
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }

  @Override
  protected WritableByteChannel create(BenchObjectId id, CreateOptions options) throws IOException {
    if (id.isDirectory()) {
      throw new IOException("cannot create a folder object: " + id);
    }
    return new WritableByteChannel() {
      private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      private boolean open = true;

      @Override
      public int write(ByteBuffer src) throws IOException {
        if (!open) {
          throw new ClosedChannelException();
        }
        int n = src.remaining();
        byte[] chunk = new byte[n];
        src.get(chunk);
        buffer.write(chunk);
        return n;
      }

      @Override
      public boolean isOpen() {
        return open;
      }

      @Override
      public void close() {
        if (open) {
          open = false;
          request(); // the upload completes: only now is the object visible
          OBJECTS.put(id.toString(), buffer.toByteArray());
        }
      }
    };
  }

  @Override
  protected ReadableByteChannel open(BenchObjectId id) throws IOException {
    request();
    byte[] bytes = OBJECTS.get(id.toString());
    if (bytes == null) {
      throw new FileNotFoundException(id.toString());
    }
    return new ReadChannel(bytes);
  }

  @Override
  protected void copy(List<BenchObjectId> from, List<BenchObjectId> to) throws IOException {
    for (int i = 0; i < from.size(); i++) {
      request();
      byte[] bytes = OBJECTS.get(from.get(i).toString());
      if (bytes == null) {
        throw new FileNotFoundException(from.get(i).toString());
      }
      OBJECTS.put(to.get(i).toString(), bytes);
    }
  }

  @Override
  protected void rename(
      List<BenchObjectId> from, List<BenchObjectId> to, MoveOptions... moveOptions)
      throws IOException {
    boolean ignoreMissing =
        List.of(moveOptions).contains(MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    for (int i = 0; i < from.size(); i++) {
      request(); // the copy
      byte[] bytes = OBJECTS.get(from.get(i).toString());
      if (bytes == null) {
        if (ignoreMissing) {
          continue;
        }
        throw new FileNotFoundException(from.get(i).toString());
      }
      OBJECTS.put(to.get(i).toString(), bytes);
      request(); // the delete
      OBJECTS.remove(from.get(i).toString());
    }
  }

  @Override
  protected void delete(Collection<BenchObjectId> ids) {
    for (BenchObjectId id : ids) {
      request();
      OBJECTS.remove(id.toString());
    }
  }

  @Override
  protected BenchObjectId matchNewResource(String spec, boolean isDirectory) {
    if (isDirectory) {
      return new BenchObjectId(spec.endsWith("/") ? spec : spec + "/");
    }
    if (spec.endsWith("/")) {
      throw new IllegalArgumentException("a file name cannot end with /: " + spec);
    }
    return new BenchObjectId(spec);
  }

  @Override
  protected String getScheme() {
    return SCHEME;
  }

  /** A read-only, seekable channel over one object's bytes (Parquet readers seek). */
  private static final class ReadChannel implements SeekableByteChannel {
    private final byte[] bytes;
    private long position;
    private boolean open = true;

    ReadChannel(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!open) {
        throw new ClosedChannelException();
      }
      if (position >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), bytes.length - position);
      dst.put(bytes, (int) position, n);
      position += n;
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
      position = newPosition;
      return this;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
