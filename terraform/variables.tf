# A variable named after a pipeline option overrides that option of ../pipelines/nightly.yaml, as
# a command-line option overrides it for the launcher; left null, the file's value is used:
#
#   variable          option
#   project           project
#   region            region
#   tenant            tenant
#   output            output
#   client_id         clientId
#   max_num_workers   maxNumWorkers
#   temp_location     tempLocation
#   format            format
#   subnetwork        subnetwork
#   use_public_ips    usePublicIps
#
# No variable carries a secret. A `sensitive` variable is still written to the state file, so the
# OAuth client secret never passes through Terraform: Terraform creates the Secret Manager secret
# and an operator adds its value with `gcloud secrets versions add` (docs/dataflow.md).

variable "project" {
  description = "Google Cloud project that runs the job and holds its resources (option project)."
  type        = string
}

variable "region" {
  description = "Region of the Dataflow job, the Cloud Scheduler job and the image repository (option region)."
  type        = string
}

variable "tenant" {
  description = "Amperity tenant id (option tenant). Default: the value in pipelines/nightly.yaml."
  type        = string
  default     = null
}

variable "output" {
  description = "Output prefix, gs://bucket/prefix (option output). Default: the value in pipelines/nightly.yaml."
  type        = string
  default     = null
}

variable "client_id" {
  description = "OAuth client id, not a secret (option clientId). Default: the value in pipelines/nightly.yaml."
  type        = string
  default     = null
}

variable "max_num_workers" {
  description = "Dataflow workers at most; each gets rateLimit / maxNumWorkers requests/s (option maxNumWorkers). Default: the value in pipelines/nightly.yaml."
  type        = number
  default     = null

  validation {
    condition     = coalesce(var.max_num_workers, 1) >= 1
    error_message = "max_num_workers must be at least 1."
  }
}

variable "temp_location" {
  description = "Dataflow staging and temporary files, gs://bucket/prefix (option tempLocation). Default: the value in pipelines/nightly.yaml."
  type        = string
  default     = null
}

variable "template_spec" {
  description = "gs:// path of the Flex Template spec file that `gcloud dataflow flex-template build` writes (docs/dataflow.md)."
  type        = string

  validation {
    condition     = can(regex("^gs://[^/]+/.+\\.json$", var.template_spec))
    error_message = "template_spec must be a gs://bucket/path.json file, the first argument of `gcloud dataflow flex-template build`."
  }
}

variable "client_secret_id" {
  description = "Secret Manager secret (created here, value added by hand) holding the OAuth client secret."
  type        = string
  default     = "amperity-client-secret"
}

variable "format" {
  description = "Output format, parquet (files under output) or bigquery (tables in the dataset bigquery_dataset_id) (option format). Default: the value in pipelines/nightly.yaml."
  type        = string
  default     = null

  validation {
    condition     = var.format == null || contains(["parquet", "bigquery"], coalesce(var.format, "parquet"))
    error_message = "format must be parquet or bigquery."
  }
}

variable "bigquery_dataset_id" {
  description = "With format = bigquery: the dataset created for the three tables, in var.region; the job gets option bigqueryDataset = PROJECT:DATASET."
  type        = string
  default     = "amperity_workflow_runs"

  validation {
    condition     = can(regex("^[A-Za-z0-9_]+$", var.bigquery_dataset_id)) && length(var.bigquery_dataset_id) <= 1024
    error_message = "bigquery_dataset_id may hold only letters, digits and underscores."
  }
}

variable "subnetwork" {
  description = "Subnetwork of the launcher VM and the workers, regions/REGION/subnetworks/NAME or a full URL (option subnetwork). Default: the value in pipelines/nightly.yaml, else the network \"default\"."
  type        = string
  default     = null
}

variable "use_public_ips" {
  description = "false: workers get private IPs only (ipConfiguration WORKER_IP_PRIVATE); the subnetwork then needs Cloud NAT to reach the Amperity API and Private Google Access for Google APIs (option usePublicIps). Default: the value in pipelines/nightly.yaml, else public IPs."
  type        = bool
  default     = null
}

variable "memorystore" {
  description = "Create a Memorystore for Redis instance on var.network and share the tenant's rate budget through it (options rateLimiter=redis, redis, redisTls, redisAuthSecretName, redisCaSecretName, network): every worker may use the whole rateLimit. Default: false (rateLimiter=local, each worker keeps rateLimit / maxNumWorkers)."
  type        = bool
  default     = false
}

variable "network" {
  description = "With memorystore: the VPC network of the Dataflow workers and of the instance (option network). Default: default, Dataflow's own default."
  type        = string
  default     = "default"
}

variable "redis_auth_secret_id" {
  description = "With memorystore: the Secret Manager secret created to hold the instance's AUTH string."
  type        = string
  default     = "amperity-redis-auth"
}

variable "redis_ca_secret_id" {
  description = "With memorystore: the Secret Manager secret created to hold the instance's server CA certificate."
  type        = string
  default     = "amperity-redis-ca"
}
