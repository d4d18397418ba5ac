package com.amperityworkflowruns.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the publish step removes after a successful publish, on every runner: the job's resume
 * spool (its pages are published now) and all but the newest report folders in {@code _reports/}.
 */
public final class Cleanup {
  private final FileOps fs;

  public Cleanup(FileOps fs) {
    this.fs = fs;
  }

  /** Deletes every file below {@code dir} and, on disks with directories, the directories. */
  public void removeTree(String dir) throws IOException {
    String root = dir.endsWith("/") ? dir : dir + "/";
    Set<String> dirs = new TreeSet<>();
    for (FileOps.FileInfo f : fs.list(root + "**")) {
      fs.delete(f.path);
      for (String p = StagingCleaner.parentDir(f.path); p.length() > root.length();
          p = StagingCleaner.parentDir(p.substring(0, p.length() - 1))) {
        dirs.add(p);
      }
    }
    List<String> deepestFirst = new ArrayList<>(dirs);
    deepestFirst.sort(Comparator.comparingInt(String::length).reversed());
    deepestFirst.forEach(fs::removeEmptyDirectory);
    fs.removeEmptyDirectory(root);
    fs.removeEmptyDirectory(StagingCleaner.parentDir(root.substring(0, root.length() - 1)));
  }

  /**
   * Keeps the {@code keep} newest job folders of {@code {root}/_reports/} (job ids start with
   * their start time, so name order is age order) and {@code currentJobId}'s; removes the rest.
   */
  public void keepNewestReports(OutputLayout layout, int keep,
      String currentJobId) throws IOException {
    String reports = layout.control(REPORTS + "/");
    TreeMap<String, Boolean> jobs = new TreeMap<>(Comparator.reverseOrder());
    for (FileOps.FileInfo f : fs.list(reports + "**")) {
      String rel = f.path.substring(f.path.indexOf(reports) + reports.length());
      int slash = rel.indexOf('/');
      if (slash > 0) {
        jobs.put(rel.substring(0, slash), true);
      }
    }
    int kept = 0;
    for (String job : jobs.keySet()) {
      if (job.equals(currentJobId) || kept < keep) {
        kept++;
        continue;
      }
      removeTree(reports + job + "/");
    }
  }

  public static final String REPORTS = "_reports";
}
