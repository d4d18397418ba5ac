# BigQuery output (option format = "bigquery"): the dataset, its three tables and the job's
# access to them. The tables' columns, day partitioning and clustering are read from the same
# files the pipeline reads (src/main/resources/bigquery/), so the two cannot drift apart; the
# pipeline also creates a missing table from them and refuses one whose schema conflicts.

locals {
  bigquery_dir = "${path.module}/../src/main/resources/bigquery"
  # Table name => partitioning and clustering; empty unless the format is bigquery.
  bigquery_tables = {
    for name, layout in jsondecode(file("${local.bigquery_dir}/tables.json")) : name => layout
    if local.bigquery
  }
}

resource "google_bigquery_dataset" "runs" {
  count       = local.bigquery ? 1 : 0
  dataset_id  = var.bigquery_dataset_id
  location    = var.region
  description = "amperity-workflow-runs: workflow_runs, workflow_type_stats and rejects (batch), finished_runs, type_stats_hourly and rejects_stream (stream); one partition per UTC day."
}

resource "google_bigquery_table" "runs" {
  for_each   = local.bigquery_tables
  dataset_id = google_bigquery_dataset.runs[0].dataset_id
  table_id   = each.key
  schema     = jsonencode(jsondecode(file("${local.bigquery_dir}/${each.key}.json")))
  clustering = length(each.value.clustering) > 0 ? each.value.clustering : null

  time_partitioning {
    type  = each.value.partition_type
    field = each.value.partition_field
  }

  # The tables hold the users' data: `terraform destroy` must not drop them by accident.
  deletion_protection = true
}

# Least privilege: edit tables of this dataset only (the job creates and drops its staging
# tables there and replaces days in the three tables) ...
resource "google_bigquery_dataset_iam_member" "job_edits_dataset" {
  count      = local.bigquery ? 1 : 0
  dataset_id = google_bigquery_dataset.runs[0].dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.job.email}"
}

# ... and run load and query jobs, which BigQuery grants per project only.
resource "google_project_iam_member" "job_runs_bigquery_jobs" {
  count   = local.bigquery ? 1 : 0
  project = var.project
  role    = "roles/bigquery.jobUser"
  member  = "serviceAccount:${google_service_account.job.email}"
}
