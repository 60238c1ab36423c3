"""Which kustomizations of the set build each file, and the directory-tree scope that follows: files
of sibling directories that one kustomization builds together are judged together."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from k8slint.analysis.references import same_tree
from k8slint.findings import Level
from k8slint.model.resource import build_resources
from k8slint.parse.kustomize import PatchIndex, kustomize_inclusions
from k8slint.parse.loader import iter_documents, load
from tests.harness import FIXTURES, ROOT, findings

TREES = FIXTURES / "kustomize-trees"
LAYOUT = TREES / "layout"


def _by_file(paths: list[str]) -> dict[str, set[str]]:
    """Display path of each loaded file -> its kustomization directories."""
    out: dict[str, set[str]] = {}
    for doc in load(paths).documents:
        out.setdefault(doc.file, set()).update(doc.kustomizations)
    return out


# -- the inclusion computation over parsed kustomizations -------------------------------------


def test_inclusions_direct_files_directories_and_transitive_overlays():
    kustomizations = {
        "/r/base/kustomization.yaml": {"resources": ["app", "extra.yaml"]},
        "/r/base/app/kustomization.yaml": {"resources": ["deploy.yaml"]},
        "/r/overlays/prod/kustomization.yaml": {"resources": ["../../base", "svc.yaml"]},
    }
    files = [
        "/r/base/app/deploy.yaml",
        "/r/base/app/other.yaml",
        "/r/base/extra.yaml",
        "/r/overlays/prod/svc.yaml",
    ]
    assert kustomize_inclusions(kustomizations, files) == {
        "/r/base/app/deploy.yaml": frozenset({"/r/base/app", "/r/base", "/r/overlays/prod"}),
        "/r/base/extra.yaml": frozenset({"/r/base", "/r/overlays/prod"}),
        "/r/overlays/prod/svc.yaml": frozenset({"/r/overlays/prod"}),
    }


def test_inclusions_directory_without_kustomization_stands_for_the_files_below_it():
    kustomizations = {"/r/k/kustomization.yaml": {"resources": ["../plain"]}}
    files = ["/r/plain/a.yaml", "/r/plain/deep/b.yaml", "/r/plainer/c.yaml"]
    assert kustomize_inclusions(kustomizations, files) == {
        "/r/plain/a.yaml": frozenset({"/r/k"}),
        "/r/plain/deep/b.yaml": frozenset({"/r/k"}),
    }


def test_inclusions_never_take_an_enclosing_directory_for_its_files():
    kustomizations = {"/r/a/b/kustomization.yaml": {"resources": ["..", "../../..", "/", "../b/.."]}}
    assert kustomize_inclusions(kustomizations, ["/r/a/x.yaml", "/r/a/b/y.yaml", "/r/z.yaml"]) == {}


def test_inclusions_legacy_bases_and_components():
    kustomizations = {
        "/r/overlay/kustomization.yaml": {"bases": ["../base"], "components": ["../comp"]},
        "/r/base/kustomization.yaml": {"resources": ["a.yaml"]},
        "/r/comp/kustomization.yaml": {"kind": "Component", "resources": ["p.yaml"]},
    }
    files = ["/r/base/a.yaml", "/r/comp/p.yaml"]
    assert kustomize_inclusions(kustomizations, files) == {
        "/r/base/a.yaml": frozenset({"/r/base", "/r/overlay"}),
        "/r/comp/p.yaml": frozenset({"/r/comp", "/r/overlay"}),
    }


def test_inclusions_ignore_remote_entries_even_when_a_local_path_would_match():
    kustomizations = {
        "/r/k/kustomization.yaml": {
            "resources": [
                "github.com/org/repo",
                "https://example.com/x.yaml",
                "git@github.com:org/repo.git",
                "gitlab.com/org/repo?ref=v1",
                "other?ref=main",
            ]
        }
    }
    files = [
        "/r/k/github.com/org/repo/a.yaml",
        "/r/k/https:/example.com/x.yaml",
        "/r/k/gitlab.com/org/repo/b.yaml",
        "/r/k/other/c.yaml",
    ]
    assert kustomize_inclusions(kustomizations, files) == {}


def test_inclusions_of_a_cycle_hold_what_every_member_lists():
    kustomizations = {
        "/r/a/kustomization.yaml": {"resources": ["../b", "a.yaml"]},
        "/r/b/kustomization.yaml": {"resources": ["../a", "b.yaml", "."]},
    }
    found = kustomize_inclusions(kustomizations, ["/r/a/a.yaml", "/r/b/b.yaml"])
    assert found == {
        "/r/a/a.yaml": frozenset({"/r/a", "/r/b"}),
        "/r/b/b.yaml": frozenset({"/r/a", "/r/b"}),
    }


def test_inclusions_tolerate_malformed_kustomizations():
    kustomizations = {
        "/r/a/kustomization.yaml": {"resources": {"x": 1}, "bases": "x.yaml", "components": None},
        "/r/b/kustomization.yaml": {"resources": [1, None, ["x.yaml"], {"path": "x.yaml"}, "", "x.yaml\n"]},
        "/r/c/kustomization.yaml": ["x.yaml"],
        "/r/d/kustomization.yaml": "resources",
        "/r/e/kustomization.yaml": None,
        "/r/f/kustomization.yaml": {"resources": ["x.yaml", " x.yaml "]},
    }
    files = [f"/r/{d}/x.yaml" for d in "abcdef"]
    assert kustomize_inclusions(kustomizations, files) == {"/r/f/x.yaml": frozenset({"/r/f"})}


# -- the loader: every document carries its kustomizations ------------------------------------


LAYOUT_EXPECTED = {
    "base/app/deployment.yaml": {"base/app", "base", "overlays/prod", "overlays/staging"},
    "base/app/unlisted.yaml": set(),
    "base/quota/quota.yaml": {"base", "overlays/prod", "overlays/staging"},
    "base/extra.yaml": {"base", "overlays/prod", "overlays/staging"},
    "components/policies/policy.yaml": {"components/policies", "base", "overlays/prod", "overlays/staging"},
    "components/unused/policy.yaml": {"components/unused"},
    "overlays/prod/service.yaml": {"overlays/prod"},
    "overlays/staging/service.yaml": {"overlays/staging"},
    "overlays/shared/config.yaml": {"overlays/prod"},
    "cycle/a/a.yaml": {"cycle/a", "cycle/b"},
    "cycle/b/b.yaml": {"cycle/a", "cycle/b"},
}


def _relative(found: dict[str, set[str]], root: str) -> dict[str, set[str]]:
    def rel(p: str) -> str:
        return os.path.relpath(os.path.abspath(p), os.path.abspath(root))

    return {rel(f): {rel(k) for k in ks} for f, ks in found.items()}


def test_layout_from_the_repository_root(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    found = _by_file(["fixtures/kustomize-trees/layout"])
    root = "fixtures/kustomize-trees/layout"
    assert all(f.startswith(root + "/") for f in found)
    assert all(k.startswith(root + "/") for ks in found.values() for k in ks)
    assert _relative(found, root) == LAYOUT_EXPECTED


def test_layout_through_dotdot_and_absolute_paths(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(LAYOUT / "base" / "app")
    found = _by_file(["../../overlays", str(LAYOUT / "base"), "../../components", "../../cycle"])
    # paths are shown as files are: relative to the working directory, absolute when given so
    # and outside it
    base = str(LAYOUT / "base")
    assert found["deployment.yaml"] == {".", base, "../../overlays/prod", "../../overlays/staging"}
    assert found[f"{base}/extra.yaml"] == {base, "../../overlays/prod", "../../overlays/staging"}
    assert found["../../overlays/shared/config.yaml"] == {"../../overlays/prod"}
    assert _relative(found, "../..") == LAYOUT_EXPECTED


def test_kustomizations_outside_the_set_include_nothing(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(LAYOUT)
    assert _by_file(["base"]) == {
        "base/app/deployment.yaml": {"base/app", "base"},
        "base/app/unlisted.yaml": set(),
        "base/quota/quota.yaml": {"base"},
        "base/extra.yaml": {"base"},
    }
    # the overlay lists ../../base, whose kustomization is not in the set: the files of the set below it
    assert _by_file(["overlays/prod", "base/app/deployment.yaml"]) == {
        "base/app/deployment.yaml": {"overlays/prod"},
        "overlays/prod/service.yaml": {"overlays/prod"},
    }


def test_no_kustomization_no_inclusions():
    [doc] = iter_documents("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    assert doc.kustomizations == frozenset()
    assert PatchIndex.from_files([str(LAYOUT / "base" / "extra.yaml")]).included_by == {}
    assert PatchIndex().kustomizations_of("-") == frozenset()


MALFORMED = {
    "resources-map": "resources: {a: 1}\nbases: a.yaml\ncomponents: 3\n",
    "entries-of-every-type": "resources: [1, null, [a.yaml], {path: a.yaml}, '', true, 2.5]\n",
    "top-level-list": "- a.yaml\n",
    "scalar": "a.yaml\n",
    "invalid-yaml": "resources: [a.yaml\n",
    "two-documents": "resources: [a.yaml]\n---\nresources: [a.yaml]\n",
    "empty": "",
    "nul-entry": 'resources: ["a\\0.yaml", "../../../../../../../../.."]\n',
    "self": "resources: [., kustomization.yaml, a.yaml, a.yaml/.., ./a.yaml]\n",
}


def test_malformed_kustomizations_are_tolerated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for name, text in MALFORMED.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "kustomization.yaml").write_text(text)
        (tmp_path / name / "a.yaml").write_text(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\n"
        )
    (tmp_path / "weird").mkdir()
    (tmp_path / "weird" / "Kustomization").write_text("resources: [a.yaml]\n")
    (tmp_path / "weird" / "a.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: weird}\n")
    monkeypatch.chdir(tmp_path)
    found = _by_file(["."])
    assert found == {
        **{f"{name}/a.yaml": set() for name in MALFORMED if name != "self"},
        "self/a.yaml": {"self"},
        # a `Kustomization` file without an extension is read only when passed explicitly
        "weird/a.yaml": set(),
    }
    assert _by_file([".", "weird/Kustomization"])["weird/a.yaml"] == {"weird"}


def test_absolute_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "k").mkdir()
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    (tmp_path / "k" / "kustomization.yaml").write_text(f"resources: [{tmp_path / 'lib' / 'a.yaml'}]\n")
    monkeypatch.chdir(tmp_path / "k")
    assert _by_file([".", "../lib"]) == {"../lib/a.yaml": {"."}}


# -- the scope that follows --------------------------------------------------------------------


def test_same_tree_joins_what_one_kustomization_builds(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(LAYOUT)
    resources = {(r.doc.file, r.name): r for r in build_resources(load(["."]).documents)}

    def together(a: tuple[str, str], b: tuple[str, str]) -> bool:
        assert same_tree(resources[a], resources[b]) == same_tree(resources[b], resources[a])
        return same_tree(resources[a], resources[b])

    deployment = ("base/app/deployment.yaml", "web")
    assert together(deployment, ("base/quota/quota.yaml", "shop"))
    assert together(deployment, ("components/policies/policy.yaml", "deny-all"))
    assert together(deployment, ("overlays/prod/service.yaml", "web"))
    assert together(("overlays/shared/config.yaml", "shared"), ("base/extra.yaml", "extra"))
    assert together(("cycle/a/a.yaml", "a"), ("cycle/b/b.yaml", "b"))
    # the directory tree alone still counts
    assert together(("base/app/unlisted.yaml", "unlisted"), ("base/extra.yaml", "extra"))
    # alternative overlays, an unused component, an unlisted file: not one deployment
    assert not together(("overlays/prod/service.yaml", "web"), ("overlays/staging/service.yaml", "web"))
    assert not together(("overlays/staging/service.yaml", "web"), ("overlays/shared/config.yaml", "shared"))
    assert not together(deployment, ("components/unused/policy.yaml", "allow-web"))
    assert not together(("base/app/unlisted.yaml", "unlisted"), ("overlays/prod/service.yaml", "web"))
    assert not together(deployment, ("cycle/a/a.yaml", "a"))


def _quota_levels(case: str) -> list[tuple[str, int, Level]]:
    return [
        (os.path.relpath(f.location.file, TREES / case), f.location.line, f.level)
        for f in findings([TREES / case], {"quota-exceeded"})
    ]


def test_quota_of_a_sibling_base_governs_the_deployment_the_same_build_holds():
    assert _quota_levels("quota-siblings") == [("base/app/deployment.yaml", 5, Level.ERROR)]


def test_quota_of_an_alternative_variant_stays_a_note():
    assert _quota_levels("quota-unrelated") == [("app/deployment.yaml", 5, Level.NOTE)]
