variable "gitlab_base_url" {
  description = "API root of the GitLab instance holding the Sync Tasks project."
  type        = string
  default     = "https://gitlab.example.ac.uk/api/v4/"
}

variable "project" {
  description = "Path or id of the Sync Tasks project that runs essm-sync."
  type        = string
  default     = "timetabling/sync-tasks"
}

variable "ref" {
  description = "Branch the schedules run on."
  type        = string
  default     = "main"
}

variable "schedules" {
  description = "One pipeline schedule per operation: when it runs and what it syncs."
  type = map(object({
    cron       = string
    operations = string
  }))
  default = {
    buildings = { cron = "0 1 * * *", operations = "buildings" }
    rooms     = { cron = "15 1 * * *", operations = "rooms" }
    bookings  = { cron = "30 1 * * *", operations = "bookings" }
  }
}

variable "termtime_api_key" {
  description = "TermTime API key of the sync's user (20 letters and digits)."
  type        = string
  sensitive   = true
}

variable "booker_password" {
  description = "Booker password of the sync's user."
  type        = string
  sensitive   = true
}
