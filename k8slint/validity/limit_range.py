"""ValidateLimitRange (pkg/apis/core/validation): what the API server rejects in a LimitRange, as
defaulted. Shared by invalid-limit-range and the LimitRanger analysis (an invalid LimitRange is
never stored, so it limits nothing)."""

from collections.abc import Iterator

from k8slint.analysis.limit_ranges import MAX_MILLI_VALUE, limit_range_items, milli, whole
from k8slint.engine.rule import Violation
from k8slint.model.quantity import Quantity
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get
from k8slint.validity import names


def validation_errors(resource: Resource) -> Iterator[Violation]:
    """ValidateLimitRange on the LimitRange as defaulted (nothing for a malformed quantity, which
    invalid-quantity reports)."""
    parsed = limit_range_items(resource)
    if parsed is None:
        return
    seen: set[str] = set()
    for item in parsed:
        i = item.index
        base = ("spec", "limits", i)
        if item.type:  # a missing or non-string type is another rule's finding
            yield from _type_name(item.type, i)
        if item.type in seen:
            yield Violation((*base, "type"), f'spec.limits[{i}].type: Duplicate value: "{item.type}"')
        seen.add(item.type)
        if item.type == "Pod":
            for which in ("default", "defaultRequest"):
                if item.get(which):
                    yield Violation(
                        (*base, which),
                        f"spec.limits[{i}].{which}: Forbidden: may not be specified when `type` is 'Pod'",
                    )
        if item.type == "PersistentVolumeClaim" and not (
            "storage" in item.get("min") or "storage" in item.get("max")
        ):
            yield Violation(
                base,
                f"spec.limits[{i}].limits: Required value: either minimum or maximum storage value is "
                "required, but neither was provided",
            )
        keys: set[str] = set()
        for which in ("max", "min", "maxLimitRequestRatio") + (
            () if item.type == "Pod" else ("default", "defaultRequest")
        ):
            keys |= set(item.get(which))
        for k in sorted(keys):
            yield from _key_errors(resource, item.type, i, k, {w: item.get(w).get(k) for w in _FIELDS})


def _type_name(value: str, i: int) -> Iterator[Violation]:
    """validateLimitRangeTypeName: a qualified name; without a prefix, one of the standard types."""
    path = ("spec", "limits", i, "type")
    messages = names.qualified_name(value)
    if not messages and "/" not in value and value not in ("Pod", "Container", "PersistentVolumeClaim"):
        messages = ["must be a standard limit type or fully qualified"]
    for message in messages:
        yield Violation(path, f'spec.limits[{i}].type: Invalid value: "{value}": {message}')


_FIELDS = ("min", "max", "default", "defaultRequest", "maxLimitRequestRatio")


def _key_errors(
    resource: Resource, item_type: str, i: int, k: str, q: dict[str, Quantity | None]
) -> Iterator[Violation]:
    mn, mx, df, dr, ratio = (q[w] for w in _FIELDS)
    if item_type == "Pod":
        df = dr = None

    def invalid(which: str, bad: Quantity, detail: str) -> Violation:
        path = ("spec", "limits", i, which, k)
        if get(resource.raw, path) is None:
            path = ("spec", "limits", i)  # a value the object's defaulting filled in
        return Violation(path, f'spec.limits[{i}].{which}[{k}]: Invalid value: "{bad.canonical()}": {detail}')

    if mn is not None and mx is not None and mn.value > mx.value:
        yield invalid("min", mn, f"min value {mn.canonical()} is greater than max value {mx.canonical()}")
    if dr is not None and mn is not None and mn.value > dr.value:
        yield invalid(
            "defaultRequest",
            dr,
            f"min value {mn.canonical()} is greater than default request value {dr.canonical()}",
        )
    if dr is not None and mx is not None and dr.value > mx.value:
        yield invalid(
            "defaultRequest",
            dr,
            f"default request value {dr.canonical()} is greater than max value {mx.canonical()}",
        )
    if dr is not None and df is not None and dr.value > df.value:
        yield invalid(
            "defaultRequest",
            dr,
            f"default request value {dr.canonical()} is greater than default limit value {df.canonical()}",
        )
    if df is not None and mn is not None and mn.value > df.value:
        yield invalid(
            "default", mn, f"min value {mn.canonical()} is greater than default value {df.canonical()}"
        )
    if df is not None and mx is not None and df.value > mx.value:
        yield invalid(
            "default", mx, f"default value {df.canonical()} is greater than max value {mx.canonical()}"
        )
    if ratio is not None and ratio.value < 1:
        yield invalid("maxLimitRequestRatio", ratio, f"ratio {ratio.canonical()} is less than 1")
    if ratio is not None and mn is not None and mx is not None:
        ratio_value = float(whole(ratio))
        low, high = whole(mn), whole(mx)
        if whole(ratio) < MAX_MILLI_VALUE and low < MAX_MILLI_VALUE and high < MAX_MILLI_VALUE:
            ratio_value = milli(ratio) / 1000
            low, high = milli(mn), milli(mx)
        limit = float(high) / float(low) if low != 0 else None  # Go: +Inf or NaN, never exceeded
        if limit is not None and ratio_value > limit:
            yield invalid(
                "maxLimitRequestRatio",
                ratio,
                f"ratio {ratio.canonical()} is greater than max/min = {limit:f}",
            )
    if not _overcommit_allowed(k) and df is not None and dr is not None and df.value != dr.value:
        yield invalid(
            "defaultRequest",
            dr,
            f"default value {df.canonical()} must equal to defaultRequest value {dr.canonical()} in {k}",
        )


def _overcommit_allowed(name: str) -> bool:
    """IsOvercommitAllowed: native resources (no domain, or a kubernetes.io domain) but hugepages."""
    native = "/" not in name or "kubernetes.io/" in name
    return native and not name.startswith("hugepages-")
