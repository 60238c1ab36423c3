"""The RBAC authorizer over fixtures/rbac/semantics.yaml: every matching rule, binding scoping,
subjects, aggregation and workloads, with exact expectations."""

from __future__ import annotations

import pytest

from k8slint.analysis.context import AnalysisContext, Settings
from k8slint.graph.builders import build_graph
from k8slint.model.resource import build_resources
from k8slint.parse.loader import load
from k8slint.rbac.authorizer import Request
from k8slint.rbac.engine import RbacEngine, rbac_engine
from k8slint.rbac.model import Principal, parse_principal
from tests.harness import FIXTURES

SEMANTICS = FIXTURES / "rbac" / "semantics.yaml"


def engine_for(*paths, kube_version=(1, 37)) -> RbacEngine:
    loaded = load([str(p) for p in paths])
    assert not loaded.problems, [p.message for p in loaded.problems]
    graph, build = build_graph(build_resources(loaded.documents))
    return rbac_engine(AnalysisContext(graph, build, Settings(kube_version=kube_version)))


@pytest.fixture(scope="module")
def engine() -> RbacEngine:
    return engine_for(SEMANTICS)


ALICE = Principal("User", "alice")
BOB = Principal("User", "bob")

CASES = [
    # verbs: exact and case-sensitive
    (ALICE, Request("GET", "", "configmaps", namespace="x"), True),
    (ALICE, Request("get", "", "configmaps", namespace="x"), False),
    # apiGroups must match: secrets of example.com are not core secrets
    (ALICE, Request("get", "example.com", "secrets", namespace="x", name="s"), True),
    (ALICE, Request("get", "", "secrets", namespace="x", name="s"), False),
    # verb "*"
    (ALICE, Request("patch", "", "services", namespace="x"), True),
    (ALICE, Request("escalate", "", "services", namespace="x"), True),
    # "*/scale" covers the scale subresource of any resource, not the resource
    (ALICE, Request("update", "apps", "deployments", "scale", namespace="x"), True),
    (ALICE, Request("update", "apps", "statefulsets", "scale", namespace="x"), True),
    (ALICE, Request("update", "apps", "deployments", namespace="x"), False),
    # plain pods does not cover pods/status; pods/* covers no real subresource
    (ALICE, Request("get", "", "pods", namespace="x"), True),
    (ALICE, Request("get", "", "pods", "status", namespace="x"), False),
    (ALICE, Request("create", "", "pods", "exec", namespace="x"), False),
    (ALICE, Request("create", "", "pods", "*", namespace="x"), True),
    # resourceNames: only requests carrying a listed name
    (ALICE, Request("get", "", "secrets", name="app-config", namespace="x"), True),
    (ALICE, Request("delete", "", "secrets", name="app-config", namespace="x"), True),
    (ALICE, Request("get", "", "secrets", name="other", namespace="x"), False),
    (ALICE, Request("list", "", "secrets", namespace="x"), False),
    (ALICE, Request("create", "", "secrets", namespace="x"), False),
    (ALICE, Request("deletecollection", "", "secrets", namespace="x"), False),
    (ALICE, Request("list", "", "secrets", name="app-config", namespace="x"), True),  # fieldSelector name
    # "*" resources cover subresources, in every group
    (ALICE, Request("watch", "apps", "deployments", "status", namespace="x"), True),
    (ALICE, Request("watch", "", "nodes"), True),
    # non-resource URLs: exact, or a prefix before a trailing "*"
    (ALICE, Request("get", url="/metrics"), True),
    (ALICE, Request("get", url="/metrics/slis"), False),
    (ALICE, Request("get", url="/debug/pprof"), True),
    (ALICE, Request("get", url="/debug/"), True),
    (ALICE, Request("get", url="/debug"), False),
    (ALICE, Request("post", url="/metrics"), False),
    # a RoleBinding to a ClusterRole: its namespace only, no cluster-scoped resources, no URLs
    (BOB, Request("get", "", "pods", namespace="dev"), True),
    (BOB, Request("get", "", "pods", namespace="prod"), False),
    (BOB, Request("get", "", "nodes"), False),
    (BOB, Request("get", url="/version"), True),  # the builtin discovery binding (authenticated)
    (BOB, Request("get", url="/logs"), False),
    # ServiceAccount subjects: the RoleBinding's namespace when unset; an explicit one elsewhere
    (Principal("ServiceAccount", "builder", "dev"), Request("list", "", "pods", namespace="dev"), True),
    (Principal("ServiceAccount", "builder", "ops"), Request("list", "", "pods", namespace="dev"), False),
    (Principal("ServiceAccount", "auditor", "ops"), Request("list", "", "pods", namespace="dev"), True),
    (Principal("ServiceAccount", "auditor", "ops"), Request("list", "", "pods", namespace="ops"), False),
    # a ClusterRoleBinding ServiceAccount subject without a namespace: the whole binding is rejected
    (
        Principal("ServiceAccount", "no-namespace", "default"),
        Request("watch", "", "pods", namespace="x"),
        False,
    ),
    (Principal("User", "erin"), Request("watch", "", "pods", namespace="x"), False),
    # group subjects: system:serviceaccounts:<ns> holds every ServiceAccount of ns
    (
        Principal("ServiceAccount", "anyone", "ci"),
        Request("create", "apps", "deployments", namespace="dev"),
        True,
    ),
    (
        Principal("ServiceAccount", "anyone", "ci"),
        Request("create", "apps", "deployments", namespace="ci"),
        False,
    ),
    (
        Principal("Group", "system:serviceaccounts:ci"),
        Request("update", "apps", "deployments", namespace="dev"),
        True,
    ),
    # a RoleBinding's Role is looked up in the binding's namespace; a ClusterRoleBinding to a Role is invalid
    (Principal("User", "carol"), Request("create", "apps", "deployments", namespace="prod"), False),
    (Principal("User", "carol"), Request("create", "apps", "deployments", namespace="dev"), False),
    # aggregation: widgets-edit flows into edit and admin; admin also holds roles and rolebindings
    (Principal("Group", "team-leads"), Request("create", "example.com", "widgets", namespace="team"), True),
    (Principal("Group", "team-leads"), Request("create", "", "pods", "exec", namespace="team"), True),
    (
        Principal("Group", "team-leads"),
        Request("create", "rbac.authorization.k8s.io", "rolebindings", namespace="team"),
        True,
    ),
    (Principal("Group", "team-leads"), Request("get", "", "secrets", namespace="other"), False),
    (Principal("Group", "team-leads"), Request("get", "", "nodes"), False),
    # an aggregation chain resolves to a fixpoint; an aggregated role's own rules are replaced
    (Principal("User", "dave"), Request("patch", "", "endpoints", namespace="x"), True),
    (Principal("User", "dave"), Request("delete", "", "events", namespace="x"), False),
    # system:masters is cluster-admin through the builtin binding
    (Principal("Group", "system:masters"), Request("delete", "", "nodes", name="n1"), True),
    (Principal("User", "system:anonymous"), Request("get", url="/version"), True),
    (Principal("User", "system:anonymous"), Request("get", url="/api"), False),
]


@pytest.mark.parametrize(("principal", "request_", "allowed"), CASES)
def test_authorizer(engine, principal, request_, allowed):
    assert bool(engine.index.allowed(principal, request_)) is allowed


def test_who_can_matches_can_i_for_every_case(engine):
    """The index answers who-can exactly as the authorizer answers each principal."""
    for principal, request, allowed in CASES:
        ns = request.namespace or None
        namespaced = request.url is None and request.resource not in ("nodes",)
        result = engine.index.who_can(request, ns, namespaced)
        holders = {g.principal for g in result.subjects}
        direct = principal in holders or any(
            g.kind == "Group" and g.name in principal.groups for g in result.subjects
        )
        assert direct is allowed, (principal, request)


def test_aggregation_resolves_admin_edit_view(engine):
    model = engine.model
    admin = model.find_role(("ClusterRole", None, "admin"))
    edit = model.find_role(("ClusterRole", None, "edit"))
    assert admin is not None and edit is not None
    # the roles each selects directly; their rules arrive transitively
    assert admin.aggregated_from == ["edit", "system:aggregate-to-admin"]
    assert edit.aggregated_from == ["system:aggregate-to-edit", "view", "widgets-edit"]
    widgets = "create,delete on widgets (apiGroups example.com)"
    assert widgets in [r.describe() for r in admin.effective]
    assert widgets not in [r.describe() for r in model.find_role(("ClusterRole", None, "view")).effective]
    top = model.find_role(("ClusterRole", None, "top"))
    assert top is not None and [r.describe() for r in top.effective] == ['patch on endpoints (apiGroups "")']


def test_who_can_lists_subjects_and_workloads(engine):
    result = engine.index.who_can(Request("list", "", "pods", namespace="dev"), "dev", True)
    subjects = [(g.kind, g.namespace, g.name, g.builtin) for g in result.subjects]
    # the set's subjects first, then those only builtin bindings grant
    assert subjects == [
        ("ServiceAccount", "dev", "builder", False),
        ("ServiceAccount", "ops", "auditor", False),
        ("User", None, "bob", False),
        ("Group", None, "system:masters", True),
        ("User", None, "system:kube-controller-manager", True),  # list/watch on everything
        ("User", None, "system:kube-scheduler", True),
    ]
    workloads = [
        (w.resource.kind, w.resource.name, w.service_account.name, w.automount) for w, _ in result.workloads
    ]
    assert workloads == [("Deployment", "build", "builder", False)]


def test_workload_service_accounts(engine):
    accounts = {
        (w.resource.kind, w.resource.name): (str(w.service_account), w.automount)
        for w in engine.model.workloads
    }
    assert accounts == {
        ("Deployment", "build"): ("ServiceAccount dev/builder", False),
        ("Job", "release"): ("ServiceAccount ci/releaser", True),
        ("Pod", "web"): ("ServiceAccount dev/default", True),
    }


def test_cluster_scoped_resources_ignore_role_bindings(engine):
    control_plane = {"system:kube-controller-manager", "system:kube-scheduler", "system:kube-proxy"}
    result = engine.index.who_can(Request("watch", "", "nodes"), None, False)
    assert {g.name for g in result.subjects} == {"alice", "system:masters"} | control_plane
    # bob's RoleBinding to a ClusterRole that lists nodes grants no node access
    result = engine.index.who_can(Request("get", "", "nodes"), None, False)
    assert {g.name for g in result.subjects} == {
        "system:masters",
        "system:kube-scheduler",
        "system:kube-proxy",
    }


def test_set_object_replaces_builtin(tmp_path):
    (tmp_path / "view.yaml").write_text(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: view}\n"
        "rules: [{apiGroups: [''], resources: [configmaps], verbs: [get]}]\n---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: v, namespace: a}\n"
        "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\n"
        "subjects: [{kind: User, name: erin}]\n"
    )
    e = engine_for(tmp_path)
    erin = Principal("User", "erin")
    assert e.index.allowed(erin, Request("get", "", "configmaps", namespace="a"))
    assert not e.index.allowed(erin, Request("get", "", "pods", namespace="a"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("system:serviceaccount:ns:sa", Principal("ServiceAccount", "sa", "ns")),
        ("user:jane", Principal("User", "jane")),
        ("group:devs", Principal("Group", "devs")),
        ("serviceaccount:ns/sa", Principal("ServiceAccount", "sa", "ns")),
        ("jane", Principal("User", "jane")),
        ("system:serviceaccount:ns", None),
        ("user:system:serviceaccount:ns:sa", Principal("ServiceAccount", "sa", "ns")),
    ],
)
def test_parse_principal(text, expected):
    assert parse_principal(text) == expected


@pytest.mark.parametrize(
    ("written", "group", "resource", "sub", "namespaced"),
    [
        ("pods", "", "pods", "", True),
        ("pods/exec", "", "pods", "exec", True),
        ("deployments", "apps", "deployments", "", True),
        ("deploy", "apps", "deployments", "", True),
        ("deployments.apps/scale", "apps", "deployments", "scale", True),
        ("ingresses", "networking.k8s.io", "ingresses", "", True),
        ("events", "", "events", "", True),
        ("nodes", "", "nodes", "", False),
        ("clusterroles", "rbac.authorization.k8s.io", "clusterroles", "", False),
        ("*", "*", "*", "", None),
        ("widgets.example.com", "example.com", "widgets", "", None),
        ("Deployments.v1.apps", "apps", "deployments", "", True),
        ("cronjobs.v1beta1.batch/status", "batch", "cronjobs", "status", True),
        ("widgets.v1.example.com", "v1.example.com", "widgets", "", None),  # no such resource there
    ],
)
def test_resolve_resource(engine, written, group, resource, sub, namespaced):
    t = engine.model.table.resolve(written)
    assert (t.group, t.resource, t.subresource, t.namespaced) == (group, resource, sub, namespaced)


def test_graph_links_subjects_bindings_roles_rules_and_workloads(engine):
    g = engine.graph
    bob = ("subject", "User", None, "bob")
    binding = ("binding", "RoleBinding", "dev", "readers")
    role = ("role", "ClusterRole", None, "node-and-pod-reader")
    assert g.has_edge(bob, binding) and g.has_edge(binding, role)
    assert g.has_edge(role, ("rule", "ClusterRole", None, "node-and-pod-reader", 0))
    assert g.has_edge(("role", "ClusterRole", None, "edit"), ("role", "ClusterRole", None, "widgets-edit"))
    runs_as = g.edges[
        ("workload", "Deployment", "dev", "build"), ("subject", "ServiceAccount", "dev", "builder")
    ]
    assert runs_as == {"kind": "runsAs", "automount": False}


def test_binding_findings_relate_subject_role_and_rule():
    from tests.harness import findings

    found = findings([FIXTURES / "rules" / "rbac-secrets-access"], {"rbac-secrets-access"})
    crb = next(f for f in found if "ClusterRoleBinding" in f.message)
    assert crb.message == (
        'ClusterRoleBinding "secret-reader" lets ServiceAccount shop/app get/list secrets cluster-wide '
        'through ClusterRole "secret-reader"'
    )
    assert [r.message for r in crb.related] == [
        "subject ServiceAccount shop/app",
        'the bound ClusterRole "secret-reader"',
        'ClusterRole "secret-reader" rule 0 (get,list on secrets (apiGroups "")) lets it get/list secrets',
    ]
