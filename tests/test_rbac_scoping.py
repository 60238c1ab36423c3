"""RBAC findings and the escalation closure keep to one directory tree: a repository of
alternative variants (sibling directories) shares namespace and ServiceAccount names, and the
workloads of one variant are not those of another. --assume-complete treats the whole set as one
deployment. Fixture: fixtures/rules/rbac-workload-cluster-admin/{variants,layered}."""

from __future__ import annotations

from pathlib import Path

import pytest

from k8slint.analysis.context import AnalysisContext, Settings
from k8slint.engine.registry import load_registry
from k8slint.engine.run import Runner
from k8slint.graph.builders import build_graph
from k8slint.model.resource import build_resources
from k8slint.parse.loader import load
from k8slint.rbac.authorizer import Request
from k8slint.rbac.engine import RbacEngine, rbac_engine
from k8slint.rbac.escalation import CLUSTER_ADMIN
from k8slint.rbac.model import Principal, folder
from tests.harness import RULE_FIXTURES

ROOT = RULE_FIXTURES / "rbac-workload-cluster-admin"
VARIANTS = ROOT / "variants"
LAYERED = ROOT / "layered"


def sa(name: str) -> Principal:
    return Principal("ServiceAccount", name, "shop")


def run(path: Path, rule: str, assume_complete: bool) -> list[tuple[str, int, str]]:
    result = Runner(load_registry(), {rule}, Settings(assume_complete=assume_complete)).run([str(path)])
    return sorted(
        (str(Path(f.location.file).resolve().relative_to(path.resolve())), f.location.line, f.message)
        for f in result.findings
    )


def engine(path: Path, assume_complete: bool) -> RbacEngine:
    loaded = load([str(path)])
    assert not loaded.problems, [p.message for p in loaded.problems]
    graph, build = build_graph(build_resources(loaded.documents))
    return rbac_engine(AnalysisContext(graph, build, Settings(assume_complete=assume_complete)))


NODES_PROXY = (
    'ClusterRoleBinding "shop-kubelet" lets ServiceAccount shop/agent get nodes/proxy cluster-wide '
    'through ClusterRole "shop-kubelet"'
)


def test_binding_names_only_the_workloads_of_its_tree():
    assert run(VARIANTS, "rbac-nodes-proxy", False) == [
        ("one/deploy.yaml", 20, NODES_PROXY + "; pods of Deployment shop/agent run with it")
    ]


def test_binding_names_every_workload_with_assume_complete():
    assert run(VARIANTS, "rbac-nodes-proxy", True) == [
        (
            "one/deploy.yaml",
            20,
            NODES_PROXY + "; pods of DaemonSet shop/agent, Deployment shop/agent run with it",
        )
    ]


def test_parent_directory_binding_names_the_workloads_below():
    assert [m for _, _, m in run(LAYERED, "rbac-webhook-write", False)] == [
        'ClusterRoleBinding "shop-hooks" lets ServiceAccount shop/hooks create/update '
        "mutatingwebhookconfigurations.admissionregistration.k8s.io cluster-wide through "
        'ClusterRole "shop-hooks"; pods of Deployment shop/hooks run with it'
    ]


@pytest.mark.parametrize(
    ("assume_complete", "expected"),
    [
        (False, [("one/deploy.yaml", 33)]),
        # the whole set is one deployment: the DaemonSet of the other variant runs as the account
        # bound in this one, and inspector execs into its pods
        (True, [("one/deploy.yaml", 33), ("two/deploy.yaml", 19), ("two/deploy.yaml", 56)]),
    ],
)
def test_workload_cluster_admin_scope(assume_complete, expected):
    found = run(VARIANTS, "rbac-workload-cluster-admin", assume_complete)
    assert [(f, line) for f, line, _ in found] == expected


def test_workload_cluster_admin_chain_with_assume_complete():
    found = {(f, line): m for f, line, m in run(VARIANTS, "rbac-workload-cluster-admin", True)}
    assert found[("two/deploy.yaml", 56)] == (
        "Deployment shop/inspector runs as ServiceAccount shop/inspector, which can reach cluster-admin: "
        "ServiceAccount shop/inspector can create pods/exec in namespace shop, so it holds the tokens of "
        "the token-holding pods of namespace shop (RoleBinding inspector -> Role inspector rule 0); then "
        "the token-holding pods of namespace shop include those of ServiceAccount shop/agent; then "
        "ServiceAccount shop/agent can get nodes/proxy, the kubelet API: exec in any pod of any node over "
        "WebSocket (ClusterRoleBinding shop-kubelet -> ClusterRole shop-kubelet rule 0)"
    )


def test_tree_view_holds_only_the_tree_bindings():
    e = engine(VARIANTS, False)
    trees = {folder(w.resource).rsplit("/", 1)[-1]: folder(w.resource) for w in e.model.workloads}
    one, two = trees["one"], trees["two"]
    assert not e.escalation_for(two).reach(sa("agent")).cluster_admin
    assert e.escalation_for(one).reach(sa("agent")).cluster_admin
    # the whole set: the account's grants are cluster-wide, whichever file declares them
    assert e.escalation.reach(sa("agent")).cluster_admin


@pytest.mark.parametrize(
    ("assume_complete", "expected"),
    [
        (False, ["ServiceAccount shop/agent"]),  # the pods of the binding's tree: two
        (True, ["ServiceAccount shop/agent", "ServiceAccount shop/courier"]),
    ],
)
def test_exec_reaches_the_pods_of_the_binding_tree(assume_complete, expected):
    reach = engine(VARIANTS, assume_complete).escalation.reach(sa("inspector"))
    assert sorted(str(p) for p, _ in reach.identities() if p != CLUSTER_ADMIN) == expected
    assert CLUSTER_ADMIN in reach.steps  # through shop/agent, bound cluster-wide in one


def test_assume_complete_has_no_tree_views():
    e = engine(VARIANTS, True)
    assert e.escalation_for(str(VARIANTS / "two")) is e.escalation


@pytest.mark.parametrize(
    ("assume_complete", "expected"),
    [
        (False, ["Deployment shop/agent one"]),
        (True, ["DaemonSet shop/agent two", "Deployment shop/agent one"]),
    ],
)
def test_who_can_lists_the_workloads_of_the_binding_tree(assume_complete, expected):
    e = engine(VARIANTS, assume_complete)
    found = e.index.who_can(Request("get", "", "nodes", "proxy"), None, False)
    assert [str(g.principal) for g in found.subjects if not g.builtin] == ["ServiceAccount shop/agent"]
    assert (
        sorted(
            f"{w.resource.kind} {w.resource.namespace}/{w.resource.name} {folder(w.resource).rsplit('/', 1)[-1]}"
            for w, _ in found.workloads
        )
        == expected
    )
