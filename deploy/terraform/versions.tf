terraform {
  required_version = ">= 1.5"
  required_providers {
    gitlab = {
      source  = "gitlabhq/gitlab"
      version = "~> 17.0"
    }
  }
}

# The token comes from the GITLAB_TOKEN environment variable, never from a file.
provider "gitlab" {
  base_url = var.gitlab_base_url
}
