"""What the LimitRange rules share: Kubernetes quantities as the API server prints them
(``Quantity.String()``), LimitRange items after object defaulting, which LimitRanges of the set
apply to an object, and the containers' requests and limits as admitted.

The admitted-container computation here is private and small on purpose: it is to be replaced by
``k8slint/analysis/admission.py`` (the admitted pod spec) once that lands.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerKind, ContainerView, PodTemplate
from k8slint.model.quantity import QuantityError, parse_quantity
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, get, items

# resource.MaxMilliValue: the largest value whose milli-value fits an int64
MAX_MILLI_VALUE = (2**63 - 1) // 1000
_NANO = Fraction(1, 10**9)
_BINARY_SUFFIX = re.compile(r"(Ki|Mi|Gi|Ti|Pi|Ei)$")
_EXPONENT = re.compile(r"[0-9.][eE][+-]?[0-9]+$")
_DECIMAL_SUFFIXES = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}
_BINARY_SUFFIXES = ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei")


@dataclass(frozen=True, slots=True)
class Q:
    """An exact quantity with the format Kubernetes keeps from its suffix (BinarySI, DecimalSI,
    DecimalExponent), which decides how ``str()`` prints it."""

    value: Fraction
    fmt: str = "DecimalSI"

    @classmethod
    def parse(cls, raw: Any) -> Q:
        """Raises QuantityError when the API server would refuse the quantity."""
        q = parse_quantity(raw)
        text = q.text.strip()
        fmt = (
            "BinarySI"
            if _BINARY_SUFFIX.search(text)
            else "DecimalExponent"
            if _EXPONENT.search(text)
            else "DecimalSI"
        )
        value = q.value
        if value.denominator != 1 and (value / _NANO).denominator != 1:
            # ParseQuantity rounds non-zero values up (away from zero) to a whole nano
            magnitude = Fraction(math.ceil(abs(value) / _NANO)) * _NANO
            value = magnitude if value > 0 else -magnitude
        return cls(value, fmt)

    def whole(self) -> int:
        """Value(): whole units, rounded away from zero."""
        v = self.value
        return math.ceil(v) if v >= 0 else -math.ceil(-v)

    def milli(self) -> int:
        v = self.value * 1000
        return math.ceil(v) if v >= 0 else -math.ceil(-v)

    def __add__(self, other: Q) -> Q:
        return Q(self.value + other.value, self.fmt if self.value != 0 else other.fmt)

    def __str__(self) -> str:
        return canonical(self.value, self.fmt)


def canonical(value: Fraction, fmt: str) -> str:
    """Quantity.String(): CanonicalizeBytes."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if fmt == "BinarySI" and magnitude >= 1024 and magnitude.denominator == 1:
        number, exponent = magnitude.numerator, 0
        while number % 1024 == 0 and exponent < len(_BINARY_SUFFIXES) - 1:
            number //= 1024
            exponent += 1
        return f"{sign}{number}{_BINARY_SUFFIXES[exponent]}"
    number_f, exponent = magnitude, 0
    while number_f.denominator != 1:
        number_f *= 10
        exponent -= 1
    number = number_f.numerator
    while number % 10 == 0:
        number //= 10
        exponent += 1
    shift = exponent % 3
    number *= 10**shift
    exponent -= shift
    if fmt == "DecimalExponent":
        return f"{sign}{number}" + (f"e{exponent}" if exponent else "")
    suffix = _DECIMAL_SUFFIXES.get(exponent)
    return f"{sign}{number}{suffix if suffix is not None else f'e{exponent}'}"


def comparable(*quantities: Q | None) -> list[int]:
    """requestLimitEnforcedValues: milli-values when every operand fits, else whole values (an
    absent quantity is zero)."""
    whole = [q.whole() if q is not None else 0 for q in quantities]
    if all(w <= MAX_MILLI_VALUE for w in whole):
        return [q.milli() if q is not None else 0 for q in quantities]
    return whole


def resource_list(raw: Any) -> dict[str, Q] | None:
    """A ResourceList; None when any quantity in it is malformed (another rule reports that)."""
    if not isinstance(raw, dict):
        return {}
    out: dict[str, Q] = {}
    for name, value in raw.items():
        if not isinstance(name, str):
            continue
        try:
            out[name] = Q.parse(value)
        except QuantityError:
            return None
    return out


FIELDS = ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")


@dataclass(slots=True)
class Item:
    """One ``spec.limits[i]`` after SetDefaults_LimitRangeItem."""

    index: int
    type: str
    lists: dict[str, dict[str, Q]] = field(default_factory=dict)

    def get(self, which: str) -> dict[str, Q]:
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


def limit_ranges(ctx: AnalysisContext, obj: Resource) -> list[tuple[Resource, list[Item]]]:
    """The valid LimitRanges (an invalid one is never stored) that admission would apply to ``obj``, in name order (upstream
    uses its cache's order). Only LimitRanges of the same namespace and of ``obj``'s directory tree
    count (the whole set with --assume-complete): a repository of unrelated projects shares
    namespace names. A file whose namespace a kustomization sets is only paired with another such."""
    found = []
    for lr in ctx.graph.resources("LimitRange"):
        if lr.ref.group != "" or lr.namespace != obj.namespace:
            continue
        if not ctx.settings.assume_complete:
            if not _same_tree(lr, obj):
                continue
            if (lr.doc.file in ctx.kustomize_namespaced) != (obj.doc.file in ctx.kustomize_namespaced):
                continue
        parsed = limit_range_items(lr)
        if parsed is not None and _valid(lr, ctx):
            found.append((lr, parsed))
    return sorted(found, key=lambda pair: pair[0].name)


def _valid(lr: Resource, ctx: AnalysisContext) -> bool:
    from k8slint.checks.invalid_limit_range import validation_errors  # it builds on this module

    memo = ctx.memo.setdefault("valid-limit-ranges", {})
    if lr.ref not in memo:
        memo[lr.ref] = next(iter(validation_errors(lr)), None) is None
    return bool(memo[lr.ref])


def _same_tree(a: Resource, b: Resource) -> bool:
    da, db = os.path.dirname(a.doc.file), os.path.dirname(b.doc.file)
    return da == db or da.startswith(db + os.sep) or db.startswith(da + os.sep)


# --- the admitted containers (to be replaced by k8slint/analysis/admission.py) -----------------


@dataclass(slots=True)
class Admitted:
    """A container's requests and limits once API defaulting and LimitRanger defaults ran."""

    view: ContainerView
    requests: dict[str, Q]
    limits: dict[str, Q]

    @property
    def where(self) -> Path:
        resources = get(self.view.resource.raw, (*self.view.path, "resources"))
        return (*self.view.path, "resources") if isinstance(resources, dict) else self.view.path


def admitted_containers(
    template: PodTemplate, ranges: list[tuple[Resource, list[Item]]]
) -> list[Admitted] | None:
    """Containers and init containers (sidecars included) as stored; None when a quantity is
    malformed or a defaulted limit falls below a request (object validation then refuses the pod
    before the LimitRanger checks run)."""
    out: list[Admitted] = []
    for view in template.containers(ephemeral=False):
        raw = get(view.resource.raw, (*view.path, "resources"))
        requests = resource_list(get(raw, ("requests",)))
        limits = resource_list(get(raw, ("limits",)))
        if requests is None or limits is None:
            return None
        for k, v in limits.items():  # SetDefaults_Pod: a limit without a request
            requests.setdefault(k, v)
        for _, parsed in ranges:  # LimitRanger Admit, one LimitRange after another
            default_limits: dict[str, Q] = {}
            default_requests: dict[str, Q] = {}
            for item in parsed:
                if item.type == "Container":
                    default_requests.update(item.get("defaultRequest"))
                    default_limits.update(item.get("default"))
            for k, v in default_limits.items():
                limits.setdefault(k, v)
            for k, v in default_requests.items():
                requests.setdefault(k, v)
        if any(k in limits and requests[k].value > limits[k].value for k in requests):
            return None
        out.append(Admitted(view, requests, limits))
    return out


def pod_totals(template: PodTemplate, admitted: list[Admitted]) -> tuple[dict[str, Q], dict[str, Q]]:
    """The pod's requests and limits as LimitRanger's Pod items see them: the scheduler's
    init/sidecar formula without overhead, pod-level cpu/memory overriding."""
    return _aggregate(admitted, "requests", template), _aggregate(admitted, "limits", template)


def _aggregate(admitted: list[Admitted], which: str, template: PodTemplate) -> dict[str, Q]:
    total: dict[str, Q] = {}
    sidecars: dict[str, Q] = {}
    init_peak: dict[str, Q] = {}

    def add(into: dict[str, Q], values: dict[str, Q]) -> None:
        for k, v in values.items():
            into[k] = into[k] + v if k in into else v

    for a in admitted:
        values = a.requests if which == "requests" else a.limits
        if a.view.kind is ContainerKind.CONTAINER:
            add(total, values)
        elif a.view.kind is ContainerKind.SIDECAR:
            add(total, values)
            add(sidecars, values)
            _peak(init_peak, sidecars)
        else:
            running = dict(values)
            add(running, sidecars)
            _peak(init_peak, running)
    _peak(total, init_peak)
    pod_level = resource_list(get(template.raw_spec, ("resources", which)))
    for k, v in (pod_level or {}).items():
        if k in ("cpu", "memory"):
            total[k] = v
    return total


def _peak(into: dict[str, Q], values: dict[str, Q]) -> None:
    for k, v in values.items():
        if k not in into or v.value > into[k].value:
            into[k] = v
