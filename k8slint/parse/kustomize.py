"""Which files are kustomize patches.

A strategic-merge patch looks like a Kubernetes object but holds only a fragment of one; linted on
its own it yields nothing but false findings. Files that a kustomization in the set names as a
patch are skipped with a note.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


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


class PatchIndex:
    def __init__(self, owners: dict[str, str] | None = None) -> None:
        self._owners = owners or {}

    @classmethod
    def from_files(cls, files: Iterable[str]) -> PatchIndex:
        from k8slint.parse.tree import ImplicitResolver, TreeBuilder

        owners: dict[str, str] = {}
        for path in files:
            if os.path.basename(path) not in _NAMES:
                continue
            try:
                from ruamel.yaml import YAML

                yaml = YAML(typ="safe", pure=False)
                yaml.Resolver = ImplicitResolver
                with open(path, encoding="utf-8") as fh:
                    node = yaml.compose(fh.read())
                data = TreeBuilder().build(node) if node is not None else None
            except Exception:  # a broken kustomization is reported when it is loaded
                continue
            base = os.path.dirname(path)
            for rel in _patch_paths(data):
                owners[os.path.normpath(os.path.join(base, rel))] = path
        return cls(owners)

    def patch_owner(self, path: str) -> str | None:
        if not self._owners:
            return None
        return self._owners.get(os.path.normpath(path))
