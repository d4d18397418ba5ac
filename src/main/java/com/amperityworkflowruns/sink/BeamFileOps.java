package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.FileOps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * {@link FileOps} on Beam's {@link FileSystems}, so local paths and {@code gs://} behave alike.
 *
 * <p>File systems other than the local one must be registered first, which a running pipeline
 * does; outside a pipeline call {@code FileSystems.setDefaultPipelineOptions(options)}.
 */
public final class BeamFileOps implements FileOps {
  public static final BeamFileOps INSTANCE = new BeamFileOps();

  /** For {@link java.util.ServiceLoader}; use {@link #INSTANCE}. */
  public BeamFileOps() {}

  private static ResourceId file(String path) {
    return FileSystems.matchNewResource(path, false);
  }

  @Override
  public List<FileInfo> list(String glob) throws IOException {
    MatchResult result = FileSystems.match(glob, EmptyMatchTreatment.ALLOW);
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return Collections.emptyList();
    }
    List<FileInfo> files = new ArrayList<>();
    for (MatchResult.Metadata m : result.metadata()) {
      if (!m.resourceId().isDirectory()) {
        files.add(new FileInfo(m.resourceId().toString(), m.lastModifiedMillis()));
      }
    }
    return files;
  }

  @Override
  public boolean exists(String path) throws IOException {
    MatchResult result =
        FileSystems.match(Collections.singletonList(path), EmptyMatchTreatment.ALLOW).get(0);
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return false;
    }
    return !result.metadata().isEmpty();
  }

  @Override
  public void delete(String path) throws IOException {
    FileSystems.delete(
        Collections.singletonList(file(path)), StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    FileSystems.rename(Collections.singletonList(file(from)), Collections.singletonList(file(to)));
  }

  @Override
  public void write(String path, byte[] bytes) throws IOException {
    try (OutputStream out =
        Channels.newOutputStream(FileSystems.create(file(path), MimeTypes.TEXT))) {
      out.write(bytes);
    }
  }

  @Override
  public byte[] read(String path) throws IOException {
    try (InputStream in = Channels.newInputStream(FileSystems.open(file(path)))) {
      return in.readAllBytes();
    }
  }

  @Override
  public void removeEmptyDirectory(String dir) {
    try {
      FileSystems.delete(
          Collections.singletonList(FileSystems.matchNewResource(dir, true)),
          StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      // Not empty, or a file system without directories: nothing to tidy.
    }
  }
}
