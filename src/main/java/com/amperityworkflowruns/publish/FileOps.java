package com.amperityworkflowruns.publish;

import java.io.IOException;
import java.util.List;

/**
 * The file operations the publisher needs, so that tests can inject a failure after any of them.
 *
 * <p>Paths are full names as built by {@link OutputLayout}; directories end with {@code /}.
 */
public interface FileOps {

  /** A file found by {@link #list}: its full name and modification time. */
  final class FileInfo {
    public final String path;
    final long lastModifiedMillis;

    public FileInfo(String path, long lastModifiedMillis) {
      this.path = path;
      this.lastModifiedMillis = lastModifiedMillis;
    }
  }

  /** The files (never directories) matching {@code glob}; empty when nothing matches. */
  List<FileInfo> list(String glob) throws IOException;

  /** Whether the file {@code path} exists. */
  boolean exists(String path) throws IOException;

  /** Deletes the file {@code path}; a missing file is not an error. */
  void delete(String path) throws IOException;

  /** Moves {@code from} to {@code to}, replacing {@code to} if it exists. */
  void rename(String from, String to) throws IOException;

  /** Creates or replaces {@code path} with {@code bytes}. */
  void write(String path, byte[] bytes) throws IOException;

  /** The whole content of {@code path}. */
  byte[] read(String path) throws IOException;

  /**
   * Removes the directory {@code dir} if the file system has directories and it is empty; best
   * effort, never throws (object stores have no directories to remove).
   */
  void removeEmptyDirectory(String dir);
}
