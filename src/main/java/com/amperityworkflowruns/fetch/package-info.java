/**
 * The page fetcher: {@link com.amperityworkflowruns.fetch.PageFetcher} sends page requests
 * through a {@link com.amperityworkflowruns.api.RunsApiClient} as the rate budget allows, with
 * its dispatcher, page table, read-ahead and the handling of answers (retries, 401 refresh).
 * Shards are planned here ({@link com.amperityworkflowruns.fetch.ShardPlanner}) as chains of
 * {@link com.amperityworkflowruns.fetch.Cursor}s.
 *
 * <p>Plain Java. It must not import Beam, and knows nothing of restrictions, trackers, coders or
 * DoFns: {@code io} adapts it to Beam.
 */
package com.amperityworkflowruns.fetch;
