# The Sync Tasks project's schedules for essm-sync: one pipeline schedule per operation,
# staggered, each telling the pipeline (deploy/gitlab) which operations to sync.

resource "gitlab_pipeline_schedule" "essm_sync" {
  for_each = var.schedules

  project       = var.project
  description   = "essm-sync ${each.key}"
  ref           = var.ref
  cron          = each.value.cron
  cron_timezone = "Europe/London"
  active        = true
}

resource "gitlab_pipeline_schedule_variable" "operations" {
  for_each = var.schedules

  project              = var.project
  pipeline_schedule_id = gitlab_pipeline_schedule.essm_sync[each.key].pipeline_schedule_id
  key                  = "ESSM_SYNC_OPERATIONS"
  value                = each.value.operations
}

# Each schedule pushes its metrics under its own instance name, so that a bookings run
# never replaces a rooms run's metrics in the Pushgateway.
resource "gitlab_pipeline_schedule_variable" "metrics_instance" {
  for_each = var.schedules

  project              = var.project
  pipeline_schedule_id = gitlab_pipeline_schedule.essm_sync[each.key].pipeline_schedule_id
  key                  = "ESSM_SYNC_METRICS__INSTANCE"
  value                = "essm-sync-${each.key}"
}

resource "gitlab_project_variable" "termtime_api_key" {
  project   = var.project
  key       = "ESSM_SYNC_TERMTIME__API_KEY"
  value     = var.termtime_api_key
  masked    = true
  protected = true
}

resource "gitlab_project_variable" "booker_password" {
  project   = var.project
  key       = "ESSM_SYNC_BOOKER__PASSWORD"
  value     = var.booker_password
  masked    = true
  protected = true
}
