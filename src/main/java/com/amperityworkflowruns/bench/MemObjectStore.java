package com.amperityworkflowruns.bench;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.fs.CreateOptions;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;

/**
 * An in-memory object store with the semantics of Google Cloud Storage that matter to a pipeline:
 * a flat namespace (no directories), an object visible only once its writer is closed, rename as
 * copy-then-delete (not atomic), {@code *} not crossing a {@code /} and {@code **} crossing it.
 * State is static (keyed by full name, scheme included) so that every instance Beam creates (one
 * per {@code FileSystems.setDefaultPipelineOptions}) sees the same objects.
 *
 * <p>Two schemes use it: {@code mem://} for the tests (registered from the test resources; a
 * bucket can be made to hang, {@link #hang}, to test that callers bound their waits) and {@code
 * benchmem://} for {@code Benchmark spool}, registered only once a benchmark set its delay ({@link
 * #setDelay}): every object request of a scheme with a delay is counted and answered after it,
 * standing for the round trip to a remote store: a match (one per name or pattern), an upload
 * (when its channel is closed), an open, a copy, a delete, and a rename (two: copy and delete).
 */
public final class MemObjectStore extends FileSystem<MemObjectId> {
  /** The tests' scheme. */
  public static final String MEM = "mem";
  /** The benchmark's scheme. */
  static final String BENCH = "benchmem";

  private static final NavigableMap<String, byte[]> OBJECTS = new ConcurrentSkipListMap<>();
  private static final Map<String, Long> MODIFIED = new ConcurrentHashMap<>();
  private static final Map<String, CountDownLatch> HUNG = new ConcurrentHashMap<>();
  private static final AtomicLong CLOCK = new AtomicLong(1_700_000_000_000L);
  private static final List<String> WRITTEN =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private static final List<String> OPENED =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private static final List<String> MATCHED =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private static final Map<String, Long> DELAY_NANOS = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> REQUESTS = new ConcurrentHashMap<>();

  private final String scheme;

  /** The store seen through {@code scheme}. */
  public MemObjectStore(String scheme) {
    this.scheme = scheme;
  }

  /**
   * Every object request of {@code scheme} from now on is counted and answered after {@code
   * delay}; for {@link #BENCH}, this also registers the scheme (from the next {@code FileSystems}
   * set-up).
   */
  static void setDelay(String scheme, java.time.Duration delay) {
    DELAY_NANOS.put(scheme, delay.toNanos());
  }

  /** Whether {@code scheme} has a delay set ({@link #setDelay}). */
  static boolean delayed(String scheme) {
    return DELAY_NANOS.containsKey(scheme);
  }

  /** Object requests of {@code scheme} served so far (counted once it has a delay). */
  static long requests(String scheme) {
    AtomicLong n = REQUESTS.get(scheme);
    return n == null ? 0 : n.get();
  }

  /** One object request: counted and answered after the scheme's delay, if it has one. */
  private void request() {
    Long d = DELAY_NANOS.get(scheme);
    if (d == null) {
      return;
    }
    REQUESTS.computeIfAbsent(scheme, k -> new AtomicLong()).incrementAndGet();
    long end = System.nanoTime() + d;
    for (long left = d; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** Every object below {@code prefix} (e.g. {@code mem://bucket/out/}), by full name. */
  public static NavigableMap<String, byte[]> objects(String prefix) {
    return new java.util.TreeMap<>(OBJECTS.subMap(prefix, true, prefix + Character.MAX_VALUE, true));
  }

  /** The names of the objects ever written below {@code prefix}, deleted ones too, in order. */
  public static List<String> written(String prefix) {
    synchronized (WRITTEN) {
      return WRITTEN.stream().filter(k -> k.startsWith(prefix)).toList();
    }
  }

  /** The names of the objects below {@code prefix} opened for reading so far, in order. */
  public static List<String> opened(String prefix) {
    synchronized (OPENED) {
      return OPENED.stream().filter(k -> k.startsWith(prefix)).toList();
    }
  }

  /** The specs (names or globs) below {@code prefix} matched so far, in order. */
  public static List<String> matched(String prefix) {
    synchronized (MATCHED) {
      return MATCHED.stream().filter(k -> k.startsWith(prefix)).toList();
    }
  }

  /** Forgets every object below {@code prefix} (a test's cleanup). */
  public static void deleteAll(String prefix) {
    objects(prefix).keySet().forEach(k -> {
      OBJECTS.remove(k);
      MODIFIED.remove(k);
    });
  }

  /** Makes every call on {@code bucket} wait until the returned latch is counted down. */
  public static CountDownLatch hang(String bucket) {
    CountDownLatch release = new CountDownLatch(1);
    HUNG.put(bucket, release);
    return release;
  }

  private static void gate(String spec) throws IOException {
    String rest = spec.substring(spec.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    CountDownLatch latch = HUNG.get(slash < 0 ? rest : rest.substring(0, slash));
    if (latch != null) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while " + spec + " hung");
      }
    }
  }

  @Override
  protected List<MatchResult> match(List<String> specs) throws IOException {
    List<MatchResult> results = new ArrayList<>();
    for (String spec : specs) {
      gate(spec);
      request();
      MATCHED.add(spec);
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
        .setResourceId(new MemObjectId(key))
        .setSizeBytes(bytes == null ? 0 : bytes.length)
        .setIsReadSeekEfficient(true)
        .setLastModifiedMillis(MODIFIED.getOrDefault(key, 0L))
        .build();
  }

  static String globToRegex(String glob) {
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
  protected WritableByteChannel create(MemObjectId id, CreateOptions options) throws IOException {
    gate(id.toString());
    if (id.isDirectory()) {
      throw new IOException("cannot create a directory object: " + id);
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
          put(id.toString(), buffer.toByteArray());
          WRITTEN.add(id.toString());
        }
      }
    };
  }

  private static void put(String key, byte[] bytes) {
    MODIFIED.put(key, CLOCK.incrementAndGet());
    OBJECTS.put(key, bytes);
  }

  @Override
  protected ReadableByteChannel open(MemObjectId id) throws IOException {
    gate(id.toString());
    request();
    OPENED.add(id.toString());
    byte[] bytes = OBJECTS.get(id.toString());
    if (bytes == null) {
      throw new FileNotFoundException(id.toString());
    }
    return new ReadChannel(bytes);
  }

  @Override
  protected void copy(List<MemObjectId> from, List<MemObjectId> to) throws IOException {
    for (int i = 0; i < from.size(); i++) {
      gate(from.get(i).toString());
      request();
      byte[] bytes = OBJECTS.get(from.get(i).toString());
      if (bytes == null) {
        throw new FileNotFoundException(from.get(i).toString());
      }
      put(to.get(i).toString(), bytes);
    }
  }

  @Override
  protected void rename(
      List<MemObjectId> from, List<MemObjectId> to, MoveOptions... moveOptions)
      throws IOException {
    boolean ignoreMissing = List.of(moveOptions)
        .contains(MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    for (int i = 0; i < from.size(); i++) {
      gate(from.get(i).toString());
      byte[] bytes = OBJECTS.get(from.get(i).toString());
      if (bytes == null) {
        if (ignoreMissing) {
          continue;
        }
        throw new FileNotFoundException(from.get(i).toString());
      }
      // Not atomic, as on GCS: a copy, then a delete (two requests).
      request();
      put(to.get(i).toString(), bytes);
      request();
      OBJECTS.remove(from.get(i).toString());
      MODIFIED.remove(from.get(i).toString());
    }
  }

  @Override
  protected void delete(Collection<MemObjectId> ids) throws IOException {
    for (MemObjectId id : ids) {
      gate(id.toString());
      request();
      OBJECTS.remove(id.toString());
      MODIFIED.remove(id.toString());
    }
  }

  @Override
  protected MemObjectId matchNewResource(String spec, boolean isDirectory) {
    if (isDirectory) {
      return new MemObjectId(spec.endsWith("/") ? spec : spec + "/");
    }
    if (spec.endsWith("/")) {
      throw new IllegalArgumentException("a file name cannot end with /: " + spec);
    }
    return new MemObjectId(spec);
  }

  @Override
  protected String getScheme() {
    return scheme;
  }

  /** A read-only channel over one object's bytes, seekable (Parquet readers seek). */
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
