package com.amperityworkflowruns.testing;

import com.amperityworkflowruns.bench.MemObjectStore;
import java.util.List;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Registers {@link MemObjectStore} under {@code mem://} (listed in META-INF/services of the test resources). */
public final class MemFileSystemRegistrar implements FileSystemRegistrar {
  @Override
  public Iterable<FileSystem<?>> fromOptions(@Nullable PipelineOptions options) {
    return List.of(new MemObjectStore(MemObjectStore.MEM));
  }
}
