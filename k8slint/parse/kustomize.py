"""What the kustomizations of the set say about the other files: which are patches, which images
get a tag.

A strategic-merge patch looks like a Kubernetes object but holds only a fragment of one; linted on
its own it yields nothing but false findings. Files that a kustomization in the set names as a
patch are skipped with a note.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

from k8slint.parse.classify import KUSTOMIZATION_FILES


def _patch_paths(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return []
    out: list[str] = []
    for key in ("patchesStrategicMerge", "patches", "patchesJson6902"):
        entries = data.get(key)
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, str) and "\n" not in entry:
                out.append(entry)
            elif isinstance(entry, dict) and isinstance(entry.get("path"), str):
                out.append(entry["path"])
    return out


def _retagged_images(data: Any) -> list[str]:
    """Images whose tag or digest the kustomization sets (``images: [{name, newTag|digest}]``)."""
    entries = data.get("images") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    return [
        e["name"]
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("name"), str) and (e.get("newTag") or e.get("digest"))
    ]


def _adds_selector_labels(data: Any) -> bool:
    """commonLabels (and `labels` with includeSelectors) are written into selectors and templates."""
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("commonLabels"), dict) and data["commonLabels"]:
        return True
    labels = data.get("labels")
    return isinstance(labels, list) and any(isinstance(x, dict) and x.get("includeSelectors") for x in labels)


_PATCH_NAME = re.compile(r"(^|[_.\-])patch(es)?([_.\-]|$)", re.IGNORECASE)


def looks_like_patch(path: str, text: str) -> str | None:
    """Why a file is a patch by its own look: a $patch directive, or a patch-like name."""
    if "$patch:" in text:
        return "it carries a $patch directive"
    base = os.path.basename(path)
    if _PATCH_NAME.search(os.path.splitext(base)[0]) or os.path.basename(os.path.dirname(path)) == "patches":
        return "its name marks it as a patch"
    return None


def _under(path: str, roots: set[str]) -> bool:
    normal = os.path.normpath(path)
    return any(normal == root or normal.startswith(root + os.sep) for root in roots)


class PatchIndex:
    def __init__(
        self,
        owners: dict[str, str] | None = None,
        images: dict[str, str] | None = None,
        selector_managed: set[str] | None = None,
    ) -> None:
        self._owners = owners or {}
        self.image_overrides = images or {}
        # files that a kustomization with commonLabels builds: kustomize writes their selectors
        self.selector_managed = selector_managed or set()
        # files and directories that a kustomization with patches builds: the patches may add
        # containers, ports and volumes that the files alone lack
        self.patched_roots: set[str] = set()
        # files and directories a kustomization that sets `namespace:` builds
        self.namespaced_roots: set[str] = set()

    @classmethod
    def from_files(cls, files: Iterable[str]) -> PatchIndex:
        from k8slint.parse.loader import new_yaml
        from k8slint.parse.tree import TreeBuilder

        owners: dict[str, str] = {}
        images: dict[str, str] = {}
        managed: set[str] = set()
        patched: set[str] = set()
        renamed: set[str] = set()
        for path in files:
            if os.path.basename(path) not in KUSTOMIZATION_FILES:
                continue
            try:
                with open(path, encoding="utf-8") as fh:
                    node = new_yaml(False).compose(fh.read())
                data = TreeBuilder().build(node) if node is not None else None
            except Exception:  # a broken kustomization is reported when it is loaded
                continue
            base = os.path.dirname(path)
            for rel in _patch_paths(data):
                owners[os.path.normpath(os.path.join(base, rel))] = path
            for image in _retagged_images(data):
                images.setdefault(image, path)
            if _adds_selector_labels(data) and isinstance(data.get("resources"), list):
                for rel in data["resources"]:
                    if isinstance(rel, str):
                        managed.add(os.path.normpath(os.path.join(base, rel)))
            if _patch_paths(data) and isinstance(data.get("resources"), list):
                patched.update(
                    os.path.normpath(os.path.join(base, rel))
                    for rel in data["resources"]
                    if isinstance(rel, str)
                )
            if (
                isinstance(data, dict)
                and isinstance(data.get("namespace"), str)
                and isinstance(data.get("resources"), list)
            ):
                renamed.update(
                    os.path.normpath(os.path.join(base, rel))
                    for rel in data["resources"]
                    if isinstance(rel, str)
                )
        index = cls(owners, images, managed)
        index.patched_roots = patched
        index.namespaced_roots = renamed
        return index

    def is_renamespaced(self, path: str) -> bool:
        """Whether a kustomization that sets `namespace:` builds ``path``."""
        return _under(path, self.namespaced_roots)

    def is_patched(self, path: str) -> bool:
        """Whether a kustomization with patches builds ``path`` (listed itself or under a listed directory)."""
        return _under(path, self.patched_roots)

    def patch_owner(self, path: str) -> str | None:
        if not self._owners:
            return None
        return self._owners.get(os.path.normpath(path))
