package com.amperityworkflowruns.testing;

import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A name in {@link MemFileSystem}: {@code mem://bucket/path}; directories end with a slash. */
final class MemResourceId implements ResourceId {
  private final String spec;

  MemResourceId(String spec) {
    this.spec = spec;
  }

  @Override
  public ResourceId resolve(String other, ResolveOptions options) {
    if (!isDirectory()) {
      throw new IllegalStateException("cannot resolve against a file: " + spec);
    }
    boolean dir = options == ResolveOptions.StandardResolveOptions.RESOLVE_DIRECTORY;
    String resolved = spec + other;
    if (dir && !resolved.endsWith("/")) {
      resolved += "/";
    }
    if (!dir && resolved.endsWith("/")) {
      throw new IllegalArgumentException("a file name cannot end with /: " + resolved);
    }
    return new MemResourceId(resolved);
  }

  @Override
  public ResourceId getCurrentDirectory() {
    return isDirectory() ? this : new MemResourceId(spec.substring(0, spec.lastIndexOf('/') + 1));
  }

  @Override
  public String getScheme() {
    return MemFileSystem.SCHEME;
  }

  @Override
  public @Nullable String getFilename() {
    String s = isDirectory() ? spec.substring(0, spec.length() - 1) : spec;
    String name = s.substring(s.lastIndexOf('/') + 1);
    return name.isEmpty() ? null : name;
  }

  @Override
  public boolean isDirectory() {
    return spec.endsWith("/");
  }

  @Override
  public String toString() {
    return spec;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemResourceId && ((MemResourceId) o).spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }
}
