"""Which container resources are set once admission has run: the container's own requests and
limits, API defaulting (a limit without a request makes the request equal to the limit), and the
LimitRanger defaults of the namespace's LimitRanges in the set (``defaultRequest``, ``default``,
and the LimitRange's own defaulting: ``default`` from ``max``, ``defaultRequest`` from ``default``).
The full admitted pod spec (QoS, quota) builds on the same rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.parse.sourcemap import get, items


@dataclass(frozen=True, slots=True)
class Source:
    """Where a container gets a request or limit from."""

    kind: str  # "container" | "limit" (request defaulted from it) | "limitrange"
    name: str = ""  # the LimitRange, for "limitrange"


def _limit_range_defaults(
    ctx: AnalysisContext, namespace: str | None
) -> tuple[dict[str, str], dict[str, str]]:
    """(default requests, default limits) resource -> LimitRange name, for Container items."""
    requests: dict[str, str] = {}
    limits: dict[str, str] = {}
    for lr in ctx.graph.resources("LimitRange"):
        if lr.namespace != namespace:
            continue
        for item in items(get(lr.raw, ("spec",)), "limits"):
            if get(item, ("type",)) != "Container":
                continue
            maximum = get(item, ("max",)) or {}
            default = {**(maximum if isinstance(maximum, dict) else {}), **(get(item, ("default",)) or {})}
            default_request = {**default, **(get(item, ("defaultRequest",)) or {})}
            for name in default:
                limits.setdefault(name, lr.name)
            for name in default_request:
                requests.setdefault(name, lr.name)
    return requests, limits


def resource_source(ctx: AnalysisContext, c: ContainerView, which: str, name: str) -> Source | None:
    """Where container ``c`` gets ``which`` ("requests" or "limits") of ``name``, or None."""
    own: Any = get(c.resource.raw, (*c.path, "resources", which, name))
    if own is not None:
        return Source("container")
    if which == "requests" and get(c.resource.raw, (*c.path, "resources", "limits", name)) is not None:
        return Source("limit")
    default_requests, default_limits = _limit_range_defaults(ctx, c.resource.namespace)
    owner = (default_requests if which == "requests" else default_limits).get(name)
    return Source("limitrange", owner) if owner else None
