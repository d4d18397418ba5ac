# Schedules the nightly job (../pipelines/nightly.yaml) as a Dataflow Flex Template launched by
# Cloud Scheduler. The job definition is the one source of truth: its schedule, time zone and
# options are read from the file, and only the values that differ per deployment come from
# variables (variables.tf). See docs/dataflow.md.

locals {
  definition = yamldecode(file("${path.module}/../pipelines/nightly.yaml"))

  # The output format: the variable, else the definition's, else the job's default.
  format   = coalesce(var.format, lookup(local.definition.options, "format", "parquet"))
  bigquery = local.format == "bigquery"
  # The option bigqueryDataset, PROJECT:DATASET, of the dataset created in bigquery.tf.
  bigquery_dataset = "${var.project}:${var.bigquery_dataset_id}"

  overrides = {
    project         = var.project
    region          = var.region
    tenant          = var.tenant
    output          = var.output
    clientId        = var.client_id
    maxNumWorkers   = var.max_num_workers == null ? null : tostring(var.max_num_workers)
    tempLocation    = var.temp_location
    format          = var.format
    bigqueryDataset = local.bigquery ? local.bigquery_dataset : null
    subnetwork      = var.subnetwork
    usePublicIps    = var.use_public_ips == null ? null : tostring(var.use_public_ips)
  }
  set_overrides = { for name, value in local.overrides : name => value if value != null }

  # The job reads the client secret from the secret created below (its latest version).
  secret_option = { clientSecretName = "projects/${var.project}/secrets/${var.client_secret_id}" }

  # Every option as the string the launcher sees on its command line.
  options = {
    for name, value in merge(local.definition.options, local.secret_option, local.set_overrides) : name => tostring(value)
  }

  # Options the launch request sets itself: project and region in its URL, the others in its
  # `environment` (below). The runner is implied: a Flex Template always runs on Dataflow.
  launch_options = [
    "runner", "project", "region", "tempLocation", "stagingLocation", "maxNumWorkers",
    "numWorkers", "serviceAccount", "subnetwork", "usePublicIps",
  ]
  parameters = {
    for name, value in local.options : name => value if !contains(local.launch_options, name)
  }

  # The fixed pool the job divides its rate budget among: maxNumWorkers, else numWorkers.
  workers = try(tonumber(local.options.maxNumWorkers), tonumber(local.options.numWorkers), null)

  # Where the launch stages the job file and the jar. Without it Dataflow picks its own default
  # bucket, on which the job's account has no right ("Failed to read the job file"). Beam's own
  # default when run by hand: a folder under tempLocation.
  staging_location = lookup(
    local.options, "stagingLocation", "${trimsuffix(local.options.tempLocation, "/")}/staging"
  )

  # The launch request's `environment` (FlexTemplateRuntimeEnvironment), but for the service
  # account (a resource attribute, added in the job below): staging and temporary files, a fixed
  # pool with autoscaling off, and the network when set.
  launch_environment = merge(
    {
      tempLocation         = local.options.tempLocation
      stagingLocation      = local.staging_location
      numWorkers           = local.workers
      maxWorkers           = local.workers
      autoscalingAlgorithm = "AUTOSCALING_ALGORITHM_NONE"
    },
    contains(keys(local.options), "subnetwork") ? { subnetwork = local.options.subnetwork } : {},
    lookup(local.options, "usePublicIps", "true") == "false" ? { ipConfiguration = "WORKER_IP_PRIVATE" } : {},
  )

  output_bucket   = try(regex("^gs://([^/]+)", local.options.output)[0], null)
  temp_bucket     = try(regex("^gs://([^/]+)", local.options.tempLocation)[0], null)
  staging_bucket  = try(regex("^gs://([^/]+)", local.staging_location)[0], null)
  template_bucket = regex("^gs://([^/]+)", var.template_spec)[0]

  # The APIs the job and its launch call; the same list as the `gcloud services enable` step of
  # docs/dataflow.md.
  apis = [
    "dataflow.googleapis.com", "compute.googleapis.com", "logging.googleapis.com",
    "storage.googleapis.com", "cloudscheduler.googleapis.com", "secretmanager.googleapis.com",
    "artifactregistry.googleapis.com", "bigquery.googleapis.com",
    "bigquerystorage.googleapis.com",
  ]

  # Fixed: Dataflow refuses a second running job of the same name, so a slow night never overlaps
  # the next one.
  job_name = "amperity-workflow-runs-nightly"
}

resource "google_cloud_scheduler_job" "nightly" {
  name        = local.job_name
  region      = var.region
  description = local.definition.description
  schedule    = local.definition.schedule
  time_zone   = local.definition.time_zone

  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/${var.project}/locations/${var.region}/flexTemplates:launch"
    headers     = { "Content-Type" = "application/json" }
    body = base64encode(jsonencode({
      launchParameter = {
        jobName              = local.job_name
        containerSpecGcsPath = var.template_spec
        parameters = merge(local.parameters, local.redis_options, var.memorystore ? {
          redis = "${google_redis_instance.rate_budget[0].host}:${google_redis_instance.rate_budget[0].port}"
        } : {})
        environment = merge(local.launch_environment, {
          serviceAccountEmail = google_service_account.job.email
        }, var.memorystore ? { network = var.network } : {})
      }
    }))

    oauth_token {
      service_account_email = google_service_account.scheduler.email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  lifecycle {
    precondition {
      condition     = length([for name, value in local.options : name if strcontains(value, "REPLACE_WITH")]) == 0
      error_message = "pipelines/nightly.yaml still has REPLACE_WITH_ placeholders: set the variables tenant, output, client_id and temp_location (or edit the file)."
    }
    precondition {
      condition     = lookup(local.options, "runner", "") == "DataflowRunner"
      error_message = "pipelines/nightly.yaml must set runner: DataflowRunner: the template always runs on Dataflow."
    }
    precondition {
      condition     = local.output_bucket != null && local.temp_bucket != null && local.staging_bucket != null
      error_message = "output, tempLocation and stagingLocation must all be gs://bucket/prefix paths."
    }
    precondition {
      condition     = coalesce(local.workers, 0) >= 1
      error_message = "set maxNumWorkers (or numWorkers) in pipelines/nightly.yaml or the variable max_num_workers: the rate budget is divided among that many workers."
    }
    precondition {
      condition     = lookup(local.options, "mode", "batch") == "batch" && lookup(local.options, "streaming", "false") == "false"
      error_message = "pipelines/nightly.yaml must be a batch job: a stream runs for ever and is launched by hand (docs/dataflow.md, \"The stream job\")."
    }
    precondition {
      condition = (
        contains(keys(local.options), "lookbackDays")
        && length(setintersection(keys(local.options), ["createdFrom", "createdTo"])) == 0
      )
      error_message = "the nightly job needs lookbackDays and neither createdFrom nor createdTo: a fixed range would re-read the same days every night."
    }
  }

  # The first launch must not race the grants and APIs it needs.
  depends_on = [
    google_project_service.apis,
    google_project_iam_member.scheduler_launches_jobs,
    google_service_account_iam_member.scheduler_acts_as_job,
    google_storage_bucket_iam_member.scheduler_reads_template,
    google_project_iam_member.job_is_dataflow_worker,
    google_storage_bucket_iam_member.job_writes_objects,
    google_project_iam_member.job_is_viewer,
    google_artifact_registry_repository_iam_member.job_pulls_image,
    google_bigquery_table.runs,
    google_bigquery_dataset_iam_member.job_edits_dataset,
    google_project_iam_member.job_runs_bigquery_jobs,
    google_secret_manager_secret_version.redis_auth,
    google_secret_manager_secret_version.redis_ca,
    google_secret_manager_secret_iam_member.job_reads_redis_auth,
    google_secret_manager_secret_iam_member.job_reads_redis_ca,
  ]
}

# The APIs of local.apis. Left enabled on `terraform destroy`: other work in the project may use
# them.
resource "google_project_service" "apis" {
  for_each           = toset(local.apis)
  project            = var.project
  service            = each.value
  disable_on_destroy = false
}

# The launcher image of the Flex Template (`docker push` puts it here).
resource "google_artifact_registry_repository" "templates" {
  location      = var.region
  repository_id = "amperity-workflow-runs"
  format        = "DOCKER"
  description   = "Flex Template launcher image of the amperity-workflow-runs job"

  depends_on = [google_project_service.apis]
}

# Created empty: an operator adds the value (docs/dataflow.md), so it never enters the state.
resource "google_secret_manager_secret" "client_secret" {
  secret_id = var.client_secret_id

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}
