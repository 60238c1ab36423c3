"""QoS classes of admitted pods (resources.md §2.1) and the `qos` command's JSON contract."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from k8slint.analysis.context import AnalysisContext, Settings
from k8slint.analysis.qos import classify
from k8slint.cli import app
from k8slint.graph.builders import build_graph
from k8slint.model.resource import build_resources
from k8slint.parse.loader import Loader

LIMIT_RANGE = """
apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec:
  limits:
    - type: Container
%s
---
"""


def _pod(containers: str, init: str = "", extra: str = "") -> str:
    text = f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n{extra}  containers:\n{containers}"
    if init:
        text += f"  initContainers:\n{init}"
    return text


def _c(name: str, resources: str = "{}") -> str:
    return f"    - {{name: {name}, image: x, resources: {resources}}}\n"


def _classify(text: str, settings: Settings | None = None) -> tuple[str, str, str]:
    loader = Loader()
    loader.load_text(text, "t.yaml")
    graph, build = build_graph(build_resources(loader.result.documents))
    ctx = AnalysisContext(graph, build, settings or Settings())
    [template] = ctx.templates
    q = classify(ctx, template)
    return q.qos.value, q.reason, q.oom_text


CASES = [
    # (id, manifest, class, reason fragment)
    ("nothing", _pod(_c("a")), "BestEffort", "no cpu or memory request or limit"),
    (
        "limits only: requests default to them",
        _pod(_c("a", "{limits: {cpu: 1, memory: 1Gi}}")),
        "Guaranteed",
        "",
    ),
    (
        "equal in another unit",
        _pod(_c("a", "{limits: {cpu: 1, memory: 1Gi}, requests: {cpu: 1000m, memory: 1024Mi}}")),
        "Guaranteed",
        "",
    ),
    (
        "request below limit",
        _pod(_c("a", "{limits: {cpu: 1, memory: 1Gi}, requests: {cpu: 500m}}")),
        "Burstable",
        "cpu limit != request in container a",
    ),
    (
        "memory limit only",
        _pod(_c("a", "{limits: {memory: 1Gi}}")),
        "Burstable",
        "no cpu limit in container a",
    ),
    (
        "init container without limits",
        _pod(_c("a", "{limits: {cpu: 250m, memory: 64Mi}}"), _c("i", "{requests: {cpu: 100m}}")),
        "Burstable",
        "no cpu limit in init container i",
    ),
    (
        "init container with nothing still needs limits",
        _pod(_c("a", "{limits: {cpu: 250m, memory: 64Mi}}"), _c("i")),
        "Burstable",
        "no cpu limit in init container i",
    ),
    ("zero requests are absent", _pod(_c("a", "{requests: {cpu: '0', memory: '0'}}")), "BestEffort", ""),
    (
        "zero limits are absent",
        _pod(_c("a", "{limits: {cpu: '0', memory: 1Gi}}")),
        "Burstable",
        "no cpu limit in container a",
    ),
    ("only extended resources", _pod(_c("a", "{limits: {nvidia.com/gpu: 1}}")), "BestEffort", ""),
    (
        "pod-level limits: requests default to them",
        _pod(_c("a"), extra="  resources: {limits: {cpu: 1, memory: 1Gi}}\n"),
        "Guaranteed",
        "pod-level",
    ),
    (
        "pod-level requests only",
        _pod(_c("a"), extra="  resources: {requests: {cpu: 1, memory: 1Gi}}\n"),
        "Burstable",
        "pod-level cpu limit != request",
    ),
    (
        "pod-level memory limit only",
        _pod(_c("a", "{limits: {cpu: 1, memory: 1Gi}}"), extra="  resources: {limits: {memory: 1Gi}}\n"),
        "Burstable",
        "no pod-level cpu limit",
    ),
    (
        "pod-level limits, container requests below them",
        _pod(_c("a", "{requests: {cpu: 500m}}"), extra="  resources: {limits: {cpu: 1, memory: 1Gi}}\n"),
        "Burstable",
        "pod-level cpu limit != request",
    ),
    (
        "LimitRange default makes a bare pod Guaranteed",
        LIMIT_RANGE % "      default: {cpu: 500m, memory: 256Mi}" + _pod(_c("a")),
        "Guaranteed",
        "LimitRange lr",
    ),
    (
        "LimitRange defaultRequest below default: Burstable",
        LIMIT_RANGE % "      default: {cpu: 500m, memory: 256Mi}\n      defaultRequest: {cpu: 100m}"
        + _pod(_c("a")),
        "Burstable",
        "cpu limit != request in container a",
    ),
    (
        "LimitRange max alone defaults both",
        LIMIT_RANGE % "      max: {cpu: '2', memory: 2Gi}" + _pod(_c("a")),
        "Guaranteed",
        "",
    ),
    (
        "own request kept, LimitRange limit added",
        LIMIT_RANGE % "      default: {cpu: 500m, memory: 256Mi}"
        + _pod(_c("a", "{requests: {memory: 50Mi}}")),
        "Burstable",
        "memory limit != request in container a",
    ),
    (
        "own limit wins over defaultRequest",
        LIMIT_RANGE % "      default: {cpu: 1, memory: 2Gi}\n      defaultRequest: {cpu: 100m, memory: 100Mi}"
        + _pod(_c("a", "{limits: {cpu: 1, memory: 2Gi}}")),
        "Guaranteed",
        "",
    ),
]


@pytest.mark.parametrize(
    ("manifest", "expected", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_qos_class(manifest: str, expected: str, reason: str) -> None:
    got, why, _ = _classify(manifest)
    assert got == expected, why
    assert reason in why


def test_pod_level_ignored_before_the_gate() -> None:
    manifest = _pod(_c("a"), extra="  resources: {limits: {cpu: 1, memory: 1Gi}}\n")
    assert _classify(manifest, Settings(kube_version=(1, 33)))[0] == "BestEffort"


def test_first_limit_range_by_name_wins() -> None:
    text = (
        "apiVersion: v1\nkind: LimitRange\nmetadata: {name: b}\nspec: {limits: [{type: Container, default: {cpu: 1, memory: 1Gi}}]}\n---\n"
        "apiVersion: v1\nkind: LimitRange\nmetadata: {name: a}\nspec: {limits: [{type: Container, default: {cpu: 1}, defaultRequest: {cpu: 200m}}]}\n---\n"
        + _pod(_c("x"))
    )
    got, why, _ = _classify(text)
    assert (got, "cpu limit != request" in why) == ("Burstable", True), why


def test_oom_scores() -> None:
    assert _classify(_pod(_c("a")))[2] == "1000"
    assert _classify(_pod(_c("a", "{limits: {cpu: 1, memory: 1Gi}}")))[2] == "-997"
    burstable = _pod(_c("a", "{requests: {memory: 1Gi}}"))
    assert _classify(burstable)[2] == "3..999"
    node = "apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nstatus: {capacity: {memory: 4Gi}}\n---\n"
    assert _classify(node + burstable)[2] == "750"  # 1000 - 1000 * 1Gi // 4Gi
    critical = _pod(_c("a", "{requests: {memory: 1Gi}}"), extra="  priorityClassName: system-node-critical\n")
    assert _classify(critical)[2] == "-997"


def test_qos_command_json(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text(
        _pod(_c("a")) + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n"
        "spec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n"
        "    spec:\n      containers: [{name: w, image: x, resources: {limits: {cpu: 1, memory: 1Gi}}}]\n"
        "---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r, namespace: shop}\n"
        "spec:\n  template:\n    spec:\n      containers: [{name: w, image: x, resources: {requests: {cpu: 1}}}]\n"
    )
    result = CliRunner().invoke(app, ["qos", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    pods = json.loads(result.stdout)["pods"]
    got = {(p["resource"]["kind"], p["resource"]["namespace"], p["resource"]["name"]): p["qos"] for p in pods}
    assert got == {
        ("Pod", "default", "p"): "BestEffort",
        ("Deployment", "shop", "web"): "Guaranteed",
        ("Rollout", "shop", "r"): "Burstable",
    }
    assert all(set(p["resource"]) == {"kind", "namespace", "name"} for p in pods)


def test_qos_command_unreadable_path_exits_2(tmp_path) -> None:
    result = CliRunner().invoke(app, ["qos", str(tmp_path / "missing.yaml"), "--format", "json"])
    assert result.exit_code == 2
