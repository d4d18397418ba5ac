# Optional (var.memorystore): a Memorystore for Redis instance on the job's network that holds the
# tenant's shared rate budget, so that every worker of every job on the tenant shares its
# 10 requests/s (--rateLimiter=redis) instead of each worker keeping rateLimit / maxNumWorkers.
# AUTH and in-transit encryption are on; the AUTH string and the server's CA certificate go to
# Secret Manager, from which the launcher and the workers read them. See docs/dataflow.md.

locals {
  # The job's options with the shared budget; main.tf adds redis = HOST:PORT of the instance and
  # runs the workers on var.network.
  redis_options = var.memorystore ? {
    rateLimiter         = "redis"
    redisTls            = "true"
    redisAuthSecretName = "projects/${var.project}/secrets/${var.redis_auth_secret_id}"
    redisCaSecretName   = "projects/${var.project}/secrets/${var.redis_ca_secret_id}"
  } : {}
}

resource "google_redis_instance" "rate_budget" {
  count          = var.memorystore ? 1 : 0
  name           = "amperity-runs-rate-budget"
  region         = var.region
  tier           = "BASIC"
  memory_size_gb = 1
  redis_version  = "REDIS_7_0"

  # Reachable from the Dataflow workers, which run on the same network (option network).
  authorized_network      = var.network
  connect_mode            = "DIRECT_PEERING"
  auth_enabled            = true
  transit_encryption_mode = "SERVER_AUTHENTICATION"
}

# The AUTH string and the server CA, as the job reads its other secrets. Terraform's state holds
# the AUTH string anyway (an attribute of the instance): keep the state private.
resource "google_secret_manager_secret" "redis_auth" {
  count     = var.memorystore ? 1 : 0
  secret_id = var.redis_auth_secret_id
  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "redis_auth" {
  count       = var.memorystore ? 1 : 0
  secret      = google_secret_manager_secret.redis_auth[0].id
  secret_data = google_redis_instance.rate_budget[0].auth_string
}

resource "google_secret_manager_secret" "redis_ca" {
  count     = var.memorystore ? 1 : 0
  secret_id = var.redis_ca_secret_id
  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "redis_ca" {
  count       = var.memorystore ? 1 : 0
  secret      = google_secret_manager_secret.redis_ca[0].id
  secret_data = google_redis_instance.rate_budget[0].server_ca_certs[0].cert
}

resource "google_secret_manager_secret_iam_member" "job_reads_redis_auth" {
  count     = var.memorystore ? 1 : 0
  secret_id = google_secret_manager_secret.redis_auth[0].id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.job.email}"
}

resource "google_secret_manager_secret_iam_member" "job_reads_redis_ca" {
  count     = var.memorystore ? 1 : 0
  secret_id = google_secret_manager_secret.redis_ca[0].id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.job.email}"
}
