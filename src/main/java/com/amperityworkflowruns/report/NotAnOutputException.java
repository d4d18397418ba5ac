package com.amperityworkflowruns.report;

/** The folder given is not (or not entirely) an output of this job; the message names what. */
public final class NotAnOutputException extends Exception {
  private static final long serialVersionUID = 1L;

  NotAnOutputException(String message) {
    super(message);
  }

  NotAnOutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
