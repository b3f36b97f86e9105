"""The deploy files: Terraform uses only what the GitLab provider documents and keeps its
state in GitLab, the CronJob meets the Pod Security "restricted" profile, and a converged
run with conflicts is a success on both schedulers, with metrics pushed for the alerts.

The validators themselves (check-jsonschema, kubernetes-validate, hadolint) run in
`nox -s deploy`; these tests check what no schema does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import hcl2
import pytest
import yaml

from essm_sync.settings import load_settings

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
        "ESSM_SYNC_SERVE__WEBHOOK_SECRET",
    }  # fmt: skip


def test_alerts_read_the_runs_metrics_not_the_jobs_status() -> None:
    """Every alert is on essm-sync's own metrics: a Job's success no longer says whether
    the run left conflicts (run.incomplete_exit_code), and a failed Job stays failed."""
    (rule,) = _documents("alerts.yaml")
    expressions = [r["expr"] for g in rule["spec"]["groups"] for r in g["rules"]]
    assert all("essm_sync_" in e and "kube_" not in e for e in expressions)


def test_cronjob_settings_exit_0_for_conflicts_push_metrics_and_keep_the_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The ConfigMap is a valid settings file that maps exit 4 to 0 and pushes to a
    Pushgateway; the report goes to a volume that outlives the pod."""
    (config,) = [d for d in _documents("cronjob.yaml") if d["kind"] == "ConfigMap"]
    path = tmp_path / "essm-sync.toml"
    path.write_text(config["data"]["essm-sync.toml"])
    monkeypatch.setenv("ESSM_SYNC_TERMTIME__API_KEY", "A" * 20)
    monkeypatch.setenv("ESSM_SYNC_BOOKER__PASSWORD", "secret")
    settings = load_settings(path)
    assert settings.run.incomplete_exit_code == 0
    assert settings.metrics.pushgateway_url.startswith("http")
    (cronjob,) = [d for d in _documents("cronjob.yaml") if d["kind"] == "CronJob"]
    pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    report = Path(container["args"][container["args"].index("--report") + 1])
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    claim = volumes[mounts[str(report.parent)]]["persistentVolumeClaim"]["claimName"]
    assert claim in {d["metadata"]["name"] for d in _documents("cronjob.yaml")}


def test_gitlab_template_passes_converged_runs_and_keeps_runs_apart() -> None:
    """Exit 4 becomes 0 (no allow_failure needed), the run pushes its metrics and keeps
    its report and textfile; one run at a time per project."""
    pipeline = yaml.safe_load((DEPLOY / "gitlab" / "essm-sync.gitlab-ci.yml").read_text())
    assert pipeline["variables"]["ESSM_SYNC_RUN__INCOMPLETE_EXIT_CODE"] == "0"
    assert pipeline["variables"]["ESSM_SYNC_METRICS__PUSHGATEWAY_URL"].startswith("http")
    assert "allow_failure" not in pipeline["sync"]
    assert pipeline[".essm-sync"]["resource_group"] == "essm-sync"
    script = pipeline["sync"]["script"][0]
    assert "$ESSM_SYNC_OPERATIONS" in script
    assert "--metrics-file metrics.prom" in script
    assert set(pipeline["sync"]["artifacts"]["paths"]) == {"report.json", "metrics.prom"}


def test_terraform_keeps_its_state_in_gitlab_and_gives_each_schedule_its_own_instance() -> None:
    """An HTTP backend with no address or credentials in the files (given at init); one
    metrics instance name per schedule, so that their pushes never replace each other."""
    parsed = _terraform()
    (backend,) = [b for block in parsed["terraform"] for b in block.get("backend", [])]
    ((kind, settings),) = backend.items()
    assert _clean(kind) == "http"
    assert not {"address", "username", "password"} & set(settings)
    variables = [
        body for block in parsed["resource"] for kind, named in block.items()
        if _clean(kind) == "gitlab_pipeline_schedule_variable" for body in named.values()
    ]  # fmt: skip
    keys = {_clean(body["key"]) for body in variables}
    assert keys == {"ESSM_SYNC_OPERATIONS", "ESSM_SYNC_METRICS__INSTANCE"}
    (instance,) = [b for b in variables if _clean(b["key"]) == "ESSM_SYNC_METRICS__INSTANCE"]
    assert "each.key" in instance["value"]
