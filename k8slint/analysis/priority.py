"""Pod priority as the Priority admission plugin resolves it (plugin/pkg/admission/priority):
a pod without ``priorityClassName`` receives the name and value of the global default
PriorityClass (the smallest value when several claim it), else priority 0; the built-in
``system-cluster-critical`` and ``system-node-critical`` classes exist in every cluster."""

from __future__ import annotations

from typing import TYPE_CHECKING

from k8slint.parse.sourcemap import get, text

if TYPE_CHECKING:
    from k8slint.analysis.context import AnalysisContext
    from k8slint.analysis.workloads import PodTemplate

SYSTEM_CLASSES = {"system-cluster-critical": 2_000_000_000, "system-node-critical": 2_000_001_000}


def class_values(ctx: AnalysisContext) -> dict[str, int]:
    """Every PriorityClass name known to the set (the built-in ones included) -> its value."""
    found: dict[str, int] | None = ctx.memo.get("priority-classes")
    if found is None:
        found = dict(SYSTEM_CLASSES)
        for pc in ctx.graph.resources("PriorityClass"):
            value = get(pc.raw, ("value",))
            if pc.ref.group == "scheduling.k8s.io" and isinstance(value, int) and not isinstance(value, bool):
                found.setdefault(pc.name, value)
        ctx.memo["priority-classes"] = found
    return found


def global_default(ctx: AnalysisContext) -> tuple[str, int] | None:
    """The global default PriorityClass of the set: (name, value), the smallest value first."""
    key = "priority-global-default"
    if key not in ctx.memo:
        defaults = [
            (value, pc.name)
            for pc in ctx.graph.resources("PriorityClass")
            if pc.ref.group == "scheduling.k8s.io"
            and get(pc.raw, ("globalDefault",)) is True
            and isinstance(value := get(pc.raw, ("value",)), int)
            and not isinstance(value, bool)
        ]
        ctx.memo[key] = (min(defaults)[1], min(defaults)[0]) if defaults else None
    return ctx.memo[key]


def class_name(ctx: AnalysisContext, template: PodTemplate) -> str | None:
    """The pod's ``priorityClassName`` after admission: the stated one, else the global default's."""
    stated = text(template.raw_spec, "priorityClassName")
    if stated:
        return stated
    default = global_default(ctx)
    return default[0] if default else None


def value(ctx: AnalysisContext, template: PodTemplate) -> int | None:
    """The pod's priority after admission; None when its class is not known to the set (the
    Priority plugin rejects such a pod unless the cluster has the class)."""
    stated = text(template.raw_spec, "priorityClassName")
    if stated:
        return class_values(ctx).get(stated)
    default = global_default(ctx)
    return default[1] if default else 0
