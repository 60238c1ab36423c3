"""Fidelity cases over fixtures/rbac/fidelity.yaml: objects the API server rejects grant nothing,
non-resource URL wildcards, and escalation paths that need more than one permission."""

from __future__ import annotations

import pytest

from k8slint.rbac.authorizer import Request
from k8slint.rbac.model import Principal, binding_rejection, role_rejection
from tests.harness import FIXTURES
from tests.test_rbac_authorizer import engine_for

FIDELITY = FIXTURES / "rbac" / "fidelity.yaml"
CONFIGMAP = Request("get", "", "configmaps", name="c", namespace="app")


@pytest.fixture(scope="module")
def engine():
    return engine_for(FIDELITY)


def user(name: str) -> Principal:
    return Principal("User", name)


@pytest.mark.parametrize(
    ("principal", "allowed"),
    [
        (user("u-rejected-role"), False),  # a Role with nonResourceURLs is rejected whole
        (user("u-rejected-clusterrole"), False),  # a resource rule without apiGroups
        (user("u-defaulted"), True),  # empty apiGroups default (roleRef and User subject)
        (Principal("ServiceAccount", "sa-defaulted", "app"), True),
        (user("u-wrong-group"), False),  # a User subject of apiGroup v1 rejects the binding...
        (user("u-wrong-group-peer"), False),  # ...for every subject
        (Principal("ServiceAccount", "sa-wrong-group", "app"), False),  # a ServiceAccount's apiGroup is ""
        (user("u-kind-peer"), False),  # an unknown subject kind rejects the binding
        (user("u-roleref-group"), False),  # roleRef.apiGroup must be rbac.authorization.k8s.io
    ],
)
def test_rejected_objects_grant_nothing(engine, principal, allowed):
    assert bool(engine.index.allowed(principal, CONFIGMAP)) is allowed


def test_rejection_reasons():
    assert (
        role_rejection({"rules": [{"nonResourceURLs": ["/x"], "verbs": ["get"]}]}, True)
        == "rules[0].nonResourceURLs: namespaced rules cannot apply to non-resource URLs"
    )
    assert (
        role_rejection(
            {"rules": [{"nonResourceURLs": ["/x"], "resources": ["pods"], "verbs": ["get"]}]}, False
        )
        == "rules[0].nonResourceURLs: rules cannot apply to both regular resources and non-resource URLs"
    )
    assert (
        role_rejection({"rules": [{"apiGroups": [""], "verbs": ["get"]}]}, True)
        == "rules[0].resources: resource rules must supply at least one resource"
    )
    assert (
        role_rejection({"rules": [{"apiGroups": [""], "resources": ["pods"]}]}, True)
        == "rules[0].verbs: verbs must contain at least one value"
    )
    assert role_rejection({"rules": "all"}, True) == "rules is not a list"
    assert role_rejection({"rules": [{"verbs": [1], "apiGroups": [""], "resources": ["pods"]}]}, True) == (
        "rules[0].verbs is not a list of strings"
    )
    assert role_rejection({"rules": None}, True) is None
    assert role_rejection({"aggregationRule": {"clusterRoleSelectors": []}}, False) == (
        "aggregationRule.clusterRoleSelectors: at least one clusterRoleSelector required if aggregationRule is "
        "non-nil"
    )
    assert role_rejection({"aggregationRule": {"clusterRoleSelectors": [{}]}, "rules": []}, False) is None
    sa = {"kind": "ServiceAccount", "name": "x"}
    ok = {"roleRef": {"kind": "ClusterRole", "name": "r"}}
    assert binding_rejection({**ok, "subjects": [sa]}, True) is None
    assert binding_rejection({**ok, "subjects": [sa]}, False) == "subjects[0].namespace: Required value"
    assert binding_rejection({**ok, "subjects": [{"kind": "Group", "name": ""}]}, True) == (
        "subjects[0].name: Required value"
    )
    assert binding_rejection({**ok, "subjects": "x"}, True) == "subjects is not a list"
    assert binding_rejection({"roleRef": [], "subjects": []}, True) == "roleRef is not a mapping"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [("/logs/app", True), ("/logs/", True), ("/logs", False), ("/logs*", False)],
)
def test_url_wildcard_trims_every_trailing_star(engine, url, allowed):
    assert bool(engine.index.allowed(user("u-defaulted"), Request("get", url=url))) is allowed


ADMIN = {
    "u-imp-groups": False,  # Impersonate-Group without Impersonate-User is refused
    "u-imp-groups-user": True,  # impersonates user nobody in group system:masters
    "u-pods-ghost": False,  # ghost/phantom does not exist: pods run as ghost/default only
    "u-token-ghost": False,  # a TokenRequest for a missing ServiceAccount fails
    "u-imp-ghost": True,  # impersonating ghost/phantom needs no object
    "u-mint-named": False,  # reads only cfg, which exists and which it cannot delete
    "u-mint-named-delete": True,  # deletes cfg, recreates it as vault-admin's token Secret
    "u-escalate-other": False,  # can update only a role it is not bound to
    "u-escalate-own": True,
}


@pytest.mark.parametrize(("name", "admin"), sorted(ADMIN.items()))
def test_escalation(engine, name, admin):
    assert engine.escalation.reach(user(name)).cluster_admin is admin


def test_escalation_chains(engine):
    reach = engine.escalation.reach(user("u-imp-groups-user"))
    assert [s.text() for s in reach.admin_path()] == [
        "User u-imp-groups-user can impersonate a user in group system:masters"
    ]
    reach = engine.escalation.reach(user("u-mint-named-delete"))
    assert [s.text() for s in reach.admin_path()] == [
        'User u-mint-named-delete can delete, create and read the secret "cfg" in namespace vault, so it can '
        "replace it with a token Secret for any ServiceAccount of namespace vault",
        "any ServiceAccount of namespace vault includes ServiceAccount vault/vault-admin",
        "ServiceAccount vault/vault-admin holds * on * (apiGroups *) cluster-wide",
    ]
    reach = engine.escalation.reach(user("u-pods-ghost"))
    assert Principal("ServiceAccount", "default", "ghost") in reach.steps
    assert Principal("ServiceAccount", "phantom", "ghost") not in reach.steps
    reach = engine.escalation.reach(user("u-imp-ghost"))
    assert reach.chain(Principal("ServiceAccount", "phantom", "ghost"))[-1].text() == (
        "User u-imp-ghost can impersonate ServiceAccount ghost/phantom"
    )


def test_who_can_ignores_rejected_bindings(engine):
    result = engine.index.who_can(CONFIGMAP, "app", True)
    names = sorted(g.name for g in result.subjects if not g.builtin)
    assert names == ["phantom", "sa-defaulted", "u-defaulted", "vault-admin"]  # the last two: cluster-admin


@pytest.mark.parametrize(
    ("name", "admin"),
    [("u-legacy-get", False), ("u-legacy-named", False), ("u-legacy-list", True)],
)
def test_before_1_24_token_secrets_need_their_names(name, admin):
    old = engine_for(FIDELITY, kube_version=(1, 23))
    assert old.escalation.reach(user(name)).cluster_admin is admin
    new = engine_for(FIDELITY)
    assert not new.escalation.reach(user(name)).cluster_admin  # no generated token Secrets


def test_control_plane_defaults(engine):
    """The default bindings of the control-plane users: the controller manager mints any token."""
    reach = engine.escalation.reach(user("system:kube-controller-manager"))
    assert [s.text() for s in reach.admin_path()] == [
        "User system:kube-controller-manager can create ServiceAccount tokens cluster-wide for any "
        "ServiceAccount of any namespace",
        "any ServiceAccount of any namespace includes kube-system's controller ServiceAccounts, which hold "
        "cluster-admin power",
    ]
    assert not engine.escalation.reach(user("system:kube-proxy")).cluster_admin
    reach = engine.escalation.reach(user("u-imp-any-user"))
    assert user("system:kube-controller-manager") in reach.steps and reach.cluster_admin
    kube_dns = Principal("ServiceAccount", "kube-dns", "kube-system")
    assert engine.index.allowed(kube_dns, Request("watch", "", "services", namespace="x"))


def test_nodes_proxy_chain_names_the_verb():
    engine = engine_for(FIXTURES / "rbac" / "escalation.yaml")
    reach = engine.escalation.reach(user("u-nodes-proxy"))
    assert [s.text() for s in reach.admin_path()] == [
        "User u-nodes-proxy can get nodes/proxy, the kubelet API: exec in any pod of any node over WebSocket"
    ]
