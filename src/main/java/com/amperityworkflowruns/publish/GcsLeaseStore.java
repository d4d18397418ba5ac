package com.amperityworkflowruns.publish;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.net.URI;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link LeaseStore} on Cloud Storage: the object's generation is Cloud Storage's own, and every
 * write carries a precondition ({@code ifGenerationMatch=0} to create only if absent, {@code
 * ifGenerationMatch=g} to replace or delete only what was read). A failed precondition is HTTP 412,
 * answered here as "not done".
 *
 * <p><b>Not run for real here:</b> Cloud Storage is not reachable from the machines this was
 * written on; the contract test runs against the local store and the in-memory fake only.
 */
final class GcsLeaseStore implements LeaseStore {
  private static final int PRECONDITION_FAILED = 412;
  private static final int NOT_FOUND = 404;

  private final Storage storage;

  GcsLeaseStore(Storage storage) {
    this.storage = storage;
  }

  static GcsLeaseStore create() {
    return new GcsLeaseStore(StorageOptions.getDefaultInstance().getService());
  }

  @Override
  public long createIfAbsent(String path, byte[] content) throws IOException {
    try {
      Blob blob = storage.create(BlobInfo.newBuilder(blobId(path)).setContentType("application/json")
          .build(), content, Storage.BlobTargetOption.doesNotExist());
      return blob.getGeneration();
    } catch (StorageException e) {
      if (e.getCode() == PRECONDITION_FAILED) {
        return -1;
      }
      throw new IOException("cannot create the lease " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public @Nullable Versioned read(String path) throws IOException {
    try {
      Blob blob = storage.get(blobId(path));
      if (blob == null) {
        return null;
      }
      byte[] content = storage.readAllBytes(BlobId.of(blob.getBucket(), blob.getName(),
          blob.getGeneration()));
      return new Versioned(content, blob.getGeneration());
    } catch (StorageException e) {
      if (e.getCode() == NOT_FOUND) {
        return null; // deleted between get and read
      }
      throw new IOException("cannot read the lease " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long replace(String path, byte[] content, long generation) throws IOException {
    BlobId id = blobId(path);
    try {
      Blob blob = storage.create(
          BlobInfo.newBuilder(BlobId.of(id.getBucket(), id.getName(), generation))
              .setContentType("application/json").build(),
          content, Storage.BlobTargetOption.generationMatch());
      return blob.getGeneration();
    } catch (StorageException e) {
      if (e.getCode() == PRECONDITION_FAILED || e.getCode() == NOT_FOUND) {
        return -1;
      }
      throw new IOException("cannot renew the lease " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean delete(String path, long generation) throws IOException {
    BlobId id = blobId(path);
    try {
      return storage.delete(BlobId.of(id.getBucket(), id.getName(), generation),
          Storage.BlobSourceOption.generationMatch());
    } catch (StorageException e) {
      if (e.getCode() == PRECONDITION_FAILED) {
        return false;
      }
      throw new IOException("cannot release the lease " + path + ": " + e.getMessage(), e);
    }
  }

  static BlobId blobId(String path) {
    URI uri = URI.create(path);
    if (!"gs".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("not a gs://bucket/object path: " + path);
    }
    String name = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
    return BlobId.of(uri.getHost(), name);
  }
}
