"""The scheduling simulation against fixtures/schedule/<case>/: manifests.yaml and nodes.yaml in,
expected.json (the `k8slint schedule --format json` document) out, compared exactly. A case may
hold case.json with {"kube_version": "1.30"}."""

from __future__ import annotations

import json

import pytest

from k8slint.analysis.context import AnalysisContext, Settings
from k8slint.graph.builders import build_graph
from k8slint.model.resource import build_resources
from k8slint.parse.loader import load
from k8slint.schedule.report import json_report
from k8slint.schedule.simulate import simulate
from tests.harness import FIXTURES

CASES = sorted(p for p in (FIXTURES / "schedule").iterdir() if p.is_dir())


def run_case(directory):
    settings = {}
    if (directory / "case.json").exists():
        settings = json.loads((directory / "case.json").read_text())
    version = tuple(int(x) for x in settings.get("kube_version", "1.37").split("."))
    loaded = load([str(directory / "manifests.yaml")])
    graph, build = build_graph(build_resources(loaded.documents))
    nodes = directory / "nodes.yaml"
    ctx = AnalysisContext(
        graph, build, Settings(kube_version=version, nodes=str(nodes) if nodes.exists() else None)
    )
    report = json_report(simulate(ctx), [])
    report.pop("notes")
    return report


@pytest.mark.parametrize("directory", CASES, ids=[p.name for p in CASES])
def test_schedule_case(directory):
    expected = json.loads((directory / "expected.json").read_text())
    assert run_case(directory) == expected
