/**
 * The command line and the jobs it starts: {@code Main}'s commands turn the pipeline options into
 * settings ({@link com.amperityworkflowruns.launcher.JobSettings} and its kin), build the batch
 * and stream pipelines from the product's transforms, run them on the Direct runner or Dataflow,
 * and report. The other commands ({@code check}, {@code migrate}) are in {@code
 * launcher.commands}, which uses this package; this package must not use it.
 *
 * <p>The only package that reads pipeline options, and the only one that starts the embedded
 * simulator ({@code EmbeddedApi}); see {@code ArchitectureTest}. It wires; it must not hold the
 * logic of reading, transforming or publishing.
 */
package com.amperityworkflowruns.launcher;
