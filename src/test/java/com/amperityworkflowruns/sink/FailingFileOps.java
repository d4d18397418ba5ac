package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.FileOps;
import java.io.IOException;
import java.util.List;

/** Real file operations that crash (throw) instead of performing mutation number {@code k}. */
public final class FailingFileOps implements FileOps {
  /** Stands for the process dying: nothing after it runs. */
  public static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(int k) {
      super("simulated crash before mutation " + k);
    }
  }

  private final FileOps real = BeamFileOps.INSTANCE;
  private final int crashAt;
  private int mutations;

  /** Performs {@code crashAt} mutations, then crashes on the next one. */
  public FailingFileOps(int crashAt) {
    this.crashAt = crashAt;
  }

  int mutations() {
    return mutations;
  }

  private void mutate() {
    if (mutations == crashAt) {
      throw new SimulatedCrash(crashAt);
    }
    mutations++;
  }

  @Override
  public List<FileInfo> list(String glob) throws IOException {
    return real.list(glob);
  }

  @Override
  public boolean exists(String path) throws IOException {
    return real.exists(path);
  }

  @Override
  public void delete(String path) throws IOException {
    mutate();
    real.delete(path);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    mutate();
    real.rename(from, to);
  }

  @Override
  public void write(String path, byte[] bytes) throws IOException {
    mutate();
    real.write(path, bytes);
  }

  @Override
  public byte[] read(String path) throws IOException {
    return real.read(path);
  }

  @Override
  public void removeEmptyDirectory(String dir) {
    mutate();
    real.removeEmptyDirectory(dir);
  }
}
