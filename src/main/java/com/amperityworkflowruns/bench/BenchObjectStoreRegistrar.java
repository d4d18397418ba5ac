package com.amperityworkflowruns.bench;

import java.util.List;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Registers {@link MemObjectStore} under {@code benchmem://} (listed in {@code META-INF/services}),
 * but only in a JVM where a benchmark set its delay: a job never finds a {@code benchmem://} scheme that would keep its
 * output in memory.
 */
public final class BenchObjectStoreRegistrar implements FileSystemRegistrar {
  @Override
  public Iterable<FileSystem<?>> fromOptions(@Nullable PipelineOptions options) {
    return MemObjectStore.delayed(MemObjectStore.BENCH)
        ? List.of(new MemObjectStore(MemObjectStore.BENCH)) : List.of();
  }
}
