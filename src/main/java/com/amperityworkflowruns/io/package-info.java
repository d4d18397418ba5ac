/**
 * The Beam side of the read: {@link com.amperityworkflowruns.io.RunsApiIO} (a created range) and
 * {@link com.amperityworkflowruns.io.FollowRuns} (runs as they end), their two splittable DoFns,
 * restrictions, trackers, coders and the spool, and the read's configuration ({@link
 * com.amperityworkflowruns.io.ReadConfig}) with what turns it into one fetcher and one rate
 * budget per read in a JVM.
 *
 * <p>Thin adapters over {@code api}, {@code pacing} and {@code fetch}, which must never call back
 * into this package. Keep HTTP, rate and scheduling logic out of here.
 */
package com.amperityworkflowruns.io;
