package com.amperityworkflowruns.publish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link LeaseStore} on a local (or mounted POSIX) disk.
 *
 * <p>Create-if-absent is a hard link from a fully written temporary file ({@code link(2)} fails
 * if the name exists), so the object is complete or absent and two creators cannot both win.
 * The generation, a random positive number (so a deleted and re-created object never repeats
 * one a slow writer still holds), is stored as the first line. A conditional replace or delete first renames the
 * object aside (only one renamer can win), checks the generation of what it took, and then
 * deletes it or links it back; so a second writer never overwrites a newer generation. Between
 * the rename and the new link the name is briefly absent, which another job reads as "free" and
 * may take: then the conditional writer's link fails and it reports the lease lost, which is the
 * safe outcome.
 */
public final class LocalLeaseStore implements LeaseStore {

  @Override
  public long createIfAbsent(String path, byte[] content) throws IOException {
    long generation = newGeneration();
    return link(file(path), generation, content) ? generation : -1;
  }

  @Override
  public @Nullable Versioned read(String path) throws IOException {
    try {
      return decode(Files.readAllBytes(file(path)));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public long replace(String path, byte[] content, long generation) throws IOException {
    Path target = file(path);
    Path taken = takeIfGeneration(target, generation);
    if (taken == null) {
      return -1;
    }
    long next = newGeneration();
    boolean linked = link(target, next, content);
    Files.deleteIfExists(taken);
    return linked ? next : -1;
  }

  @Override
  public boolean delete(String path, long generation) throws IOException {
    Path taken = takeIfGeneration(file(path), generation);
    if (taken == null) {
      return false;
    }
    Files.deleteIfExists(taken);
    return true;
  }

  /** Renames the object aside if it has {@code generation}: the renamed file, else null. */
  private static @Nullable Path takeIfGeneration(Path target, long generation) throws IOException {
    Path aside = target.resolveSibling(target.getFileName() + ".taken-" + UUID.randomUUID());
    try {
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return null;
    }
    Versioned v = decode(Files.readAllBytes(aside));
    if (v.generation == generation) {
      return aside;
    }
    // Not ours to change: put it back unless someone created a new one meanwhile.
    try {
      Files.createLink(target, aside);
    } catch (FileAlreadyExistsException e) {
      // the newer object stays
    }
    Files.deleteIfExists(aside);
    return null;
  }

  private static Path file(String path) {
    return path.startsWith("file:") ? Path.of(java.net.URI.create(path)) : Path.of(path);
  }

  private static long newGeneration() {
    return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
  }

  private static boolean link(Path target, long generation, byte[] content) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path temp = target.resolveSibling(target.getFileName() + ".new-" + UUID.randomUUID());
    byte[] header = (generation + "\n").getBytes(StandardCharsets.US_ASCII);
    Files.write(temp, ByteBuffer.allocate(header.length + content.length)
        .put(header).put(content).array());
    try {
      Files.createLink(target, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Versioned decode(byte[] bytes) throws IOException {
    int nl = 0;
    while (nl < bytes.length && bytes[nl] != '\n') {
      nl++;
    }
    try {
      long generation = Long.parseLong(new String(bytes, 0, nl, StandardCharsets.US_ASCII));
      byte[] content = new byte[Math.max(0, bytes.length - nl - 1)];
      System.arraycopy(bytes, Math.min(bytes.length, nl + 1), content, 0, content.length);
      return new Versioned(content, generation);
    } catch (NumberFormatException e) {
      throw new IOException("not a lease object (no generation line)", e);
    }
  }
}
