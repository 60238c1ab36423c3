"""Baselines: record the findings, then fail only on new ones; moved lines are not new."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from k8slint.cli import app
from tests.harness import FIXTURES

runner = CliRunner()


def test_baseline_round_trip(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "demo", tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    written = runner.invoke(app, ["check", "demo", "--write-baseline", "baseline.json", "-q"])
    assert written.exit_code == 0
    recorded = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    current = json.loads(runner.invoke(app, ["check", "demo", "-f", "json"]).output)["findings"]
    assert len(recorded) == len(current) > 5 and all(e["fingerprint"] for e in recorded)

    same = runner.invoke(app, ["check", "demo", "--baseline", "baseline.json", "-f", "json"])
    assert same.exit_code == 0
    assert json.loads(same.output)["findings"] == []
    assert {s["suppression"]["source"] for s in json.loads(same.output)["suppressed"]} == {"baseline"}

    cart = tmp_path / "demo" / "cart.yaml"
    cart.write_text("# moved down by a comment\n" + cart.read_text())
    moved = runner.invoke(app, ["check", "demo", "--baseline", "baseline.json"])
    assert moved.exit_code == 0, moved.output

    frontend = tmp_path / "demo" / "frontend.yaml"
    frontend.write_text(frontend.read_text().replace("memory: 128Mi", "memory: 128MB"))
    new = runner.invoke(app, ["check", "demo", "--baseline", "baseline.json", "-f", "json"])
    assert new.exit_code == 1
    assert [(f["rule"], f["file"]) for f in json.loads(new.output)["findings"]] == [
        ("invalid-quantity", "demo/frontend.yaml")
    ]


def test_a_second_identical_finding_is_new(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: nginx}\n"
    (tmp_path / "p.yaml").write_text(one)
    runner.invoke(app, ["check", "p.yaml", "--write-baseline", "b.json", "--select", "image-tag"])
    (tmp_path / "p.yaml").write_text(one + "    - {name: b, image: redis}\n")
    result = runner.invoke(
        app,
        [
            "check",
            "p.yaml",
            "--baseline",
            "b.json",
            "--fail-on",
            "warning",
            "-f",
            "json",
            "--select",
            "image-tag",
        ],
    )
    assert result.exit_code == 1
    assert [f["message"] for f in json.loads(result.output)["findings"]] == [
        'container "b" image "redis" has no tag, so it runs :latest'
    ]


def test_missing_or_broken_baseline_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.json").write_text("{}")
    assert runner.invoke(app, ["check", str(FIXTURES / "demo"), "--baseline", "nope.json"]).exit_code == 2
    assert runner.invoke(app, ["check", str(FIXTURES / "demo"), "--baseline", "bad.json"]).exit_code == 2


def test_a_baseline_that_cannot_be_written_is_a_usage_error(tmp_path):
    from typer.testing import CliRunner

    from k8slint.cli import app

    target = tmp_path / "missing-dir" / "baseline.json"
    result = CliRunner().invoke(app, ["check", "-", "--write-baseline", str(target)], input="")
    assert result.exit_code == 2
    assert f"{target}: cannot write the baseline" in result.output
