"""When a reference to an absent object is an error and when only a note: the set is trusted to
be complete for a kind only where the referrer's directory declares that kind in the namespace."""

from __future__ import annotations

from k8slint.analysis.context import Settings
from k8slint.engine.registry import load_registry
from k8slint.engine.run import Runner

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: %s}
spec:
  serviceAccountName: web
  containers:
    - name: web
      image: nginx:1.27
      envFrom: [{secretRef: {name: web-env}}]
"""
SECRET = "apiVersion: v1\nkind: Secret\nmetadata: {name: other, namespace: %s}\n"
ACCOUNT = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: other, namespace: %s}\n"


def _levels(paths, settings: Settings | None = None) -> dict[str, str]:
    rules = {"missing-config-reference", "missing-service-account"}
    result = Runner(load_registry(), rules, settings or Settings()).run([str(p) for p in paths])
    return {f.rule: f.level.value for f in result.findings}


def test_declared_in_the_same_directory_is_an_error(tmp_path):
    (tmp_path / "pod.yaml").write_text(POD % "shop")
    (tmp_path / "objects.yaml").write_text(SECRET % "shop" + "---\n" + ACCOUNT % "shop")
    assert _levels([tmp_path]) == {"missing-config-reference": "error", "missing-service-account": "error"}


def test_declared_only_elsewhere_or_nowhere_is_a_note(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "app" / "pod.yaml").write_text(POD % "shop")
    (tmp_path / "other" / "objects.yaml").write_text(SECRET % "shop" + "---\n" + ACCOUNT % "shop")
    assert _levels([tmp_path]) == {"missing-config-reference": "note", "missing-service-account": "note"}
    assert _levels([tmp_path / "app"]) == {
        "missing-config-reference": "note",
        "missing-service-account": "note",
    }


def test_assume_complete_makes_every_absence_an_error(tmp_path):
    (tmp_path / "pod.yaml").write_text(POD % "shop")
    levels = _levels([tmp_path], Settings(assume_complete=True))
    assert levels == {"missing-config-reference": "error", "missing-service-account": "error"}


def test_kube_system_is_never_assumed_complete(tmp_path):
    (tmp_path / "pod.yaml").write_text(POD % "kube-system")
    (tmp_path / "objects.yaml").write_text(SECRET % "kube-system" + "---\n" + ACCOUNT % "kube-system")
    assert _levels([tmp_path]) == {"missing-config-reference": "note", "missing-service-account": "note"}


def test_a_role_that_creates_secrets_makes_a_missing_secret_a_note(tmp_path):
    role = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: cert-writer, namespace: shop}
rules: [{apiGroups: [""], resources: [secrets], verbs: [create, get]}]
"""
    (tmp_path / "pod.yaml").write_text(POD % "shop")
    (tmp_path / "objects.yaml").write_text(SECRET % "shop" + "---\n" + ACCOUNT % "shop" + "---\n" + role)
    assert _levels([tmp_path]) == {"missing-config-reference": "note", "missing-service-account": "error"}


def test_a_kustomization_that_sets_the_namespace_makes_it_a_note(tmp_path):
    (tmp_path / "pod.yaml").write_text(POD % "shop")
    (tmp_path / "objects.yaml").write_text(SECRET % "shop" + "---\n" + ACCOUNT % "shop")
    (tmp_path / "kustomization.yaml").write_text("namespace: prod\nresources: [pod.yaml, objects.yaml]\n")
    assert _levels([tmp_path]) == {"missing-config-reference": "note", "missing-service-account": "note"}
