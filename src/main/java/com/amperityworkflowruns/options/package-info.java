/**
 * The job's pipeline options ({@link com.amperityworkflowruns.options.WorkflowRunsOptions},
 * {@link com.amperityworkflowruns.options.PublishOptions}): every option with the default its
 * annotation sets and a description that states it.
 *
 * <p>Declarations only: the launcher reads them and hands the rest settings.
 */
package com.amperityworkflowruns.options;
