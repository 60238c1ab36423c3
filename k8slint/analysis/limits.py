"""Which container resources are set once admission has run. One implementation: the admitted
pod of ``k8slint.analysis.admission`` (API defaulting, then the namespace's LimitRange defaults)."""

from __future__ import annotations

from k8slint.analysis.admission import Source, admit
from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView

__all__ = ["Source", "resource_source"]


def resource_source(ctx: AnalysisContext, c: ContainerView, which: str, name: str) -> Source | None:
    """Where container ``c`` gets ``which`` ("requests" or "limits") of ``name``, or None."""
    admitted = admit(ctx, c.template).container(c.path)
    if admitted is None:  # an ephemeral container: never any resources
        return None
    value = (admitted.requests if which == "requests" else admitted.limits).get(name)
    return value.source if value is not None else None
