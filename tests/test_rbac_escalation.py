"""Escalation closure over fixtures/rbac/escalation.yaml: every path, with exact outcomes and chains."""

from __future__ import annotations

import pytest

from k8slint.rbac.escalation import CLUSTER_ADMIN
from k8slint.rbac.model import Principal
from tests.harness import FIXTURES
from tests.test_rbac_authorizer import engine_for

ESCALATION = FIXTURES / "rbac" / "escalation.yaml"


@pytest.fixture(scope="module")
def engine():
    return engine_for(ESCALATION)


ADMIN = {
    "u-pods": True,  # create pods in prod: runs as prod/admin-sa
    "u-deploy-dev": False,  # dev holds nothing powerful
    "u-impersonate-user": True,  # boss is bound to cluster-admin
    "u-impersonate-sa": True,
    "u-token-other": False,  # resourceNames restrict the token request
    "u-token": True,
    "u-secret-list": True,  # lists the declared token Secret of admin-sa
    "u-secret-get-other": False,
    "u-secret-mint-dev": False,  # any ServiceAccount of dev: none is powerful
    "u-escalate": True,
    "u-escalate-only": False,  # escalate without write access to roles changes nothing
    "u-bind": True,  # binds cluster-admin
    "u-bind-view": False,
    "u-nodes-proxy": True,
    "u-exec": True,  # takes the token of prod/app's pods
    "u-exec-get": False,  # from 1.35 exec needs create
    "u-patch-pods": True,  # a running pod's image is mutable
    "u-csr": True,  # a client certificate for user boss
    "u-mutating": True,
    "u-validating": False,
    "u-legacy": False,  # no token Secret in dev from 1.24
    "u-ns-escalate": False,  # escalate in dev: full power in dev only
    "u-kube-system-jobs": True,  # the controller manager's accounts live in kube-system
}


@pytest.mark.parametrize(("user", "admin"), sorted(ADMIN.items()))
def test_reaches_cluster_admin(engine, user, admin):
    assert engine.escalation.reach(Principal("User", user)).cluster_admin is admin


def test_admins_agrees_with_reach(engine):
    users = [Principal("User", u) for u in ADMIN]
    chains = engine.escalation.admins(users)
    assert {p.name for p in chains} == {u for u, admin in ADMIN.items() if admin}


def test_before_1_35_get_pods_exec_is_exec():
    old = engine_for(ESCALATION, kube_version=(1, 34))
    assert old.escalation.reach(Principal("User", "u-exec-get")).cluster_admin


def test_before_1_24_reading_secrets_yields_every_token():
    old = engine_for(ESCALATION, kube_version=(1, 23))
    reach = old.escalation.reach(Principal("User", "u-legacy"))
    assert Principal("ServiceAccount", "builder", "dev") in reach.steps
    assert not reach.cluster_admin


def test_chains(engine):
    texts = [s.text() for s in engine.escalation.reach(Principal("User", "u-pods")).admin_path()]
    assert texts == [
        "User u-pods can create pods in namespace prod, so it runs pods as any ServiceAccount of namespace prod",
        "any ServiceAccount of namespace prod includes ServiceAccount prod/admin-sa",
        "ServiceAccount prod/admin-sa holds * on * (apiGroups *) cluster-wide",
    ]
    texts = [s.text() for s in engine.escalation.reach(Principal("User", "u-exec")).admin_path()]
    assert texts == [
        "User u-exec can create pods/exec in namespace prod, so it holds the tokens of the token-holding pods of "
        "namespace prod",
        "the token-holding pods of namespace prod include those of ServiceAccount prod/admin-sa",
        "ServiceAccount prod/admin-sa holds * on * (apiGroups *) cluster-wide",
    ]
    texts = [s.text() for s in engine.escalation.reach(Principal("User", "u-secret-list")).admin_path()]
    assert (
        texts[0]
        == 'User u-secret-list can read the token Secret "admin-token" of ServiceAccount prod/admin-sa'
    )


def test_namespace_escalation_stays_in_its_namespace(engine):
    reach = engine.escalation.reach(Principal("User", "u-ns-escalate"))
    bound = Principal("Bound", "ClusterRole:cluster-admin", "dev")
    assert bound in reach.steps
    assert Principal("ServiceAccount", "builder", "dev") in reach.steps
    assert Principal("ServiceAccount", "admin-sa", "prod") not in reach.steps


def test_bind_named_role_gains_only_that_role(engine):
    reach = engine.escalation.reach(Principal("User", "u-bind-view"))
    assert Principal("Bound", "ClusterRole:view", "*") in reach.steps
    assert CLUSTER_ADMIN not in reach.steps
