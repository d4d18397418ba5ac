# Two service accounts, each with only what its step needs.

# The job: the Flex Template launcher VM and the Dataflow workers run as it.
resource "google_service_account" "job" {
  account_id   = "amperity-runs-job"
  display_name = "amperity-workflow-runs: Dataflow launcher and workers"
}

resource "google_project_iam_member" "job_is_dataflow_worker" {
  project = var.project
  role    = "roles/dataflow.worker"
  member  = "serviceAccount:${google_service_account.job.email}"
}

# Viewer on the project: the Flex Template documentation lists it among the roles of the account
# the launcher VM and the workers run as (docs/decisions.md, "Flex Template launches"). It reads,
# never writes, every resource of the project.
resource "google_project_iam_member" "job_is_viewer" {
  project = var.project
  role    = "roles/viewer"
  member  = "serviceAccount:${google_service_account.job.email}"
}

# Writes the output, Dataflow's temporary files and the launch's staged files (one binding per
# bucket when they share one).
resource "google_storage_bucket_iam_member" "job_writes_objects" {
  for_each = toset(compact([local.output_bucket, local.temp_bucket, local.staging_bucket]))
  bucket   = each.value
  role     = "roles/storage.objectAdmin"
  member   = "serviceAccount:${google_service_account.job.email}"
}

resource "google_secret_manager_secret_iam_member" "job_reads_client_secret" {
  secret_id = google_secret_manager_secret.client_secret.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.job.email}"
}

# The launcher VM pulls the template's image.
resource "google_artifact_registry_repository_iam_member" "job_pulls_image" {
  location   = google_artifact_registry_repository.templates.location
  repository = google_artifact_registry_repository.templates.name
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:${google_service_account.job.email}"
}

# Cloud Scheduler calls flexTemplates:launch with this account's OAuth token.
resource "google_service_account" "scheduler" {
  account_id   = "amperity-runs-scheduler"
  display_name = "amperity-workflow-runs: launches the nightly Flex Template"
}

resource "google_project_iam_member" "scheduler_launches_jobs" {
  project = var.project
  role    = "roles/dataflow.developer"
  member  = "serviceAccount:${google_service_account.scheduler.email}"
}

# Launching a job that runs as the job account requires acting as it.
resource "google_service_account_iam_member" "scheduler_acts_as_job" {
  service_account_id = google_service_account.job.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.scheduler.email}"
}

resource "google_storage_bucket_iam_member" "scheduler_reads_template" {
  bucket = local.template_bucket
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.scheduler.email}"
}
