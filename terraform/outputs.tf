output "scheduler_job" {
  description = "Cloud Scheduler job that launches the nightly run (`gcloud scheduler jobs run` it to launch now)."
  value       = google_cloud_scheduler_job.nightly.name
}

output "dataflow_jobs_url" {
  description = "Console list of the project's Dataflow jobs, where each night's run appears."
  value       = "https://console.cloud.google.com/dataflow/jobs?project=${var.project}"
}

output "image_repository" {
  description = "Artifact Registry path for --image-gcr-path of `gcloud dataflow flex-template build`."
  value       = "${var.region}-docker.pkg.dev/${var.project}/${google_artifact_registry_repository.templates.repository_id}"
}

output "job_service_account" {
  description = "Service account the job runs as (pass --serviceAccount to run the backfill as it)."
  value       = google_service_account.job.email
}

output "staging_location" {
  description = "Where launches stage the job file and the jar (--staging-location of `gcloud dataflow flex-template run`)."
  value       = local.staging_location
}
