package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.FileOps;
import com.amperityworkflowruns.publish.OutputFilter;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.Publisher;
import com.amperityworkflowruns.publish.TableFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Recognizes an output written before outputs held several tenants (one tenant, no {@code
 * tenant=} folders, control files at the root), which jobs refuse until {@code migrate} moved it to
 * the per-tenant layout ({@link LegacyMigration}).
 *
 * <p>Such an output holds any of: data files of the old layout ({@code
 * workflow_runs/created_date=D/*}, {@code workflow_type_stats/D.parquet}, {@code
 * rejects/D.parquet}, {@code rejects/undated-*.parquet}), old stream table files ({@code
 * finished_runs/ended_date=D/*} and the like), or control files at the root ({@code
 * _journal/*.json}, {@code _lease.json}, {@code _output.json}, {@code _stream_state/}).
 *
 * <pre>{@code
 * if (LegacyOutput.isLegacy("gs://bucket/runs")) { ... }
 * LegacyOutput.checkNotLegacy(output, tenant); // throws IllegalArgumentException: the one line
 * }</pre>
 */
public final class LegacyOutput {
  /** The stream tables' folders (their files in the old layout: {@code dir/ended_date=D/*}). */
  static final List<String> STREAM_TABLES = List.of(WriteStreamTables.RUNS_DIR,
      WriteStreamTables.STATS_DIR, WriteStreamTables.REJECTS_DIR);
  /** The old layout's root control files and folders, cheapest to list first. */
  private static final List<String> CONTROL_GLOBS = List.of("_lease.json", OutputFilter.FILE,
      OutputLayout.JOURNAL + "/*.json", StreamProgress.STATE_DIR + "/**");

  private LegacyOutput() {}

  /**
   * Whether {@code output} holds files of the layout before tenants (see the class comment).
   *
   * @throws UncheckedIOException when the output cannot be listed
   */
  public static boolean isLegacy(String output) {
    try {
      return isLegacy(BeamFileOps.INSTANCE, OutputLayout.of(output));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list --output=" + output + ": " + e.getMessage(), e);
    }
  }

  /**
   * Throws, with the one line that names the {@code migrate} command, when {@code output} is in
   * the layout before tenants. Lists a few globs and, for a command without a tenant, reads one
   * file's footer; never the API.
   *
   * @param tenant the refused job's {@code --tenant}, named in the command; null for a command
   *     without one ({@code report}): the tenant its runs name is named instead
   * @throws IllegalArgumentException with that line, or when the output cannot be listed
   */
  public static void checkNotLegacy(String output, @Nullable String tenant) {
    OutputLayout old = OutputLayout.of(output);
    try {
      if (isLegacy(BeamFileOps.INSTANCE, old)) {
        throw new IllegalArgumentException(tenant != null ? refusal(old.root(), tenant)
            : refusalWithoutTenant(old.root(), tenantOfRuns(BeamFileOps.INSTANCE, old)));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list --output=" + output + ": "
          + e.getMessage(), e);
    }
  }

  /** The refusal line of a job of {@code tenant}, without its {@code error: } prefix. */
  static String refusal(String output, String tenant) {
    return prefix(output) + command(output, tenant) + " (nothing is lost), then run this again";
  }

  /** The refusal line of a command without a tenant; {@code named}: the runs' (may be null). */
  static String refusalWithoutTenant(String output, @Nullable String named) {
    return prefix(output) + (named == null
        ? command(output, "T") + " (T: the tenant whose runs it holds; nothing is lost)"
        : command(output, named) + " (the tenant its runs name; nothing is lost)");
  }

  private static String prefix(String output) {
    return "--output=" + output + " was written before outputs held tenants; migrate it first: ";
  }

  private static String command(String output, String tenant) {
    return "java -jar amperity-workflow-runs.jar migrate --output=" + output + " --tenant="
        + tenant;
  }

  /** The one tenant the first old runs file names (its footer), or null. */
  static @Nullable String tenantOfRuns(FileOps fs, OutputLayout old) throws IOException {
    for (FileOps.FileInfo f : fs.list(old.runsDir() + "*/*.parquet")) {
      TableFile file = TableFile.parse(old.relativize(f.path));
      if (file != null && file.tenant == null) {
        return ParquetRewrite.onlyTenant(f.path);
      }
    }
    return null;
  }

  static boolean isLegacy(FileOps fs, OutputLayout old) throws IOException {
    for (String glob : CONTROL_GLOBS) {
      if (!fs.list(old.resolve(glob)).isEmpty()) {
        return true;
      }
    }
    return !dataFiles(fs, old, true).isEmpty() || !streamFiles(fs, old, true).isEmpty();
  }

  /** The old layout's data files (relative to the root); with {@code first}, at most one. */
  static List<TableFile> dataFiles(FileOps fs, OutputLayout old, boolean first)
      throws IOException {
    List<TableFile> files = new java.util.ArrayList<>();
    for (String glob : Publisher.dataFileGlobs(old)) {
      for (FileOps.FileInfo f : fs.list(glob)) {
        TableFile file = TableFile.parse(old.relativize(f.path));
        if (file != null && file.tenant == null) {
          files.add(file);
          if (first) {
            return files;
          }
        }
      }
    }
    return files;
  }

  /** The old stream tables' files, relative to the root; with {@code first}, at most one. */
  static List<String> streamFiles(FileOps fs, OutputLayout old, boolean first)
      throws IOException {
    List<String> files = new java.util.ArrayList<>();
    for (String table : STREAM_TABLES) {
      for (FileOps.FileInfo f : fs.list(old.resolve(table + "/ended_date=*/*.parquet"))) {
        files.add(old.relativize(f.path));
        if (first) {
          return files;
        }
      }
    }
    return files;
  }
}
