package com.amperityworkflowruns.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} read through Beam's {@link FileSystems}, so the report reads local
 * and {@code gs://} tables alike (Parquet's own files go through Hadoop's file systems, which know
 * neither Beam's registrations nor its GCS options).
 */
final class BeamInputFile implements InputFile {
  private final MatchResult.Metadata file;

  BeamInputFile(MatchResult.Metadata file) {
    this.file = file;
  }

  @Override
  public long getLength() {
    return file.sizeBytes();
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    ReadableByteChannel opened = FileSystems.open(file.resourceId());
    if (!(opened instanceof SeekableByteChannel)) {
      opened.close();
      throw new IOException("cannot seek in " + file.resourceId() + ": Parquet needs random access");
    }
    SeekableByteChannel channel = (SeekableByteChannel) opened;
    InputStream in = Channels.newInputStream(channel);
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() throws IOException {
        return channel.position();
      }

      @Override
      public void seek(long newPos) throws IOException {
        channel.position(newPos);
      }
    };
  }

  @Override
  public String toString() {
    return file.resourceId().toString();
  }
}
