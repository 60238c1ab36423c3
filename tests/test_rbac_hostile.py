"""Hostile RBAC manifests: every field of the roles, bindings, ServiceAccounts, Secrets and pod
templates of an RBAC fixture replaced, one at a time, by a value of the wrong shape. The model, the
queries, the escalation closure and the rbac rules must cope: no exception, no internal-error."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from typing import Any

from ruamel.yaml import YAML

from k8slint.analysis.context import AnalysisContext, Settings
from k8slint.engine.registry import load_registry
from k8slint.engine.run import Runner
from k8slint.graph.builders import build_graph
from k8slint.model.resource import build_resources
from k8slint.parse.loader import Loader
from k8slint.rbac.authorizer import Request
from k8slint.rbac.engine import rbac_engine
from k8slint.rbac.permissions import effective_permissions
from tests.harness import FIXTURES

WEIRD: list[Any] = [None, 7, "x", [], {}, [1, "a", None], {"a": [{}]}, True]
REQUESTS = [
    Request("get", "", "secrets", namespace="prod"),
    Request("create", "", "pods", "exec", name="p", namespace="prod"),
    Request("list", "", "nodes"),
    Request("get", url="/metrics"),
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


def _set(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy_: Any = dict(node) if isinstance(node, dict) else list(node)
    copy_[path[0]] = _set(node[path[0]], path[1:], value)
    return copy_


def _exercise(text: str) -> None:
    loader = Loader()
    loader.load_text(text, "hostile.yaml")
    graph, build = build_graph(build_resources(loader.result.documents))
    ctx = AnalysisContext(graph, build, Settings())
    engine = rbac_engine(ctx)
    for request in REQUESTS:
        result = engine.index.who_can(request, request.namespace or None, request.url is None)
        for g in result.subjects:
            g.to_json()
    principals = {s.principal for b in engine.model.bindings for s in b.subjects if s.principal}
    principals.update(w.service_account for w in engine.model.workloads)
    for p in principals:
        for request in REQUESTS:
            engine.index.allowed(p, request)
        effective_permissions(engine, p)
    engine.escalation.admins(principals)
    engine.graph  # noqa: B018


def test_every_field_of_wrong_shape():
    yaml = YAML(typ="safe")
    # ServiceAccounts, bindings, a token Secret, a Deployment and Role/RoleBinding pairs
    docs = list(yaml.load_all((FIXTURES / "rbac" / "escalation.yaml").read_text()))[:12]
    docs.append(
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": {"name": "agg", "labels": {"rbac.authorization.k8s.io/aggregate-to-edit": "true"}},
            "aggregationRule": {
                "clusterRoleSelectors": [
                    {
                        "matchLabels": {"a": "b"},
                        "matchExpressions": [{"key": "k", "operator": "In", "values": ["v"]}],
                    }
                ]
            },
            "rules": [],
        }
    )
    registry = load_registry()
    rbac_rules = {rule_id for rule_id in registry if rule_id.startswith("rbac-")}
    runner = Runner(registry, rbac_rules, Settings())
    weird = itertools.cycle(WEIRD)
    mutations = 0
    for index, doc in enumerate(docs):
        if not isinstance(doc, dict):
            continue
        for path in _paths(doc):
            mutated = list(docs)
            mutated[index] = _set(doc, path, next(weird))
            out = io.StringIO()
            yaml.dump_all(mutated, out)
            text = out.getvalue()
            _exercise(text)
            crashes = [
                f.message
                for f in runner.run_text(text, "hostile.yaml").findings
                if f.rule == "internal-error"
            ]
            assert not crashes, (path, crashes)
            mutations += 1
    assert mutations == 162
