package com.amperityworkflowruns.bench;

import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A name in {@link MemObjectStore}: {@code SCHEME://bucket/path}; folders end with a slash. */
final class MemObjectId implements ResourceId {
  private final String spec;

  MemObjectId(String spec) {
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
    return new MemObjectId(resolved);
  }

  @Override
  public ResourceId getCurrentDirectory() {
    return isDirectory() ? this : new MemObjectId(spec.substring(0, spec.lastIndexOf('/') + 1));
  }

  @Override
  public String getScheme() {
    return spec.substring(0, spec.indexOf("://"));
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
    return o instanceof MemObjectId && ((MemObjectId) o).spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }
}
