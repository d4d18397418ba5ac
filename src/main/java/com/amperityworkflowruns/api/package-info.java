/**
 * The Amperity runs API client: page requests and pages, credentials and token providers, the
 * response classifier, the retry policy and the connection probe. {@link
 * com.amperityworkflowruns.api.RunsApiClient} is the seam the fetcher sees; {@link
 * com.amperityworkflowruns.api.HttpRunsApiClient} is the real one, built from {@link
 * com.amperityworkflowruns.api.ClientSettings}.
 *
 * <p>Plain Java. It must not import Beam, and must not know about rate budgets ({@code pacing}),
 * page scheduling ({@code fetch}) or the read's Beam configuration ({@code io}).
 */
package com.amperityworkflowruns.api;
