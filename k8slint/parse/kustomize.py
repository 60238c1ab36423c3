"""What the kustomizations of the set say about the other files: which are patches, which images
get a tag, which kustomizations build them.

A strategic-merge patch looks like a Kubernetes object but holds only a fragment of one; linted on
its own it yields nothing but false findings. Files that a kustomization in the set names as a
patch are skipped with a note.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
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


# the fields whose entries kustomize builds into the kustomization's output
_BUILD_KEYS = ("resources", "bases", "components")
_REMOTE_HOSTS = ("git@", "github.com/", "gitlab.com/", "bitbucket.org/", "ssh:", "git::")


def _is_remote(entry: str) -> bool:
    """A URL or a git reference: kustomize fetches it; it is never a file of the set."""
    return "://" in entry or entry.startswith(_REMOTE_HOSTS) or "?ref=" in entry or "?version=" in entry


def _build_entries(data: Any) -> list[str]:
    """The local entries of ``resources``, ``bases`` and ``components``, as written."""
    if not isinstance(data, dict):
        return []
    out: list[str] = []
    for key in _BUILD_KEYS:
        entries = data.get(key)
        if not isinstance(entries, list):
            continue
        out.extend(
            e for e in entries if isinstance(e, str) and e.strip() and "\n" not in e and "\x00" not in e
        )
    return [e.strip() for e in out if not _is_remote(e.strip())]


def _absolute(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def _contains(root: str, path: str) -> bool:
    """Whether directory ``path`` is ``root`` or below it."""
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


def _files_under(root: str, ordered: list[str]) -> list[str]:
    """Files of ``ordered`` (sorted absolute paths) below directory ``root``."""
    prefix = root if root.endswith(os.sep) else root + os.sep
    out: list[str] = []
    for i in range(bisect_left(ordered, prefix), len(ordered)):
        if not ordered[i].startswith(prefix):
            break
        out.append(ordered[i])
    return out


def kustomize_inclusions(
    kustomizations: Mapping[str, Any], files: Iterable[str]
) -> dict[str, frozenset[str]]:
    """For every file of the set, the directories of the kustomizations whose build includes it.

    ``kustomizations`` maps each kustomization file of the set to its parsed content (anything:
    malformed content includes nothing); ``files`` are the files of the set. A kustomization
    includes the files its ``resources``, ``bases`` and ``components`` list, and through a listed
    directory whatever that directory's kustomization includes (transitively; a cycle includes
    what its members list). A listed directory without a kustomization of the set stands for the
    files of the set below it, unless it encloses the listing kustomization. Remote entries and
    paths outside the set include nothing. Keys and values are absolute normalized paths.
    """
    ordered = sorted({_absolute(f) for f in files})
    known = set(ordered)
    # kustomization directory -> files it lists directly; -> kustomization directories it lists
    direct: dict[str, set[str]] = {}
    children: dict[str, set[str]] = {}
    listed: dict[str, list[str]] = {}
    for path, data in kustomizations.items():
        kdir = os.path.dirname(_absolute(path))
        direct.setdefault(kdir, set())
        children.setdefault(kdir, set())
        listed.setdefault(kdir, []).extend(_build_entries(data))
    for kdir, entries in listed.items():
        for entry in entries:
            target = os.path.normpath(os.path.join(kdir, entry))
            if target in known:
                direct[kdir].add(target)
            elif target in direct:
                children[kdir].add(target)
            elif not _contains(target, kdir):  # kustomize cannot build an enclosing directory
                direct[kdir].update(_files_under(target, ordered))
    included: dict[str, set[str]] = {}
    for kdir in direct:
        seen = {kdir}
        stack = [kdir]
        while stack:
            current = stack.pop()
            for f in direct[current]:
                included.setdefault(f, set()).add(kdir)
            for child in children[current]:
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
    return {f: frozenset(dirs) for f, dirs in included.items()}


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
        # absolute file path -> directories (as displayed) of the kustomizations that build it
        self.included_by: dict[str, frozenset[str]] = {}

    @classmethod
    def from_files(cls, files: Iterable[str]) -> PatchIndex:
        from k8slint.parse.loader import new_yaml
        from k8slint.parse.tree import TreeBuilder

        files = list(files)
        owners: dict[str, str] = {}
        images: dict[str, str] = {}
        parsed: dict[str, Any] = {}
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
                parsed[path] = None
                continue
            parsed[path] = data
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
        if parsed:
            from k8slint.parse.loader import display_path

            shown = {os.path.dirname(_absolute(p)): display_path(os.path.dirname(p) or ".") for p in parsed}
            index.included_by = {
                f: frozenset(shown[d] for d in dirs)
                for f, dirs in kustomize_inclusions(parsed, files).items()
            }
        return index

    def kustomizations_of(self, path: str) -> frozenset[str]:
        """Directories of the kustomizations of the set whose build includes ``path``."""
        if not self.included_by or path == "-":
            return frozenset()
        return self.included_by.get(_absolute(path), frozenset())

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
