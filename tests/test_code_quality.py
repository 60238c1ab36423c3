"""The code base stays ruff-clean (ruff is a test dependency)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.harness import ROOT


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or None
    if ruff is None:
        try:
            import ruff as _  # noqa: F401
        except ImportError:
            pytest.skip("ruff is not installed")
        cmd = [sys.executable, "-m", "ruff"]
    else:
        cmd = [ruff]
    proc = subprocess.run(
        [*cmd, "check", "k8slint", "tests", "scripts"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
