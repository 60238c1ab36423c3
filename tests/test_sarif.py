"""SARIF: valid against the official 2.1.0 schema, and shaped for GitHub code scanning."""

from __future__ import annotations

import json
import shutil
from functools import cache

import jsonschema
import pytest
from typer.testing import CliRunner

from k8slint.cli import app
from tests.harness import FIXTURES, ROOT

runner = CliRunner()
SCHEMA = ROOT / "schemas" / "sarif-schema-2.1.0.json"


@cache
def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))


def sarif(*args: str, input: str | None = None) -> dict:
    result = runner.invoke(app, ["check", *args, "--format", "sarif"], input=input)
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.output)
    errors = sorted(_validator().iter_errors(doc), key=str)
    assert not errors, errors[0]
    return doc


def test_demo_sarif_is_valid_and_complete(monkeypatch):
    monkeypatch.chdir(ROOT)
    doc = sarif("fixtures/demo", "--sarif-category", "manifests")
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert (
        driver["name"] == "k8slint" and driver["version"] and driver["informationUri"].startswith("https://")
    )
    rule_ids = [r["id"] for r in driver["rules"]]
    assert sorted(rule_ids) == sorted({r["ruleId"] for r in run["results"]})
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "## Why it matters" in rule["help"]["markdown"] and rule["help"]["text"]
        assert rule["helpUri"].endswith(f"{rule['id']}.md")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert rule["properties"]["tags"]
    privileged = next(r for r in driver["rules"] if r["id"] == "privileged-container")
    assert float(privileged["properties"]["security-severity"]) >= 7
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file://")
    assert run["automationDetails"]["id"] == "manifests/"
    assert run["invocations"][0]["executionSuccessful"] is True
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert loc["artifactLocation"]["uri"].startswith("fixtures/demo/")
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        assert result["partialFingerprints"]["k8slintFingerprint/v1"]
    cart = next(r for r in run["results"] if r["ruleId"] == "privileged-container")
    assert cart["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "shop/StatefulSet/cart"
    assert cart["locations"][0]["physicalLocation"]["region"] == {"startLine": 22, "startColumn": 13}


def test_corpus_sarif_is_valid(monkeypatch):
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip("the shared corpus is not beside this checkout")
    monkeypatch.chdir(ROOT)
    doc = sarif(str(corpus), "--fail-on", "never")
    assert len(doc["runs"][0]["results"]) > 100


def _prints(doc: dict) -> dict[tuple[str, int], str]:
    return {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r["partialFingerprints"][
            "k8slintFingerprint/v1"
        ]
        for r in doc["runs"][0]["results"]
    }


def test_fingerprints_survive_lines_moving(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "demo", tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    before = _prints(sarif("demo"))
    cart = tmp_path / "demo" / "cart.yaml"
    cart.write_text("# a comment\n# and another\n" + cart.read_text())
    after = _prints(sarif("demo"))
    assert set(before.values()) == set(after.values())
    moved = {k: v for k, v in after.items() if k[0] == "privileged-container"}
    assert list(moved) == [("privileged-container", 24)]
    assert moved[("privileged-container", 24)] == before[("privileged-container", 22)]


def test_suppressed_findings_stay_with_their_kind(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n"
        "    k8slint.io/ignore: privileged-container\n    k8slint.io/ignore-reason: node agent\n"
        "spec:\n  containers:\n    - name: a\n      image: nginx  # k8slint: ignore[image-tag-latest-or-missing]\n"
        "      securityContext: {privileged: true}\n"
    )
    (tmp_path / ".k8slint.yaml").write_text(
        "suppressions:\n  - {kind: Pod, name: p, rules: [invalid-field-type], reason: unused on purpose}\n"
    )
    doc = sarif("pod.yaml")
    results = {r["ruleId"]: r for r in doc["runs"][0]["results"]}
    assert results["privileged-container"]["suppressions"] == [
        {"kind": "inSource", "justification": "node agent"}
    ]
    assert results["image-tag-latest-or-missing"]["suppressions"][0]["kind"] == "inSource"
    assert "suppressions" not in results["unused-suppression"]


def test_unreadable_files_become_notifications(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01" * 50)
    doc = sarif(".")
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "binary file" in notes[0]["message"]["text"]


def test_github_workflow_commands(monkeypatch):
    monkeypatch.chdir(ROOT)
    out = runner.invoke(app, ["check", "fixtures/demo", "--format", "github"]).output.splitlines()
    assert (
        "::error file=fixtures/demo/cart.yaml,line=22,col=13,title=privileged-container::"
        'container "tune-sysctl" runs privileged: it has every capability and all host devices [StatefulSet shop/cart]'
    ) in out
    assert any(line.startswith("::warning file=fixtures/demo/frontend.yaml,line=20,col=11,") for line in out)
    assert any(line.startswith("::notice ") for line in out)
