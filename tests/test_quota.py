"""ResourceQuota admission over a set in apply order (resources.md §4) and the `quota` JSON contract."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from k8slint.analysis.context import AnalysisContext, Settings
from k8slint.analysis.quota import evaluate
from k8slint.cli import app
from k8slint.graph.builders import build_graph
from k8slint.model.resource import build_resources
from k8slint.parse.loader import Loader


def _quota(hard: str, extra: str = "") -> str:
    return f"apiVersion: v1\nkind: ResourceQuota\nmetadata: {{name: q}}\nspec:\n  hard: {hard}\n{extra}---\n"


def _pod(name: str, resources: str = "{}", spec: str = "", init: str = "") -> str:
    text = f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n{spec}"
    if init:
        text += f"  initContainers:\n    - {{name: i, image: x, resources: {init}}}\n"
    return text + f"  containers:\n    - {{name: c, image: x, resources: {resources}}}\n---\n"


def _run(text: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    loader = Loader()
    loader.load_text(text, "t.yaml")
    graph, build = build_graph(build_resources(loader.result.documents))
    [ns] = evaluate(AnalysisContext(graph, build, Settings()))
    [q] = ns.quotas
    used = {k: q.used_of(k).canonical() for k in q.hard}
    return used, [(r.resource.name, r.message) for r in ns.rejected]


CASES = [
    # (id, manifest, used, [(refused object, message)])
    (
        "exceeded, and a refused pod consumes nothing",
        _quota("{limits.memory: 1Gi}")
        + _pod("a", "{limits: {memory: 900Mi}}")
        + _pod("b", "{limits: {memory: 200Mi}}")
        + _pod("c", "{limits: {memory: 100Mi}}"),
        {"limits.memory": "1000Mi"},
        [
            (
                "b",
                "exceeded quota: q, requested: limits.memory=200Mi, used: limits.memory=900Mi, limited: limits.memory=1Gi",
            )
        ],
    ),
    (
        "equality fits; only exceeded resources are listed",
        _quota('{pods: "2", requests.cpu: "1"}')
        + _pod("a", "{requests: {cpu: 500m}}")
        + _pod("b", "{requests: {cpu: 500m}}")
        + _pod("c", "{requests: {cpu: 1m}}"),
        {"pods": "2", "requests.cpu": "1"},
        [
            (
                "c",
                "exceeded quota: q, requested: pods=1,requests.cpu=1m, used: pods=2,requests.cpu=1, limited: pods=2,requests.cpu=1",
            )
        ],
    ),
    (
        "bare cpu is the request; init containers take the max; overhead counts",
        _quota("{cpu: 2}")
        + _pod("a", "{requests: {cpu: 200m}}", "  overhead: {cpu: 50m}\n", "{requests: {cpu: 1}}"),
        {"cpu": "1050m"},
        [],
    ),
    (
        "must-specify: sorted resources, '; ' between groups",
        _quota("{limits.cpu: 4, requests.memory: 4Gi}") + _pod("a", "{requests: {cpu: 1}}"),
        {"limits.cpu": "0", "requests.memory": "0"},
        [("a", "failed quota: q: must specify limits.cpu for: c; requests.memory for: c")],
    ),
    (
        "must-specify: the init container too, names sorted",
        _quota("{requests.memory: 4Gi}") + _pod("a", "{}", "", "{}"),
        {"requests.memory": "0"},
        [("a", "failed quota: q: must specify requests.memory for: c,i")],
    ),
    (
        "BestEffort scope: Burstable pods are not counted",
        _quota('{pods: "1"}', "  scopes: [BestEffort]\n")
        + _pod("a", "{requests: {cpu: 1m}}")
        + _pod("b")
        + _pod("c"),
        {"pods": "1"},
        [("c", "exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1")],
    ),
    (
        "NotTerminating scope: activeDeadlineSeconds pods are not counted",
        _quota('{pods: "0"}', "  scopes: [NotTerminating]\n")
        + _pod("a", "{}", "  activeDeadlineSeconds: 5\n"),
        {"pods": "0"},
        [],
    ),
    (
        "PriorityClass DoesNotExist: only pods without a class",
        _quota(
            '{pods: "0"}',
            "  scopeSelector: {matchExpressions: [{scopeName: PriorityClass, operator: DoesNotExist}]}\n",
        )
        + _pod("a", "{}", "  priorityClassName: high\n")
        + _pod("b"),
        {"pods": "0"},
        [("b", "exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0")],
    ),
    (
        "count/ names and the legacy aliases",
        _quota('{count/configmaps: "1", configmaps: "5", count/deployments.apps: "0"}')
        + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
        + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n---\n",
        {"count/configmaps": "1", "configmaps": "1", "count/deployments.apps": "0"},
        [
            (
                "b",
                "exceeded quota: q, requested: count/configmaps=1, used: count/configmaps=1, limited: count/configmaps=1",
            )
        ],
    ),
    (
        "storage class quotas; the default StorageClass fills a missing class",
        _quota('{fast.storageclass.storage.k8s.io/persistentvolumeclaims: "1", requests.storage: 3Gi}')
        + "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast, annotations: "
        + '{storageclass.kubernetes.io/is-default-class: "true"}}\nprovisioner: x\n---\n'
        + "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: a}\nspec: {resources: {requests: {storage: 2Gi}}}\n---\n"
        + "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: b}\nspec: {storageClassName: slow, resources: {requests: {storage: 2Gi}}}\n---\n"
        + "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {resources: {requests: {storage: 1Gi}}}\n---\n",
        {"fast.storageclass.storage.k8s.io/persistentvolumeclaims": "1", "requests.storage": "2Gi"},
        [
            (
                "b",
                "exceeded quota: q, requested: requests.storage=2Gi, used: requests.storage=2Gi, limited: requests.storage=3Gi",
            ),
            (
                "c",
                "exceeded quota: q, requested: fast.storageclass.storage.k8s.io/persistentvolumeclaims=1, "
                "used: fast.storageclass.storage.k8s.io/persistentvolumeclaims=1, "
                "limited: fast.storageclass.storage.k8s.io/persistentvolumeclaims=1",
            ),
        ],
    ),
    (
        "every replica is a pod: the first that does not fit stops the rest",
        _quota('{pods: "2"}')
        + "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 5\n"
        + "  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n"
        + "    spec: {containers: [{name: c, image: x}]}\n---\n",
        {"pods": "2"},
        [("d", "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2")],
    ),
]


@pytest.mark.parametrize(("manifest", "used", "rejected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_quota_cases(manifest, used, rejected):
    got_used, got_rejected = _run(manifest)
    assert got_used == used
    assert got_rejected == rejected


def test_replicas_fitted_count():
    loader = Loader()
    loader.load_text(CASES[-1][1], "t.yaml")
    graph, build = build_graph(build_resources(loader.result.documents))
    [ns] = evaluate(AnalysisContext(graph, build, Settings()))
    [r] = ns.rejected
    assert (r.count, r.fitted, r.what) == (5, 2, "pods")


def test_quota_json_shape(tmp_path):
    (tmp_path / "a.yaml").write_text(
        CASES[0][1]
        .replace("name: q}", "name: q, namespace: team}")
        .replace("{name: a}", "{name: a, namespace: team}")
        .replace("{name: b}", "{name: b, namespace: team}")
        .replace("{name: c}", "{name: c, namespace: team}")
    )
    result = CliRunner().invoke(app, ["quota", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    [ns] = data["namespaces"]
    assert ns["namespace"] == "team"
    assert ns["quotas"] == [
        {"name": "q", "hard": {"limits.memory": "1Gi"}, "used": {"limits.memory": "1000Mi"}}
    ]
    assert [(r["resource"], r["message"].split(",")[0]) for r in ns["rejected"]] == [
        ({"kind": "Pod", "namespace": "team", "name": "b"}, "exceeded quota: q")
    ]


def test_quota_text_has_bars(tmp_path):
    (tmp_path / "a.yaml").write_text(_quota('{pods: "4"}') + _pod("a"))
    result = CliRunner().invoke(app, ["quota", str(tmp_path)])
    assert result.exit_code == 0
    assert "pods  1/4  [#####...............] 25%" in result.output
