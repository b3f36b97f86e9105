"""serve's Deployment and Service: restricted profile, probes, resources, one replica.

`nox -s deploy` validates the file against the Kubernetes schemas; these tests check
what no schema does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from essm_sync.settings import RetrySettings

KUBERNETES = Path(__file__).resolve().parents[1] / "deploy" / "kubernetes"
ALLOWED_VOLUMES = {"configMap", "emptyDir", "secret", "projected", "downwardAPI",
                   "persistentVolumeClaim", "csi", "ephemeral"}  # fmt: skip


def _documents() -> dict[str, dict[str, Any]]:
    found = yaml.safe_load_all((KUBERNETES / "serve.yaml").read_text())
    return {d["kind"]: d for d in found if d}


def test_the_pod_meets_the_restricted_profile() -> None:
    """The "restricted" rules, one by one; the only port is the container's own."""
    pod = _documents()["Deployment"]["spec"]["template"]["spec"]
    assert not any(pod.get(k) for k in ("hostNetwork", "hostPID", "hostIPC"))
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert pod["securityContext"]["seccompProfile"]["type"] in ("RuntimeDefault", "Localhost")
    for volume in pod["volumes"]:
        assert set(volume) - {"name"} <= ALLOWED_VOLUMES
    (container,) = pod["containers"]
    context = container["securityContext"]
    assert context["allowPrivilegeEscalation"] is False
    assert context.get("privileged") is not True
    assert context["capabilities"]["drop"] == ["ALL"]
    assert not context["capabilities"].get("add")
    assert context["readOnlyRootFilesystem"] is True
    assert all("hostPort" not in port for port in container["ports"])


def test_probes_resources_and_one_process_at_a_time() -> None:
    """Liveness on /healthz, readiness on /readyz; bounded memory; never two replicas."""
    deployment = _documents()["Deployment"]
    spec = deployment["spec"]
    (container,) = spec["template"]["spec"]["containers"]
    assert container["args"][0] == "serve"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    assert "memory" in container["resources"]["limits"]
    assert (spec["replicas"], spec["strategy"]["type"]) == (1, "Recreate")
    # Long enough for a running sync to finish before the pod is killed.
    grace = spec["template"]["spec"]["terminationGracePeriodSeconds"]
    assert grace > RetrySettings().total_timeout_s
    assert container["envFrom"] == [{"secretRef": {"name": "essm-sync"}}]


def test_the_service_reaches_the_pod() -> None:
    """The Service selects the Deployment's pods and targets its named port."""
    documents = _documents()
    labels = documents["Deployment"]["spec"]["template"]["metadata"]["labels"]
    service = documents["Service"]["spec"]
    assert service["selector"].items() <= labels.items()
    assert documents["Deployment"]["spec"]["selector"]["matchLabels"] == service["selector"]
    (port,) = service["ports"]
    (container,) = documents["Deployment"]["spec"]["template"]["spec"]["containers"]
    assert port["targetPort"] in {p["name"] for p in container["ports"]}
