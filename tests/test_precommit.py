"""The pre-commit hook, for real: pre-commit (from PyPI) runs this checkout's hook on a temporary
git repository, which fails on a bad manifest and passes on a good one, and sees the whole set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from tests.harness import ROOT

GOOD_DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27.3"}]
"""
BAD_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers:
    - name: a
      image: "nginx:1.27.3"
      securityContext: {privileged: true}
"""


@pytest.fixture(scope="module")
def pre_commit(tmp_path_factory) -> Path:
    exe = shutil.which("pre-commit")
    if exe:
        return Path(exe)
    env_dir = tmp_path_factory.mktemp("pre-commit-venv")
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "pre-commit"], check=True, timeout=600)
    return env_dir / "bin" / "pre-commit"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture()
def source_repo(tmp_path) -> Path:
    """A committed copy of this checkout: try-repo installs the hook from a git repository."""
    src = tmp_path / "k8slint-src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv*", "__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache", "build", "dist"
        ),
    )
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-q", "-m", "snapshot")
    return src


def test_hook_fails_on_bad_and_passes_on_good(pre_commit, source_repo, tmp_path):
    repo = tmp_path / "manifests"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "deploy.yaml").write_text(GOOD_DEPLOY)
    (repo / "bad.yaml").write_text(BAD_POD)
    git(repo, "add", "deploy.yaml", "bad.yaml")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    cmd = [str(pre_commit), "try-repo", str(source_repo), "k8slint", "--files"]

    bad = subprocess.run([*cmd, "bad.yaml"], cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.yaml:8:" in bad.stdout and "privileged-container" in bad.stdout

    good = subprocess.run(
        [*cmd, "deploy.yaml"], cwd=repo, env=env, capture_output=True, text=True, timeout=900
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert "bad.yaml" not in good.stdout  # findings of unchanged files are not reported


def test_hook_command_analyzes_the_whole_set(tmp_path, monkeypatch):
    """Only changed files are reported, but the set they belong to is read (configured roots)."""
    from typer.testing import CliRunner

    from k8slint.cli import app

    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "deploy.yaml").write_text(GOOD_DEPLOY)
    (tmp_path / "k8s" / "bad.yaml").write_text(BAD_POD)
    (tmp_path / ".k8slint.yaml").write_text("roots: [k8s]\n")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["hook", "k8s/deploy.yaml", "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["findings"] == [] and doc["summary"]["objects"] == 2
    result = runner.invoke(app, ["hook", "k8s/bad.yaml", "README.md"])
    assert result.exit_code == 1 and "privileged-container" in result.output
    assert runner.invoke(app, ["hook", "notes.txt"]).exit_code == 0
