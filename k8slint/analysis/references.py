"""Lookups the references rules share: objects of the set by kind, namespace and name, and
whether the set can be trusted to be complete for a kind in a namespace.

A set is often partial (one application out of a cluster), so a reference to an absent object is
only an error when the set declares objects of that kind in that namespace (or with
--assume-complete); otherwise it is a note."""

from __future__ import annotations

from collections import defaultdict

from k8slint.analysis.context import AnalysisContext
from k8slint.findings import Level
from k8slint.model.resource import Resource

BUILTIN_PRIORITY_CLASSES = frozenset({"system-cluster-critical", "system-node-critical"})
BUILTIN_CLUSTER_ROLES = frozenset({"cluster-admin", "admin", "edit", "view"})


def _index(ctx: AnalysisContext) -> dict[tuple[str, str | None], dict[str, list[Resource]]]:
    index = ctx.memo.get("objects-by-kind")
    if index is None:
        index = defaultdict(lambda: defaultdict(list))
        for r in ctx.resources:
            index[(r.kind, r.namespace)][r.name].append(r)
        ctx.memo["objects-by-kind"] = index
    return index


def find(ctx: AnalysisContext, kind: str, namespace: str | None, name: str) -> Resource | None:
    found = _index(ctx).get((kind, namespace), {}).get(name)
    return found[0] if found else None


def declares(ctx: AnalysisContext, kind: str, namespace: str | None) -> bool:
    return bool(_index(ctx).get((kind, namespace)))


def missing_level(ctx: AnalysisContext, kind: str, namespace: str | None) -> Level | None:
    """None (the rule's own level) when the set is complete for the kind here, else NOTE."""
    if ctx.settings.assume_complete or declares(ctx, kind, namespace):
        return None
    return Level.NOTE


def selected_templates(ctx: AnalysisContext, service: Resource) -> list:
    """The pod templates a Service selects (from the graph's SELECTS edges)."""
    from k8slint.graph.graph import EdgeKind

    refs = {e.target for e in ctx.graph.out_edges(service.ref, EdgeKind.SELECTS)}
    return [t for t in ctx.templates if t.resource.ref in refs]


def has_pod_templates(ctx: AnalysisContext, namespace: str | None) -> bool:
    return any(t.namespace == namespace for t in ctx.templates)
