"""LimitRange objects as the API server stores them: their items after object defaulting
(``SetDefaults_LimitRangeItem``), which LimitRanges of the set apply to an object, and how
LimitRanger compares quantities.

Which LimitRanges apply: every valid LimitRange of the object's namespace anywhere in the set, in
name order (upstream uses its cache's order), as the cluster does. ``in_tree`` is a narrower guard
for findings: the LimitRange comes from the object's directory tree (a repository of unrelated
projects shares namespace names), and a file whose namespace a kustomization sets is only paired
with another such; with --assume-complete every LimitRange passes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import same_tree
from k8slint.model.quantity import Quantity, QuantityError
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items

# resource.MaxMilliValue: the largest value whose milli-value fits an int64
MAX_MILLI_VALUE = (2**63 - 1) // 1000
FIELDS = ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")


def _away_from_zero(q: Quantity, unit_nanos: int, scale: int) -> int:
    if q.nanos is not None:  # exact integer arithmetic, no Fraction
        n = q.nanos
        return -(-n // unit_nanos) if n >= 0 else n // unit_nanos
    v = q.value * scale
    return math.ceil(v) if v >= 0 else -math.ceil(-v)


def whole(q: Quantity) -> int:
    """Value(): whole units, rounded away from zero."""
    return _away_from_zero(q, 1_000_000_000, 1)


def milli(q: Quantity) -> int:
    """MilliValue(): thousandths, rounded away from zero."""
    return _away_from_zero(q, 1_000_000, 1000)


def comparable(*quantities: Quantity | None) -> list[int]:
    """requestLimitEnforcedValues: milli-values when every operand fits, else whole values (an
    absent quantity is zero)."""
    values = [whole(q) if q is not None else 0 for q in quantities]
    if all(w <= MAX_MILLI_VALUE for w in values):
        return [milli(q) if q is not None else 0 for q in quantities]
    return values


def resource_list(raw: Any) -> dict[str, Quantity] | None:
    """A ResourceList; None when any quantity in it is malformed (another rule reports that)."""
    if not isinstance(raw, dict):
        return {}
    out: dict[str, Quantity] = {}
    for name, value in raw.items():
        if not isinstance(name, str):
            continue
        try:
            out[name] = Quantity.parse(value)
        except QuantityError:
            return None
    return out


@dataclass(slots=True)
class Item:
    """One ``spec.limits[i]`` after SetDefaults_LimitRangeItem."""

    index: int
    type: str
    lists: dict[str, dict[str, Quantity]] = field(default_factory=dict)

    def get(self, which: str) -> dict[str, Quantity]:
        return self.lists.get(which, {})


def limit_range_items(lr: Resource) -> list[Item] | None:
    """The items of a LimitRange as the API server stores them; None when a quantity is malformed."""
    out: list[Item] = []
    for index, raw in enumerate(items(get(lr.raw, ("spec",)), "limits")):
        if not isinstance(raw, dict):
            continue
        kind = raw.get("type")
        item = Item(index, kind if isinstance(kind, str) else "")
        for which in FIELDS:
            parsed = resource_list(raw.get(which))
            if parsed is None:
                return None
            item.lists[which] = parsed
        if item.type == "Container":
            default, default_request = item.lists["default"], item.lists["defaultRequest"]
            for k, v in item.lists["max"].items():
                default.setdefault(k, v)
            for k, v in default.items():
                default_request.setdefault(k, v)
            for k, v in item.lists["min"].items():
                default_request.setdefault(k, v)
        out.append(item)
    return out


def limit_ranges(ctx: AnalysisContext, namespace: str | None) -> list[tuple[Resource, list[Item]]]:
    """The LimitRanges admission applies in ``namespace``: every valid one of the set (an invalid
    one is never stored), in name order."""
    memo: dict[str | None, list[tuple[Resource, list[Item]]]] = ctx.memo.setdefault("limit-ranges", {})
    found = memo.get(namespace)
    if found is None:
        found = []
        for lr in ctx.graph.resources("LimitRange"):
            if lr.ref.group != "" or lr.namespace != namespace:
                continue
            parsed = limit_range_items(lr)
            if parsed is not None and _valid(lr, ctx):
                found.append((lr, parsed))
        found.sort(key=lambda pair: pair[0].name)
        memo[namespace] = found
    return found


def in_tree(ctx: AnalysisContext, lr: Resource, obj: Resource) -> bool:
    """Whether ``lr`` is known to govern ``obj`` rather than merely share its namespace name."""
    if ctx.settings.assume_complete:
        return True
    if (lr.doc.file in ctx.kustomize_namespaced) != (obj.doc.file in ctx.kustomize_namespaced):
        return False
    return same_tree(lr, obj)


def _valid(lr: Resource, ctx: AnalysisContext) -> bool:
    # ValidateLimitRange lives with its rule, which builds on this module
    from k8slint.validity.limit_range import validation_errors

    memo = ctx.memo.setdefault("valid-limit-ranges", {})
    if lr.ref not in memo:
        memo[lr.ref] = next(iter(validation_errors(lr)), None) is None
    return bool(memo[lr.ref])
