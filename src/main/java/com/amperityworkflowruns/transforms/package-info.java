/**
 * Transforms from raw API records to normalized runs, de-duplicated runs and per-type reliability
 * statistics: {@link com.amperityworkflowruns.transforms.NormalizeRuns}, {@link
 * com.amperityworkflowruns.transforms.DeduplicateRuns} and {@link
 * com.amperityworkflowruns.transforms.ComputeTypeStats}.
 */
package com.amperityworkflowruns.transforms;
