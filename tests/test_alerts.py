"""The alert rules in deploy/ pass promtool's checks and its unit tests (each alert fires
and clears), and the Prometheus Operator's copy holds the very same rules."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

PROMETHEUS = Path(__file__).resolve().parents[1] / "deploy" / "prometheus"
RULES = PROMETHEUS / "essm-sync.rules.yml"
TESTS = PROMETHEUS / "essm-sync.test.yml"
OPERATOR = PROMETHEUS.parent / "kubernetes" / "alerts.yaml"


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("promtool")
    if binary is None:
        pytest.skip("promtool is not installed (apt-get install prometheus)")
    return subprocess.run(  # noqa: S603 - promtool with the repository's own files
        [binary, *args], cwd=PROMETHEUS, capture_output=True, text=True, check=False
    )


def test_the_rules_pass_promtool_check_rules() -> None:
    """promtool finds the four alerts of docs/operations.md and nothing to object to."""
    result = _promtool("check", "rules", RULES.name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 4 rules found" in result.stdout


def test_each_alert_fires_and_clears_in_promtools_unit_tests() -> None:
    """promtool test rules passes, and the tests expect each alert both firing and clear."""
    result = _promtool("test", "rules", TESTS.name)
    assert result.returncode == 0, result.stdout + result.stderr
    tests = yaml.safe_load(TESTS.read_text())["tests"]
    cases = [case for test in tests for case in test["alert_rule_test"]]
    alerts = {
        rule["alert"] for g in yaml.safe_load(RULES.read_text())["groups"] for rule in g["rules"]
    }
    for alert in alerts:
        expected = [case["exp_alerts"] for case in cases if case["alertname"] == alert]
        assert any(expected), f"{alert} is never tested firing"
        assert any(not e for e in expected), f"{alert} is never tested clear"


def test_the_operators_rule_holds_the_same_groups() -> None:
    """deploy/kubernetes/alerts.yaml is a PrometheusRule with exactly the tested groups."""
    rule = yaml.safe_load(OPERATOR.read_text())
    assert rule["kind"] == "PrometheusRule"
    assert rule["spec"]["groups"] == yaml.safe_load(RULES.read_text())["groups"]


def test_ci_installs_promtool_and_the_pushgateway_then_runs_the_readme_tests() -> None:
    """.ci/run installs Debian's prometheus and prometheus-pushgateway (so that these tests
    and the Pushgateway's never skip in CI) and still ends with the README's test command."""
    root = PROMETHEUS.parents[1]
    lines = [line for line in (root / ".ci" / "run").read_text().splitlines() if line.strip()]
    install = next(line for line in lines if "apt-get install" in line)
    assert "apt-get update" in install.split("apt-get install")[0]
    assert {"prometheus", "prometheus-pushgateway"} <= set(install.split())
    readme = (root / "README.md").read_text()
    assert lines[-1] in readme
    assert lines[-1].endswith("python -m pytest")
