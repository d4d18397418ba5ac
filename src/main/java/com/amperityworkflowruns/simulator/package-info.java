/**
 * An embedded, deterministic simulator of Amperity's {@code GET /workflow/runs} API and its
 * OAuth token endpoint, serving a synthetic tenant on loopback.
 *
 * <p>It serves the demo command, the tests and the throughput benchmark. It reproduces the
 * documented API's rough edges on purpose: every spelling of every state, partial timestamps,
 * schema drift, malformed records, a strict 10 requests per second rate limit, 5xx and HTML error
 * pages, dropped connections, repeated runs across pages and refused cursors.
 *
 * <p>Entry points: {@link com.amperityworkflowruns.simulator.SimulatorConfig} (immutable
 * settings), {@link com.amperityworkflowruns.simulator.ApiSimulator} (the running server) and
 * {@link com.amperityworkflowruns.simulator.SyntheticTenant} (the expected data, for tests).
 */
package com.amperityworkflowruns.simulator;
