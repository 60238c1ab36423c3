"""Findings: what k8slint reports, and their levels and categories."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


class Category(str, Enum):
    VALIDITY = "validity"
    SECURITY = "security"
    RELIABILITY = "reliability"
    RESOURCES = "resources"
    SCHEDULING = "scheduling"
    REFERENCES = "references"
    RBAC = "rbac"
    NETWORK = "network"
    HYGIENE = "hygiene"


@dataclass(frozen=True, slots=True)
class ResourceId:
    api_version: str
    kind: str
    namespace: str | None
    name: str

    def to_json(self) -> dict[str, Any]:
        return {
            "apiVersion": self.api_version,
            "kind": self.kind,
            "namespace": self.namespace,
            "name": self.name,
        }

    def __str__(self) -> str:
        return f"{self.kind} {self.namespace}/{self.name}" if self.namespace else f"{self.kind} {self.name}"


@dataclass(frozen=True, slots=True)
class Location:
    file: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Related:
    location: Location
    message: str
    resource: ResourceId | None = None


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding is not counted: SARIF's suppression kinds."""

    kind: str  # "inSource" (annotation, comment) | "external" (config, baseline)
    justification: str
    source: str  # e.g. "annotation k8slint.io/ignore", "comment", "config", "baseline"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "justification": self.justification, "source": self.source}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: Category
    level: Level
    message: str
    location: Location
    resource: ResourceId | None = None
    path: tuple[str | int, ...] = ()
    related: tuple[Related, ...] = field(default=())
    suppression: Suppression | None = None
    fingerprint: str = ""

    @property
    def fingerprint_basis(self) -> str:
        """Identity that survives moved lines: rule, file, resource and field path (no line numbers)."""
        if self.resource is not None:
            who = f"{self.resource.api_version.rpartition('/')[0]}/{self.resource.kind}/{self.resource.namespace}/{self.resource.name}"
        else:
            who = "-"
        where = ".".join(map(str, self.path)) if self.path else self.message
        return f"{self.rule}|{self.location.file}|{who}|{where}"

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.location.file, self.location.line, self.location.column, self.rule, self.message)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category.value,
            "level": self.level.value,
            "message": self.message,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "resource": self.resource.to_json() if self.resource else None,
        }
        if self.suppression is not None:
            out["suppression"] = self.suppression.to_json()
        if self.related:
            out["related"] = [
                {
                    "file": r.location.file,
                    "line": r.location.line,
                    "column": r.location.column,
                    "message": r.message,
                }
                for r in self.related
            ]
        return out
