package com.amperityworkflowruns.publish;

/**
 * A publish that was refused before it changed anything published: the output is as it was. The
 * message is one line for the user, naming the cause and the way out (an option, another output,
 * or waiting for another job).
 */
public final class PublishRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PublishRefusedException(String message) {
    super(message);
  }
}
