"""Configuration: discovery, every setting, the schema, `k8slint config`, and errors (exit 2)."""

from __future__ import annotations

import json

import jsonschema
from typer.testing import CliRunner

from k8slint.cli import app
from k8slint.config import config_schema
from tests.harness import ROOT

runner = CliRunner()
POD = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: dev\nspec:\n  containers:\n"
    "    - name: a\n      image: nginx\n"
    "      securityContext: {privileged: true, allowPrivilegeEscalation: false}\n"
)


def check(*args: str, select: str = "privileged-container,image-tag-latest-or-missing"):
    extra = ["--select", select] if select and "--select" not in args else []
    result = runner.invoke(app, ["check", *args, *extra, "--format", "json"])
    return result.exit_code, (json.loads(result.output) if result.output.startswith("{") else result.output)


def test_config_found_walking_up(tmp_path, monkeypatch):
    (tmp_path / ".k8slint.yaml").write_text("ignore: [privileged-container]\n")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "pod.yaml").write_text(POD)
    monkeypatch.chdir(tmp_path / "sub" / "deeper")
    code, doc = check("pod.yaml")
    assert code == 0 and {f["rule"] for f in doc["findings"]} == {"image-tag-latest-or-missing"}


def test_pyproject_table(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.k8slint]\nselect = ["privileged-container"]\n'
    )
    (tmp_path / "pod.yaml").write_text(POD)
    monkeypatch.chdir(tmp_path)
    _, doc = check("pod.yaml", select="")
    assert {f["rule"] for f in doc["findings"]} == {"privileged-container"}


def test_levels_options_paths_and_fail_on(tmp_path, monkeypatch):
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "pod.yaml").write_text(POD)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "pod.yaml").write_text(POD.replace("name: p", "name: q"))
    (tmp_path / "app.yaml").write_text(
        POD.replace("name: p", "name: r").replace("image: nginx", "image: dev/app")
    )
    (tmp_path / "k8s.yaml").write_text(
        "rules:\n"
        "  privileged-container: {level: warning}\n"
        "  image-tag-latest-or-missing: {options: {allowed-images: ['dev/*']}}\n"
        "exclude: [vendor]\n"
        "per-path-ignores: {'legacy/*': [privileged-container]}\n"
        "fail-on: warning\n"
    )
    monkeypatch.chdir(tmp_path)
    code, doc = check(".", "--config", "k8s.yaml")
    got = {(f["file"], f["rule"], f["level"]) for f in doc["findings"]}
    assert got == {
        ("legacy/pod.yaml", "image-tag-latest-or-missing", "warning"),
        ("app.yaml", "privileged-container", "warning"),
    }
    assert code == 1  # fail-on: warning from the config
    assert [s["suppression"]["justification"] for s in doc["suppressed"]] == ["per-path-ignores: legacy/*"]
    assert all("vendor" not in f["path"] for f in doc["files"])


def test_cli_flags_override_the_config(tmp_path, monkeypatch):
    (tmp_path / ".k8slint.yaml").write_text("select: [privileged-container]\nkube-version: '1.30'\n")
    (tmp_path / "pod.yaml").write_text(POD)
    monkeypatch.chdir(tmp_path)
    _, doc = check("pod.yaml", "--select", "image-tag")
    assert {f["rule"] for f in doc["findings"]} == {"image-tag-latest-or-missing"}


def test_every_config_error_at_once(tmp_path, monkeypatch):
    (tmp_path / ".k8slint.yaml").write_text(
        "select: [no-such-rule]\nrules:\n  not-a-rule: {level: error}\n"
        "  image-tag-latest-or-missing: {level: fatal, options: {bogus: 1}}\n"
        "kube-version: '1.5'\nunknown-key: 1\n"
    )
    (tmp_path / "pod.yaml").write_text(POD)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "pod.yaml"])
    assert result.exit_code == 2
    for needle in ("unknown-key", "level", ".k8slint.yaml:"):
        assert needle in result.output
    (tmp_path / ".k8slint.yaml").write_text(
        "select: [no-such-rule]\nrules:\n  not-a-rule: {level: error}\n"
        "  image-tag-latest-or-missing: {options: {bogus: 1}}\nkube-version: '1.5'\n"
    )
    result = runner.invoke(app, ["check", "pod.yaml"])
    assert result.exit_code == 2
    for needle in ("no-such-rule", "not-a-rule", "options.bogus", "1.5"):
        assert needle in result.output, needle


def test_broken_yaml_config(tmp_path, monkeypatch):
    (tmp_path / ".k8slint.yaml").write_text("select: [a\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "."])
    assert result.exit_code == 2 and "not valid YAML" in result.output


def test_config_command_shows_origins(tmp_path, monkeypatch):
    (tmp_path / ".k8slint.yaml").write_text("ignore: [privileged-container]\n")
    monkeypatch.chdir(tmp_path)
    out = runner.invoke(app, ["config"]).output
    assert "# config file: " in out and ".k8slint.yaml" in out
    assert 'ignore: ["privileged-container"]  # ' in out and out.count("# default") > 3
    assert 'kube-version: "1.37"  # default' in out


def test_config_command_refuses_what_check_refuses(tmp_path, monkeypatch):
    (tmp_path / ".k8slint.yaml").write_text("select: [no-such-rule]\n")
    monkeypatch.chdir(tmp_path)
    for command in (["config"], ["check", "."]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, command
        assert "unknown rule or category in select/ignore: no-such-rule" in result.output


def test_schema_file_matches_the_model():
    shipped = json.loads((ROOT / "schemas" / "config.schema.json").read_text())
    assert shipped == json.loads(json.dumps(config_schema())), (
        "regenerate: k8slint config --schema > schemas/config.schema.json"
    )
    jsonschema.Draft202012Validator.check_schema(shipped)
    jsonschema.validate({"select": ["security"], "rules": {"x": {"level": "note"}}}, shipped)
