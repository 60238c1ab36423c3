"""The resources of a pod as the API server stores it: what QoS, quota and scheduling see.

In admission order (resources.md §1):

1. API defaulting (``SetDefaults_Pod``): for every container and init container, each resource
   with a limit and no request gets request = limit, key by key; then, with the
   ``PodLevelResources`` gate (on from 1.34), pod-level requests default from the containers'
   effective requests or the pod-level limits, and pod-level limits from the containers' limits.
2. The LimitRanger plugin with every valid LimitRange of the pod's namespace anywhere in the set,
   in name order (upstream uses cache order): each LimitRange's ``type: Container`` item, after the object's own
   defaulting (``default`` from ``max``, ``defaultRequest`` from ``default``, then from ``min``),
   fills only what is still missing in each container and init container, so the first
   LimitRange that supplies a default for a resource wins.

Ephemeral containers never carry resources and are left out. Workload templates are classified
as the pods their controllers create.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limit_ranges import limit_ranges
from k8slint.analysis.workloads import ContainerKind, ContainerView, PodTemplate
from k8slint.model.quantity import Quantity, QuantityError
from k8slint.parse.sourcemap import Path, get

POD_LEVEL_RESOURCES = frozenset({"cpu", "memory"})  # hugepages too upstream; QoS needs these two


@dataclass(frozen=True, slots=True)
class Source:
    """Where a request or limit comes from."""

    # "container": the container's own field; "limit": a request defaulted from the container's
    # own limit; "limitrange": a LimitRange default (``name``); "pod": the pod-level field;
    # "pod-limit": a pod-level request defaulted from the pod-level limit; "containers": a
    # pod-level value defaulted from the containers' aggregate
    kind: str
    name: str = ""

    def describe(self) -> str:
        if self.kind == "limitrange":
            return f"LimitRange {self.name}"
        return {"limit": "its limit", "pod-limit": "the pod-level limit"}.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class Value:
    quantity: Quantity | None  # None: not a valid quantity (reported by invalid-quantity)
    source: Source

    @property
    def positive(self) -> bool:
        return self.quantity is not None and self.quantity.sign() > 0


Resources = dict[str, Value]


@dataclass(frozen=True, slots=True)
class AdmittedContainer:
    view: ContainerView
    requests: Resources
    limits: Resources

    @property
    def label(self) -> str:
        where = "container" if self.view.kind is ContainerKind.CONTAINER else "init container"
        return f"{where} {self.view.name}"


@dataclass(frozen=True, slots=True)
class AdmittedPod:
    template: PodTemplate
    containers: tuple[AdmittedContainer, ...]  # regular containers, then init containers
    pod_requests: Resources  # pod-level spec.resources (gate PodLevelResources), defaulted
    pod_limits: Resources
    limit_ranges: tuple[str, ...]  # the LimitRanges that set something, in order

    def container(self, path: Path) -> AdmittedContainer | None:
        return next((c for c in self.containers if c.view.path == path), None)

    @property
    def regular(self) -> list[AdmittedContainer]:
        return [c for c in self.containers if c.view.kind is ContainerKind.CONTAINER]


def _quantity(raw: Any) -> Quantity | None:
    try:
        return Quantity.parse(raw)
    except QuantityError:
        return None


def _own(raw: Any, source: Source) -> Resources:
    if not isinstance(raw, dict):
        return {}
    return {str(k): Value(_quantity(v), source) for k, v in raw.items() if v is not None}


def limit_range_defaults(
    ctx: AnalysisContext, namespace: str | None
) -> list[tuple[str, Resources, Resources]]:
    """(LimitRange name, default requests, default limits) per LimitRange of the namespace, in
    the order LimitRanger applies them (``limit_ranges.limit_ranges``: every valid LimitRange of
    the namespace in the set)."""
    memo: dict[str | None, list[tuple[str, Resources, Resources]]] = ctx.memo.setdefault(
        "limitrange-defaults", {}
    )
    found = memo.get(namespace)
    if found is not None:
        return found
    found = []
    for lr, parsed in limit_ranges(ctx, namespace):
        source = Source("limitrange", lr.name)
        requests: Resources = {}
        limits: Resources = {}
        for item in parsed:
            if item.type == "Container":  # a later Container item overwrites (validation forbids two)
                requests.update({k: Value(q, source) for k, q in item.get("defaultRequest").items()})
                limits.update({k: Value(q, source) for k, q in item.get("default").items()})
        if requests or limits:
            found.append((lr.name, requests, limits))
    memo[namespace] = found
    return found


def aggregate(containers: Iterable[tuple[ContainerView, Resources]], name: str) -> Quantity | None:
    """The pod's effective value of ``name`` (component-helpers AggregateContainerRequests):
    regular containers and sidecars add up; each init container runs beside the sidecars started
    before it; the larger of the two wins. None when no container sets it."""
    zero = Quantity.parse(0)
    total = sidecars = zero
    init_peak: Quantity | None = None
    seen = False
    for view, values in containers:
        value = values.get(name)
        q = value.quantity if value is not None and value.quantity is not None else None
        seen = seen or q is not None
        q = q if q is not None else zero
        if view.kind is ContainerKind.CONTAINER:
            total = total + q
        elif view.kind is ContainerKind.SIDECAR:
            total = total + q
            sidecars = sidecars + q
            init_peak = sidecars if init_peak is None or sidecars > init_peak else init_peak
        else:
            running = q + sidecars
            init_peak = running if init_peak is None or running > init_peak else init_peak
    if not seen:
        return None
    return init_peak if init_peak is not None and init_peak > total else total


def _pod_level(
    ctx: AnalysisContext, template: PodTemplate, containers: list[AdmittedContainer]
) -> tuple[Resources, Resources]:
    if ctx.settings.kube_version < (1, 34):  # PodLevelResources is off before its beta
        return {}, {}
    raw = get(template.raw_spec, ("resources",))
    if not isinstance(raw, dict):
        return {}, {}
    requests = _own(get(raw, ("requests",)), Source("pod"))
    limits = _own(get(raw, ("limits",)), Source("pod"))
    pairs = [(c.view, c.requests) for c in containers]
    if limits:  # defaultPodRequests
        for name in sorted(POD_LEVEL_RESOURCES - requests.keys()):
            total = aggregate(pairs, name)
            if total is not None:
                requests[name] = Value(total, Source("containers"))
            elif name in limits:
                requests[name] = Value(limits[name].quantity, Source("pod-limit"))
    elif requests:  # defaultPodLimits: only where every container has the limit
        limit_pairs = [(c.view, c.limits) for c in containers]
        for name in sorted(POD_LEVEL_RESOURCES):
            if containers and all(name in c.limits for c in containers):
                total = aggregate(limit_pairs, name)
                if total is not None:
                    limits[name] = Value(total, Source("containers"))
    return requests, limits


def admit(ctx: AnalysisContext, template: PodTemplate, *, limit_ranges: bool = True) -> AdmittedPod:
    """The admitted resources of ``template``'s pod; ``limit_ranges=False``: API defaulting only
    (what the manifest alone gives)."""
    memo: dict[tuple[int, Path, bool], AdmittedPod] = ctx.memo.setdefault("admitted", {})
    key = (id(template.resource), template.spec_path, limit_ranges)
    found = memo.get(key)
    if found is not None:
        return found
    defaults = limit_range_defaults(ctx, template.namespace) if limit_ranges else []
    used: list[str] = []
    containers: list[AdmittedContainer] = []
    for view in template.containers(ephemeral=False):
        base = (*view.path, "resources")
        limits = _own(get(template.resource.raw, (*base, "limits")), Source("container"))
        requests = _own(get(template.resource.raw, (*base, "requests")), Source("container"))
        for name, value in limits.items():  # SetDefaults_Pod: request = limit, key by key
            requests.setdefault(name, Value(value.quantity, Source("limit")))
        containers.append(AdmittedContainer(view, requests, limits))
    # pod-level defaulting is API defaulting too: it sees the containers before LimitRanger
    pod_requests, pod_limits = _pod_level(ctx, template, containers)
    for i, c in enumerate(containers if defaults else ()):
        requests, limits = dict(c.requests), dict(c.limits)
        for lr_name, default_requests, default_limits in defaults:
            before = len(limits) + len(requests)
            for name, value in default_limits.items():
                limits.setdefault(name, value)
            for name, value in default_requests.items():
                requests.setdefault(name, value)
            if len(limits) + len(requests) != before and lr_name not in used:
                used.append(lr_name)
        containers[i] = AdmittedContainer(c.view, requests, limits)
    found = AdmittedPod(template, tuple(containers), pod_requests, pod_limits, tuple(used))
    memo[key] = found
    return found


def quantities(values: Resources) -> dict[str, Quantity]:
    """The valid quantities of ``values``."""
    return {k: v.quantity for k, v in values.items() if v.quantity is not None}


def admissible(pod: AdmittedPod) -> bool:
    """False when object validation refuses the pod before any admission plugin sees it: a
    malformed quantity (invalid-quantity) or a limit below its request."""
    for c in pod.containers:
        if any(v.quantity is None for v in (*c.requests.values(), *c.limits.values())):
            return False
        requests, limits = quantities(c.requests), quantities(c.limits)
        if any(k in limits and q > limits[k] for k, q in requests.items()):
            return False
    return True


def pod_totals(pod: AdmittedPod) -> tuple[dict[str, Quantity], dict[str, Quantity]]:
    """The pod's requests and limits (component-helpers PodRequests/PodLimits without overhead):
    the init/sidecar formula over the containers; pod-level values, as defaulted, override."""
    out: list[dict[str, Quantity]] = []
    for which, pod_level in (("requests", pod.pod_requests), ("limits", pod.pod_limits)):
        pairs = [(c.view, c.requests if which == "requests" else c.limits) for c in pod.containers]
        names = sorted({k for _, values in pairs for k in values})
        total = {k: q for k in names if (q := aggregate(pairs, k)) is not None}
        total.update(quantities(pod_level))
        out.append(total)
    return out[0], out[1]


def pod_overhead(ctx: AnalysisContext, template: PodTemplate) -> dict[str, Quantity]:
    """The pod's overhead: ``spec.overhead``, else the ``overhead.podFixed`` of its RuntimeClass in
    the set (RuntimeClass admission sets it); what quota charges and the scheduler fits."""
    from k8slint.analysis.limit_ranges import resource_list
    from k8slint.parse.sourcemap import text

    own = resource_list(get(template.raw_spec, ("overhead",)))
    if own:
        return own
    name = text(template.raw_spec, "runtimeClassName")
    for rc in ctx.graph.resources("RuntimeClass") if name else ():
        if rc.name == name:
            return resource_list(get(rc.raw, ("overhead", "podFixed"))) or {}
    return {}
