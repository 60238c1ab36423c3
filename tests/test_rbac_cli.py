"""`k8slint rbac` commands: JSON contracts, kubectl-like resource parsing, exit codes, errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from k8slint.cli import app
from tests.harness import FIXTURES

SEMANTICS = str(FIXTURES / "rbac" / "semantics.yaml")
ESCALATION = str(FIXTURES / "rbac" / "escalation.yaml")
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["rbac", *args])


def test_who_can_json_contract():
    result = invoke("who-can", "list", "pods", "-n", "dev", SEMANTICS, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = json.loads((FIXTURES / "rbac" / "who-can-list-pods-dev.expected.json").read_text())
    assert [
        {k: s[k] for k in ("kind", "name", "namespace", "builtin", "scopes")} for s in data["subjects"]
    ] == expected["subjects"]
    assert [
        {k: w[k] for k in ("kind", "namespace", "name", "serviceAccount", "automountToken")}
        for w in data["workloads"]
    ] == expected["workloads"]
    path = data["subjects"][0]["paths"][0]
    assert path["binding"]["name"] == "readers" and path["role"]["name"] == "node-and-pod-reader"
    assert path["rule"]["index"] == 0 and path["rule"]["line"] == 61


def test_who_can_text_shows_paths():
    result = invoke("who-can", "update", "deployments.apps/scale", "-n", "x", SEMANTICS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "subjects that can update deployments.apps/scale in namespace x:"
    assert lines[1] == "  User alice cluster-wide"
    assert (
        "-> ClusterRole matching [" in lines[2] and "rule 3: update on */scale (apiGroups apps)" in lines[2]
    )


def test_who_can_resolves_groups_like_kubectl():
    bare = json.loads(
        invoke("who-can", "create", "deployments", "-n", "dev", SEMANTICS, "--format", "json").stdout
    )
    assert bare["request"]["apiGroup"] == "apps"
    assert {(s["kind"], s["name"]) for s in bare["subjects"]} == {
        ("Group", "system:serviceaccounts:ci"),
        ("Group", "system:masters"),
    }


def test_who_can_cluster_scoped_ignores_namespace():
    result = invoke("who-can", "get", "nodes", "-n", "dev", SEMANTICS, "--format", "json")
    assert result.exit_code == 0
    assert "Warning: resource 'nodes' is not namespace scoped" in result.stderr
    assert [s["name"] for s in json.loads(result.stdout)["subjects"]] == [
        "system:masters",
        "system:kube-proxy",
        "system:kube-scheduler",
    ]


def test_who_can_url():
    data = json.loads(invoke("who-can", "get", "/debug/pprof", SEMANTICS, "--format", "json").stdout)
    assert [s["name"] for s in data["subjects"]] == ["alice", "system:masters"]


def test_who_can_resource_name():
    args = ("who-can", "get", "secrets", "-n", "x", SEMANTICS, "--format", "json")
    named = json.loads(invoke(*args, "--resource-name", "app-config").stdout)
    unnamed = json.loads(invoke(*args).stdout)
    assert "alice" in [s["name"] for s in named["subjects"]]
    assert "alice" not in [s["name"] for s in unnamed["subjects"]]


def test_can_i_exit_codes():
    yes = invoke("can-i", "--as", "system:serviceaccount:dev:builder", "list", "pods", "-n", "dev", SEMANTICS)
    assert yes.exit_code == 0 and yes.stdout.splitlines()[0] == "yes"
    assert "RoleBinding dev/readers" in yes.stdout
    no = invoke("can-i", "--as", "system:serviceaccount:dev:builder", "list", "pods", "-n", "prod", SEMANTICS)
    assert no.exit_code == 1 and no.stdout.strip() == "no"
    group = invoke(
        "can-i", "--as", "group:team-leads", "create", "widgets.example.com", "-n", "team", SEMANTICS
    )
    assert group.exit_code == 0


def test_can_i_namespace_object_is_in_its_own_namespace(tmp_path):
    (tmp_path / "ns.yaml").write_text(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: e, namespace: team}\n"
        "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ns-editor}\n"
        "subjects: [{kind: User, name: lead}]\n---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ns-editor}\n"
        "rules: [{apiGroups: [''], resources: [namespaces], verbs: [patch]}]\n"
    )
    own = invoke(
        "can-i", "--as", "user:lead", "patch", "namespaces", "--resource-name", "team", str(tmp_path)
    )
    other = invoke(
        "can-i", "--as", "user:lead", "patch", "namespaces", "--resource-name", "prod", str(tmp_path)
    )
    assert (own.exit_code, other.exit_code) == (0, 1)


def test_can_i_json():
    result = invoke("can-i", "--as", "user:alice", "get", "/metrics", SEMANTICS, "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["allowed"] is True
    assert data["paths"][0]["rule"]["text"] == "get on /debug/*,/metrics"


def test_permissions_json():
    result = invoke("permissions", "user:u-exec", ESCALATION, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["subject"] == {"kind": "User", "name": "u-exec", "namespace": None}
    scopes = {s["scope"]: s["rules"] for s in data["scopes"]}
    assert [r for r in scopes["prod"]] == [
        {
            "resources": ["pods/exec"],
            "resourceNames": [],
            "nonResourceURLs": [],
            "verbs": ["create"],
            "builtin": False,
        }
    ]
    assert data["clusterAdmin"] is True
    assert {a["text"] for a in data["actsAs"]} >= {"ServiceAccount prod/admin-sa", "Group system:masters"}


def test_permissions_text():
    result = invoke("permissions", "system:serviceaccount:prod:admin-sa", ESCALATION)
    assert result.exit_code == 0
    assert "effectively cluster-admin:" in result.stdout


def test_usage_errors():
    bad = invoke("can-i", "--as", "system:serviceaccount:nons", "get", "pods", SEMANTICS)
    assert bad.exit_code == 2 and "k8slint: error: --as" in bad.stderr
    missing = invoke("who-can", "get", "pods", "/nonexistent/dir")
    assert missing.exit_code == 2
    assert "Traceback" not in missing.output


def test_who_can_patch_own_namespace(tmp_path):
    (tmp_path / "ns.yaml").write_text(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: e, namespace: team}\n"
        "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ns-editor}\n"
        "subjects: [{kind: User, name: lead}]\n---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ns-editor}\n"
        "rules: [{apiGroups: [''], resources: [namespaces], verbs: [patch]}]\n"
    )

    def names(ns: str) -> list[str]:
        out = invoke(
            "who-can", "patch", "namespaces", "--resource-name", ns, str(tmp_path), "--format", "json"
        )
        return [s["name"] for s in json.loads(out.stdout)["subjects"]]

    assert names("team") == ["lead", "system:masters"]
    assert names("prod") == ["system:masters"]


def test_who_can_transitive():
    args = ("who-can", "get", "secrets", "-n", "prod", ESCALATION, "--format", "json")
    plain = json.loads(invoke(*args).stdout)
    assert "indirect" not in plain
    data = json.loads(invoke(*args, "--transitive").stdout)
    indirect = {i["name"]: i["chain"] for i in data["indirect"]}
    assert set(indirect) == {
        "u-bind",
        "u-csr",
        "u-escalate",
        "u-exec",
        "u-impersonate-sa",
        "u-impersonate-user",
        "u-kube-system-jobs",
        "u-mutating",
        "u-nodes-proxy",
        "u-patch-pods",
        "u-pods",
        "u-secret-list",
        "u-token",
    }
    assert indirect["u-token"] == [
        "User u-token can create tokens for ServiceAccount prod/admin-sa (serviceaccounts/token)"
    ]
    # u-secret-list reads secrets itself only through list; get is what was asked
    assert "u-secret-list" not in {s["name"] for s in data["subjects"]}


def test_kubectl_resource_forms():
    """kubectl lowercases the resource, reads resource.version.group, and takes --subresource."""
    for args in (
        ("create", "Pods/exec"),
        ("create", "pods", "--subresource", "exec"),
    ):
        result = invoke("can-i", "--as", "user:u-exec", *args, "-n", "prod", ESCALATION, "--format", "json")
        assert result.exit_code == 0, result.output
        request = json.loads(result.stdout)["request"]
        assert (request["resource"], request["subresource"]) == ("pods", "exec")
    result = invoke("who-can", "create", "deployments.v1.apps", "-n", "dev", ESCALATION, "--format", "json")
    assert result.exit_code == 0, result.output
    request = json.loads(result.stdout)["request"]
    assert (request["apiGroup"], request["resource"]) == ("apps", "deployments")
    result = invoke("can-i", "--as", "user:u-exec", "create", "pods/exec", "--subresource", "log", ESCALATION)
    assert result.exit_code == 2
    assert "k8slint: error: pods/exec already names subresource 'exec', not 'log'" in result.stderr
    result = invoke("who-can", "get", "/metrics", "--subresource", "log", ESCALATION)
    assert result.exit_code == 2
