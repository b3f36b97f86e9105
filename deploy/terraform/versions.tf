terraform {
  required_version = ">= 1.5"

  # State lives in the Sync Tasks project's GitLab-managed Terraform state, never in a
  # local file: it holds the two secrets. The address, lock address and credentials are
  # given at `terraform init` (see backend.hcl.example and docs/operations.md), the
  # token through TF_HTTP_PASSWORD.
  backend "http" {
    lock_method    = "POST"
    unlock_method  = "DELETE"
    retry_wait_min = 5
  }
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
