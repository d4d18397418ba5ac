package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.FileOps;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishedRowCounts;
import com.amperityworkflowruns.publish.TableFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * {@link PublishedRowCounts} of the {@code workflow_runs} files below a layout (the published
 * output, or a job's staging folder), from each file's Parquet footer: a few kilobytes read from
 * the end of each file, never its rows. Local and {@code gs://} alike (Beam {@link FileSystems}).
 */
final class ParquetRowCounts implements PublishedRowCounts {
  private final FileOps fs;
  private final OutputLayout layout;

  ParquetRowCounts(FileOps fs, OutputLayout layout) {
    this.fs = fs;
    this.layout = layout;
  }

  @Override
  public Map<LocalDate, Long> runsPerDay(LocalDate fromDay, LocalDate toDay) throws IOException {
    Map<LocalDate, Long> counts = new TreeMap<>();
    for (FileOps.FileInfo f : fs.list(layout.runsDir() + "*/*.parquet")) {
      TableFile file = TableFile.parse(layout.relativize(f.path));
      if (file != null && file.day != null && file.inRange(fromDay, toDay)) {
        counts.merge(file.day, rows(f.path), Long::sum);
      }
    }
    return counts;
  }

  /** The row count in the footer of the Parquet file {@code path}. */
  static long rows(String path) throws IOException {
    long sum = 0;
    for (BlockMetaData block : ParquetFileReader.readFooter(
        new BeamInputFile(path), ParquetMetadataConverter.NO_FILTER).getBlocks()) {
      sum += block.getRowCount();
    }
    return sum;
  }

  /** A Parquet {@link InputFile} over a Beam file system resource. */
  static final class BeamInputFile implements InputFile {
    private final String path;

    BeamInputFile(String path) {
      this.path = path;
    }

    @Override
    public long getLength() throws IOException {
      return FileSystems.matchSingleFileSpec(path).sizeBytes();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(
          FileSystems.matchNewResource(path, false));
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
  }
}
