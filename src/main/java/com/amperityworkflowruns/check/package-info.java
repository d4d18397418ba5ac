/**
 * {@code check}: a tenant, its credentials, the API's page limit and the Google Cloud resources of
 * a job, each checked in seconds before the first job, one line each. The API is asked a handful
 * of requests through the reader's own client and rate budget ({@link
 * com.amperityworkflowruns.io.ApiProbe}); Google Cloud through seams ({@link
 * com.amperityworkflowruns.check.GoogleCloud}, the secret store, the table store and Beam's file
 * systems) that tests replace with in-memory fakes. Every check runs under a deadline.
 */
package com.amperityworkflowruns.check;
