package com.amperityworkflowruns.simulator;

/** How every 200 answer of the runs endpoint is corrupted, to test that clients fail clearly. */
public enum MalformedMode {
  /** Serve the documented envelope {@code {"data":[...],"next_token":"..."}}. */
  NONE,
  /** Serve a body that is not JSON at all. */
  NOT_JSON,
  /** Serve an HTML page (as a proxy or login page would) with status 200. */
  HTML_PAGE,
  /** Serve a bare run object without the envelope, as the reference page's example shows. */
  NO_ENVELOPE
}
