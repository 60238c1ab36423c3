"""The command line: exit codes, output formats and the JSON contracts scripts depend on."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from k8slint import __version__
from k8slint.cli import app
from tests.harness import FIXTURES

DEMO = str(FIXTURES / "demo")
runner = CliRunner()
CLEAN = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n"
LATEST = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nginx\n"


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.strip() == f"k8slint {__version__}"


def test_demo_fails_with_its_genuine_problems():
    result = invoke("check", DEMO)
    assert result.exit_code == 1
    rules = {
        line.split()[2]
        for line in result.output.splitlines()
        if line.startswith("fixtures") or ".yaml:" in line
    }
    assert {
        "privileged-container",
        "invalid-quantity",
        "duplicate-key",
        "image-tag-latest-or-missing",
        "invalid-field-type",
        "skipped-document",
    } <= rules
    assert result.output.splitlines()[-1].startswith("5 errors, ")
    assert "in 7 objects from 5 files (1 skipped)" in result.output.splitlines()[-1]


def test_json_contract():
    result = invoke("check", DEMO, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["findings"]
    for f in doc["findings"]:
        assert set(f) >= {"rule", "category", "level", "message", "file", "line", "column", "resource"}
        assert f["level"] in ("error", "warning", "note")
        assert f["category"] in (
            "validity",
            "security",
            "reliability",
            "resources",
            "scheduling",
            "references",
            "rbac",
            "network",
            "hygiene",
        )
        assert (
            isinstance(f["line"], int)
            and f["line"] >= 1
            and isinstance(f["column"], int)
            and f["column"] >= 1
        )
        if f["resource"] is not None:
            assert set(f["resource"]) == {"apiVersion", "kind", "namespace", "name"}
    privileged = next(f for f in doc["findings"] if f["rule"] == "privileged-container")
    assert privileged["resource"] == {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "namespace": "shop",
        "name": "cart",
    }
    assert (privileged["line"], privileged["column"]) == (22, 13)
    assert doc["summary"]["errors"] == 5


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("note", 1), ("never", 0)])
def test_fail_on_levels(fail_on, code):
    assert invoke("check", "-", "--fail-on", fail_on, input=LATEST).exit_code == code


def test_clean_input_exits_zero():
    result = invoke("check", "-", "--preset", "minimal", input=CLEAN)
    assert result.exit_code == 0
    assert "0 errors, 0 warnings, 0 notes in 1 object from 1 file" in result.output


def test_select_and_ignore():
    assert invoke("check", DEMO, "--select", "image-tag", "--fail-on", "warning").exit_code == 1
    assert invoke("check", DEMO, "--ignore", "validity,security").exit_code == 0
    out = invoke("check", DEMO, "--select", "validity", "--ignore", "duplicate-key", "-f", "json").output
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"invalid-quantity", "invalid-field-type"}


def test_quiet_prints_only_failing_findings():
    result = invoke("check", DEMO, "--quiet")
    assert result.exit_code == 1
    assert all(" error " in line for line in result.output.splitlines())


def test_output_file(tmp_path):
    target = tmp_path / "report.json"
    result = invoke("check", DEMO, "-f", "json", "-o", str(target))
    assert result.exit_code == 1 and result.output == ""
    assert json.loads(target.read_text())["findings"]


@pytest.mark.parametrize(
    "args",
    [
        ("check", DEMO, "--kube-version", "1.12"),
        ("check", DEMO, "--kube-version", "banana"),
        ("check", DEMO, "--select", "no-such-rule"),
        ("check", DEMO, "--format", "xml"),
        ("check",),
        ("explain", "no-such-rule"),
    ],
)
def test_usage_errors_exit_2(args):
    assert invoke(*args).exit_code == 2


def test_kube_version_accepts_supported_minors():
    assert invoke("check", "-", "--kube-version", "1.27", input=CLEAN).exit_code == 0
    assert invoke("check", "-", "--kube-version", "v1.37", input=CLEAN).exit_code == 0
    # a full version as kubectl prints it: the patch is ignored
    assert invoke("check", "-", "--kube-version", "v1.37.2", input=CLEAN).exit_code == 0


def test_rules_catalog_contract():
    result = invoke("rules", "--format", "json")
    assert result.exit_code == 0
    rules = json.loads(result.output)["rules"]
    ids = [r["id"] for r in rules]
    assert "privileged-container" in ids and "duplicate-key" in ids and len(ids) == len(set(ids))
    for rule in rules:
        assert set(rule) >= {"id", "category", "level", "summary", "aliases"}
    latest = next(r for r in rules if r["id"] == "image-tag-latest-or-missing")
    assert "kube-linter:latest-tag" in latest["aliases"]


def test_explain_by_id_and_by_alias():
    result = invoke("explain", "privileged-container")
    assert result.exit_code == 0 and "## Why it matters" in result.output
    assert "image-tag-latest-or-missing" in invoke("explain", "kube-linter:latest-tag").output


def test_graph_command():
    result = invoke("graph", DEMO)
    assert result.exit_code == 0
    kinds = {e["kind"] for e in json.loads(result.output)["edges"]}
    assert {"selects", "routes-to", "runs-as", "in-namespace", "uses-class"} <= kinds
    assert invoke("graph", DEMO, "--format", "dot").output.startswith("digraph")


def test_broken_rules_dir_is_a_configuration_error(tmp_path):
    (tmp_path / "bad.yaml").write_text("id: Bad Id\ncategory: security\n")
    result = invoke("check", DEMO, "--rules-dir", str(tmp_path))
    assert result.exit_code == 2


def test_custom_declarative_rule(tmp_path):
    (tmp_path / "no-host-network.yaml").write_text(
        "id: no-host-network\ncategory: security\nlevel: warning\nsummary: Pod uses the host network\n"
        "target: podSpec\nschema: {properties: {hostNetwork: {not: {const: true}}}}\n"
        "message: the pod shares the node's network namespace\n"
    )
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  containers: [{name: a, image: b1}]\n"
    result = invoke(
        "check", "-", "--rules-dir", str(tmp_path), "--select", "no-host-network", "-f", "json", input=pod
    )
    (finding,) = json.loads(result.output)["findings"]
    assert (finding["rule"], finding["line"], finding["level"]) == ("no-host-network", 5, "warning")


def test_real_process_stdin_and_exit_code():
    proc = subprocess.run(
        [sys.executable, "-m", "k8slint", "check", "-", "--format", "json", "--select", "image-tag"],
        input=LATEST,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    (finding,) = json.loads(proc.stdout)["findings"]
    assert finding["file"] == "<stdin>" and finding["line"] == 8
    assert "Traceback" not in proc.stderr
