/**
 * Google Cloud behind small seams: where secrets come from ({@link
 * com.amperityworkflowruns.gcp.SecretStore}, Secret Manager in production, an in-memory store in
 * tests) and whether this machine has Google credentials at all ({@link
 * com.amperityworkflowruns.gcp.GoogleAuth}), so that a job without them fails in one line instead
 * of retrying for minutes.
 */
package com.amperityworkflowruns.gcp;
