"""Rule kinds. A rule states its metadata as class attributes and yields Violations; the engine
stamps identity and level, resolves lines from paths, and applies selection.

Documentation is the rule's docstring, in sections::

    ## What it finds / ## Why it matters / ## How to fix / ## Example / ## Use instead

``## Example`` and ``## Use instead`` hold YAML: the first must trigger the rule, the second must not
(the test suite checks both).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import Path

if TYPE_CHECKING:
    from k8slint.analysis.context import AnalysisContext
    from k8slint.analysis.workloads import ContainerView, PodTemplate
    from k8slint.model.resource import Resource


@dataclass(frozen=True, slots=True)
class RelatedRef:
    resource: Resource
    path: Path
    message: str


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule's raw result: a path inside an object, and a message."""

    path: Path
    message: str
    resource: Resource | None = None  # required for GraphRule results
    related: tuple[RelatedRef, ...] = ()
    # a lower level than the rule's own, where the rule's docs say when (e.g. a partial set)
    downgrade: Level | None = None


DOC_SECTIONS = ("What it finds", "Why it matters", "How to fix", "Example", "Use instead")


class RuleOptions(BaseModel):
    """A rule's options: typed, validated when the config is loaded, documented in `## Options`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Rule:
    id: ClassVar[str]
    category: ClassVar[Category]
    level: ClassVar[Level]
    summary: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    doc: ClassVar[str] = ""
    # False where the docs' examples cannot be replayed as text (binary input, internal errors)
    examples_replayable: ClassVar[bool] = True
    Options: ClassVar[type[RuleOptions]] = RuleOptions
    # the smallest preset that runs the rule: minimal < default < strict
    preset: ClassVar[str] = "minimal"

    def __init__(self, options: RuleOptions | None = None) -> None:
        self.options = options if options is not None else self.Options()

    @classmethod
    def documentation(cls) -> str:
        return cls.doc or inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_section(cls, title: str) -> str:
        text = cls.documentation()
        m = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
        return m.group(1).strip() if m else ""

    @classmethod
    def example_yaml(cls, title: str) -> str:
        m = re.search(r"```ya?ml\n(.*?)```", cls.doc_section(title), re.DOTALL)
        return m.group(1) if m else ""


class SourceRule(Rule):
    """Reported by the loader and the model layer while reading input; no check to run."""


class ResourceRule(Rule):
    """Runs on every object of the target kinds (``targets = None``: every object)."""

    targets: ClassVar[frozenset[str] | None] = None

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterable[Violation]:
        raise NotImplementedError


class PodTemplateRule(Rule):
    """Runs on every pod template: bare Pods, built-in workloads and custom workloads."""

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterable[Violation]:
        raise NotImplementedError


class ContainerRule(Rule):
    """Runs on every container of every pod template (init, sidecar and ephemeral included)."""

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterable[Violation]:
        raise NotImplementedError


class GraphRule(Rule):
    """Runs once over the whole set; each Violation names the one resource it belongs to."""

    def check(self, ctx: AnalysisContext) -> Iterable[Violation]:
        raise NotImplementedError


def rule_json(rule: type[Rule]) -> dict[str, Any]:
    return {
        "id": rule.id,
        "category": rule.category.value,
        "level": rule.level.value,
        "summary": rule.summary,
        "aliases": list(rule.aliases),
        "preset": rule.preset,
    }
