"""What the loader produces: documents with their origin, and problems found while reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding produced while reading input, before any rule runs."""

    rule: str
    message: str
    file: str
    line: int
    column: int
    # the object the problem belongs to, when it could be told: (apiVersion, kind, namespace, name)
    resource: tuple[str, str, str | None, str] | None = None


@dataclass(slots=True)
class Document:
    """One Kubernetes object read from a file (a ``List`` item is a document of its own)."""

    file: str
    index: int  # the YAML document's index within its file
    data: Any  # a YMap
    line: int
    column: int
    item: int | None = None  # position within a ``kind: List``
    # directories (as displayed) of the kustomizations of the set whose build includes the file:
    # files of sibling directories that one kustomization builds are of one deployment
    kustomizations: frozenset[str] = frozenset()


@dataclass(slots=True)
class FileRecord:
    """How one input file was accounted for."""

    path: str
    status: str  # "analyzed" | "skipped" | "error"
    reason: str = ""
    objects: int = 0


@dataclass(slots=True)
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[FileRecord] = field(default_factory=list)
    # image name -> the kustomization that sets its tag or digest (kustomize `images:`)
    image_overrides: dict[str, str] = field(default_factory=dict)
    # files whose selectors a kustomization with commonLabels writes at build time
    selector_managed: set[str] = field(default_factory=set)
    # files a kustomization with patches builds: what they lack, a patch may add
    kustomize_patched: set[str] = field(default_factory=set)
    # files a kustomization with `namespace:` builds: their namespace is set at build time
    kustomize_namespaced: set[str] = field(default_factory=set)
    # `# k8slint: ignore[...]` comments, per file
    directives: list[Any] = field(default_factory=list)


class SourceRule:
    """Ids of the rules whose findings the loader itself produces."""

    INVALID_YAML = "invalid-yaml"
    DUPLICATE_KEY = "duplicate-key"
    UNRENDERED_TEMPLATE = "unrendered-template"
    UNREADABLE_FILE = "unreadable-file"
    INVALID_DOCUMENT = "invalid-document"
    SKIPPED_DOCUMENT = "skipped-document"
