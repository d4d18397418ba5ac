package com.amperityworkflowruns.publish;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes staging folders: a job's own after it published, and abandoned ones (jobs that died
 * before writing a journal) once they are older than a limit.
 *
 * <p>A folder's age is that of its newest file. Folders of jobs with a pending journal are never
 * removed here (recovery needs them), nor that of the job doing the cleaning. A job still running
 * but silent for longer than the limit would lose its staging, so the limit (one day by default)
 * must exceed the longest gap between a job's writes and its publish.
 */
public final class StagingCleaner {
  private static final Logger LOG = LoggerFactory.getLogger(StagingCleaner.class);

  private final FileOps fs;

  public StagingCleaner(FileOps fs) {
    this.fs = fs;
  }

  /**
   * Deletes every file of job {@code jobId}'s staging folder, then its (local) directories,
   * including those of {@code movedFiles}, files that were there before being published.
   */
  public void removeStaging(OutputLayout layout, String jobId, Collection<String> movedFiles)
      throws IOException {
    String dir = layout.stagingDir(jobId);
    Set<String> dirs = new TreeSet<>();
    for (String sub : new String[] {".temp-beam/", OutputLayout.RUNS + "/",
        OutputLayout.STATS + "/", OutputLayout.REJECTS + "/"}) {
      dirs.add(dir + sub);
    }
    List<String> files = new ArrayList<>(movedFiles);
    for (FileOps.FileInfo f : fs.list(dir + "**")) {
      fs.delete(f.path);
      files.add(f.path);
    }
    for (String file : files) {
      for (String p = parentDir(file); p.length() > dir.length() && p.startsWith(dir);
          p = parentDir(p.substring(0, p.length() - 1))) {
        dirs.add(p);
      }
    }
    List<String> deepestFirst = new ArrayList<>(dirs);
    deepestFirst.sort(Comparator.comparingInt(String::length).reversed());
    deepestFirst.forEach(fs::removeEmptyDirectory);
    fs.removeEmptyDirectory(dir);
    fs.removeEmptyDirectory(layout.stagingRoot());
  }

  /**
   * Removes the staging folders older than {@code maxAge} at {@code now}, except {@code keep}
   * (jobs with a pending journal and the running job). Also removes journal temp files that old.
   */
  void removeAbandoned(OutputLayout layout, Instant now, Duration maxAge, Set<String> keep)
      throws IOException {
    long cutoff = now.minus(maxAge).toEpochMilli();
    Map<String, Long> newest = new HashMap<>();
    for (FileOps.FileInfo f : fs.list(layout.stagingRoot() + "**")) {
      String rel = f.path.substring(f.path.indexOf(layout.stagingRoot())
          + layout.stagingRoot().length());
      int slash = rel.indexOf('/');
      if (slash > 0 && isJobId(rel.substring(0, slash))) {
        newest.merge(rel.substring(0, slash), f.lastModifiedMillis, Math::max);
      }
    }
    for (Map.Entry<String, Long> job : newest.entrySet()) {
      if (!keep.contains(job.getKey()) && job.getValue() < cutoff) {
        LOG.info("Removing abandoned staging folder {}", layout.stagingDir(job.getKey()));
        removeStaging(layout, job.getKey(), List.of());
      }
    }
    for (FileOps.FileInfo f : fs.list(layout.journalDir() + "*.tmp")) {
      if (f.lastModifiedMillis < cutoff) {
        fs.delete(f.path);
      }
    }
  }

  private static boolean isJobId(String name) {
    try {
      OutputLayout.checkJobId(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The directory holding {@code path} (with a trailing slash). */
  public static String parentDir(String path) {
    return path.substring(0, path.lastIndexOf('/') + 1);
  }
}
