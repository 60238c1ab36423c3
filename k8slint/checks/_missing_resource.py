"""The shared judgment of the four request/limit rules; each rule module names its resource."""

from collections.abc import Iterator
from typing import ClassVar

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limits import resource_source
from k8slint.analysis.workloads import ContainerKind, ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.parse.sourcemap import get


class MissingResourceRule(ContainerRule):
    """Base of cpu/memory request/limit rules (not a rule itself: it has no id)."""

    resource_name: ClassVar[str]
    which: ClassVar[str]  # "requests" | "limits"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        if container.kind is ContainerKind.EPHEMERAL:
            return  # ephemeral containers cannot have resources
        if resource_source(ctx, container, self.which, self.resource_name) is None:
            resources = get(container.resource.raw, (*container.path, "resources"))
            where = (*container.path, "resources") if isinstance(resources, dict) else container.path
            yield Violation(
                where, f'container "{container.name}" has no {self.resource_name} {self.which[:-1]}'
            )
