package com.amperityworkflowruns.simulator;

/** A request the simulator rejects with a JSON error body of the given status. */
final class ApiError extends Exception {
  private static final long serialVersionUID = 1L;
  final int status;

  ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  static ApiError invalidNextToken() {
    return new ApiError(400, "invalid next_token");
  }
}
