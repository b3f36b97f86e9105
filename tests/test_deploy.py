"""The deploy files: Terraform uses only what the GitLab provider documents, the CronJob
meets the Pod Security "restricted" profile, and the GitLab template lets exit 4 pass.

The validators themselves (check-jsonschema, kubernetes-validate, hadolint) run in
`nox -s deploy`; these tests check what no schema does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import hcl2
import yaml

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"

# The arguments the gitlabhq/gitlab provider (17.x) documents for each resource used.
PROVIDER_DOCS: dict[str, set[str]] = {
    "gitlab_pipeline_schedule": {
        "project", "description", "ref", "cron", "cron_timezone", "active", "take_ownership",
    },
    "gitlab_pipeline_schedule_variable": {
        "project", "pipeline_schedule_id", "key", "value", "variable_type",
    },
    "gitlab_project_variable": {
        "project", "key", "value", "protected", "masked", "environment_scope",
        "variable_type", "raw", "description", "hidden",
    },
}  # fmt: skip
REQUIRED: dict[str, set[str]] = {
    "gitlab_pipeline_schedule": {"project", "description", "ref", "cron"},
    "gitlab_pipeline_schedule_variable": {"project", "pipeline_schedule_id", "key", "value"},
    "gitlab_project_variable": {"project", "key", "value"},
}
META = {"for_each", "count", "depends_on", "lifecycle", "provider"}
PROVIDER_ARGS = {
    "token", "base_url", "cacert_file", "insecure", "client_cert", "client_key",
    "early_auth_check", "retries", "headers", "config_file", "config_context",
}  # fmt: skip


def _terraform() -> dict[str, list[Any]]:
    merged: dict[str, list[Any]] = {}
    for path in sorted((DEPLOY / "terraform").glob("*.tf")):
        with path.open() as handle:
            for key, blocks in hcl2.load(handle).items():
                merged.setdefault(key, []).extend(blocks)
    return merged


def _clean(value: Any) -> Any:
    # python-hcl2 keeps the quotes of string literals.
    return value.strip('"') if isinstance(value, str) else value


def test_terraform_uses_only_documented_resources_and_arguments() -> None:
    """Every resource is one the provider documents, with documented arguments only and
    every required one given; the provider block too."""
    parsed = _terraform()
    resources = [
        (_clean(kind), _clean(name), body)
        for block in parsed["resource"]
        for kind, named in block.items()
        for name, body in named.items()
    ]
    assert {kind for kind, _, _ in resources} == set(PROVIDER_DOCS)
    for kind, name, body in resources:
        arguments = {key for key in body if not key.startswith("__")} - META
        assert arguments <= PROVIDER_DOCS[kind], (kind, name, arguments - PROVIDER_DOCS[kind])
        assert REQUIRED[kind] <= arguments, (kind, name)
    (provider,) = [p for block in parsed["provider"] for p in block.items()]
    assert _clean(provider[0]) == "gitlab"
    assert set(provider[1]) - {"__is_block__"} <= PROVIDER_ARGS
    assert "token" not in provider[1]  # from GITLAB_TOKEN, never a file


def test_terraform_schedules_one_pipeline_per_operation_and_masks_secrets() -> None:
    """The default schedules cover each operation once; both secrets are masked."""
    parsed = _terraform()
    variables = {_clean(k): v for block in parsed["variable"] for k, v in block.items()}
    schedules = variables["schedules"]["default"]
    operations = sorted(_clean(s["operations"]) for s in schedules.values())
    assert operations == ["bookings", "buildings", "rooms"]
    for name in ("termtime_api_key", "booker_password"):
        assert variables[name]["sensitive"] is True
    secrets = [
        body for block in parsed["resource"] for kind, named in block.items()
        if _clean(kind) == "gitlab_project_variable" for body in named.values()
    ]  # fmt: skip
    assert all(body["masked"] is True and body["protected"] is True for body in secrets)


def _documents(name: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all((DEPLOY / "kubernetes" / name).read_text()) if d]


def test_cronjob_meets_the_restricted_pod_security_profile() -> None:
    """The rules of the "restricted" profile, checked one by one on the pod template."""
    (cronjob,) = [d for d in _documents("cronjob.yaml") if d["kind"] == "CronJob"]
    pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert not any(pod.get(k) for k in ("hostNetwork", "hostPID", "hostIPC"))
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert pod["securityContext"]["seccompProfile"]["type"] in ("RuntimeDefault", "Localhost")
    allowed_volumes = {"configMap", "emptyDir", "secret", "projected", "downwardAPI",
                       "persistentVolumeClaim", "csi", "ephemeral"}  # fmt: skip
    for volume in pod["volumes"]:
        assert set(volume) - {"name"} <= allowed_volumes
    for container in pod["containers"]:
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False
        assert context.get("privileged") is not True
        assert context["capabilities"]["drop"] == ["ALL"]
        assert set(context["capabilities"].get("add", [])) <= {"NET_BIND_SERVICE"}
        assert context["readOnlyRootFilesystem"] is True
        assert not container.get("ports")


def test_cronjob_runs_one_at_a_time_with_its_secret() -> None:
    """Forbid keeps runs apart on a cluster; the secret's keys reach the container."""
    (cronjob,) = [d for d in _documents("cronjob.yaml") if d["kind"] == "CronJob"]
    (secret,) = _documents("secret.yaml")
    assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"
    (container,) = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert container["envFrom"] == [{"secretRef": {"name": secret["metadata"]["name"]}}]
    assert set(secret["stringData"]) == {
        "ESSM_SYNC_TERMTIME__API_KEY", "ESSM_SYNC_BOOKER__PASSWORD",
    }  # fmt: skip


def test_alerts_fire_on_no_success_and_clear_on_the_next_one() -> None:
    """No alert counts failed jobs (that keeps firing after a success); one fires when no
    run succeeded for over a day."""
    (rule,) = _documents("alerts.yaml")
    expressions = {r["alert"]: r["expr"] for g in rule["spec"]["groups"] for r in g["rules"]}
    assert "kube_cronjob_status_last_successful_time" in expressions["EssmSyncNoSuccess"]
    assert not any("kube_job_status_failed" in e for e in expressions.values())


def test_gitlab_template_lets_exit_4_warn_and_keeps_runs_apart() -> None:
    """Exit 4 (conflicts, held rooms) shows as a warning; one run at a time per project."""
    pipeline = yaml.safe_load((DEPLOY / "gitlab" / "essm-sync.gitlab-ci.yml").read_text())
    assert pipeline["sync"]["allow_failure"] == {"exit_codes": [4]}
    assert pipeline[".essm-sync"]["resource_group"] == "essm-sync"
    assert "$ESSM_SYNC_OPERATIONS" in pipeline["sync"]["script"][0]
