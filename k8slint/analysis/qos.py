"""QoS class and OOM score adjustment of a pod as admitted (resources.md §2).

The class follows upstream ``ComputePodQOS`` on the admitted pod (``admission.admit``): only
cpu and memory count, zero is absent, init containers (sidecars included) count, and the
pod-level ``spec.resources`` replace the containers when they set cpu or memory. The OOM score
adjustment follows the kubelet's ``GetContainerOOMScoreAdjust``; a Burstable pod's score needs
the node's memory capacity, known only from Node objects of the set or the ``nodes`` inventory.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from k8slint.analysis.admission import AdmittedContainer, AdmittedPod, Resources, admit, aggregate
from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerKind, PodTemplate
from k8slint.model.quantity import Quantity
from k8slint.parse.sourcemap import text

QOS_RESOURCES = ("cpu", "memory")
GUARANTEED_OOM_SCORE_ADJ = -997
BEST_EFFORT_OOM_SCORE_ADJ = 1000
# pkg/kubelet/qos/policy.go: a Burstable score is never below 1000 + guaranteedOOMScoreAdj
BURSTABLE_MIN, BURSTABLE_MAX = 1000 + GUARANTEED_OOM_SCORE_ADJ, BEST_EFFORT_OOM_SCORE_ADJ - 1


class QOSClass(str, Enum):
    GUARANTEED = "Guaranteed"
    BURSTABLE = "Burstable"
    BEST_EFFORT = "BestEffort"

    @property
    def eviction_rank(self) -> int:
        """Order under node memory pressure: BestEffort first, Guaranteed last."""
        return {"BestEffort": 1, "Burstable": 2, "Guaranteed": 3}[self.value]


@dataclass(frozen=True, slots=True)
class QOS:
    qos: QOSClass
    reason: str  # one phrase: why this class
    oom_score_adj: int | None  # None: a range (Burstable without the node's memory)
    oom_range: tuple[int, int]  # the adjustment's bounds over the pod's containers and the nodes

    @property
    def oom_text(self) -> str:
        if self.oom_score_adj is not None:
            return str(self.oom_score_adj)
        lo, hi = self.oom_range
        return f"{lo}..{hi}"


def _positive(values: Resources, name: str) -> Quantity | None:
    value = values.get(name)
    return value.quantity if value is not None and value.positive else None


def _sum(into: dict[str, Quantity], values: Resources) -> None:
    for name in QOS_RESOURCES:
        q = _positive(values, name)
        if q is not None:
            into[name] = into[name] + q if name in into else q


def pod_level_set(pod: AdmittedPod) -> bool:
    """Whether the pod-level branch applies: pod-level cpu or memory requests or limits."""
    return any(name in pod.pod_requests or name in pod.pod_limits for name in QOS_RESOURCES)


def _class_and_reason(pod: AdmittedPod) -> tuple[QOSClass, str]:
    requests: dict[str, Quantity] = {}
    limits: dict[str, Quantity] = {}
    not_guaranteed = ""
    if pod_level_set(pod):
        _sum(requests, pod.pod_requests)
        _sum(limits, pod.pod_limits)
        missing = [r for r in QOS_RESOURCES if _positive(pod.pod_limits, r) is None]
        if pod.pod_limits and missing:
            not_guaranteed = f"no pod-level {missing[0]} limit"
        where = "pod-level"
    else:
        for c in pod.containers:
            _sum(requests, c.requests)
            _sum(limits, c.limits)
            missing = [r for r in QOS_RESOURCES if _positive(c.limits, r) is None]
            if missing and not not_guaranteed:
                not_guaranteed = f"no {missing[0]} limit in {c.label}"
        where = ""
    if not requests and not limits:
        return QOSClass.BEST_EFFORT, "no cpu or memory request or limit"
    if not_guaranteed:
        return QOSClass.BURSTABLE, not_guaranteed
    if not pod_level_set(pod) and not pod.containers:
        return QOSClass.BURSTABLE, "no containers"
    for name in QOS_RESOURCES:
        if (name in requests) != (name in limits) or requests.get(name) != limits.get(name):
            if where:
                return QOSClass.BURSTABLE, f"pod-level {name} limit != request"
            return QOSClass.BURSTABLE, f"{name} limit != request in {_unequal(pod.containers, name)}"
    if where:
        return QOSClass.GUARANTEED, "pod-level cpu and memory limits equal requests"
    return QOSClass.GUARANTEED, "every container's cpu and memory limits equal its requests"


def _unequal(containers: tuple[AdmittedContainer, ...], name: str) -> str:
    for c in containers:
        if _positive(c.requests, name) != _positive(c.limits, name):
            return c.label
    return "the pod's sum"


def qos_class(
    ctx: AnalysisContext, template: PodTemplate, *, limit_ranges: bool = True
) -> tuple[QOSClass, str]:
    """The class and the reason; ``limit_ranges=False``: from the manifest and API defaulting only."""
    return _class_and_reason(admit(ctx, template, limit_ranges=limit_ranges))


def node_memory(ctx: AnalysisContext) -> list[int]:
    """Memory capacities in bytes (``status.capacity.memory``; a node pool's memory) of the node
    inventory (the set's Nodes and the ``nodes`` file), distinct and sorted."""
    from k8slint.schedule.inventory import InventoryError, inventory

    try:
        nodes = inventory(ctx).nodes
    except InventoryError:
        return []
    return sorted({m for n in nodes if (m := n.capacity.get("memory", 0)) > 0})


def _memory_request(c: AdmittedContainer) -> int:
    q = c.requests.get("memory")
    return q.quantity.ceil() if q is not None and q.quantity is not None and q.quantity.value > 0 else 0


def _burstable_adj(request: int, capacity: int) -> int:
    adj = 1000 - (1000 * request) // capacity  # both non-negative: floor is Go's truncation
    return min(max(adj, BURSTABLE_MIN), BURSTABLE_MAX)


def _remaining_share(pod: AdmittedPod) -> int:
    """remainingPodMemReqPerContainer: the pod-level memory request no container claims, shared
    by every regular and init container."""
    value = pod.pod_requests.get("memory")
    if value is None or value.quantity is None or not value.positive or not pod.containers:
        return 0
    claimed = aggregate([(c.view, c.requests) for c in pod.containers], "memory")
    share = value.quantity.ceil() - (claimed.ceil() if claimed is not None else 0)
    return int(share / len(pod.containers)) if share > 0 else 0


def _container_adjs(pod: AdmittedPod, capacity: int) -> list[int]:
    share = _remaining_share(pod)
    regular = pod.regular
    smallest = min((_memory_request(c) for c in regular), default=0)
    out = []
    for c in pod.containers:
        adj = _burstable_adj(_memory_request(c) + share, capacity)
        if c.view.kind is ContainerKind.SIDECAR and regular:
            adj = min(adj, _burstable_adj(smallest + share, capacity))
        out.append(adj)
    return out


def is_node_critical(template: PodTemplate) -> bool:
    """types.IsNodeCriticalPod: critical priority and the system-node-critical class (the Priority
    admission plugin gives that class its critical value)."""
    return text(template.raw_spec, "priorityClassName") == "system-node-critical"


def classify(ctx: AnalysisContext, template: PodTemplate) -> QOS:
    pod = admit(ctx, template)
    cls, reason = _class_and_reason(pod)
    if pod.limit_ranges:
        reason += f" (with the defaults of LimitRange {', '.join(pod.limit_ranges)})"
    if cls is QOSClass.GUARANTEED or is_node_critical(template):
        return QOS(cls, reason, GUARANTEED_OOM_SCORE_ADJ, (GUARANTEED_OOM_SCORE_ADJ,) * 2)
    if cls is QOSClass.BEST_EFFORT:
        return QOS(cls, reason, BEST_EFFORT_OOM_SCORE_ADJ, (BEST_EFFORT_OOM_SCORE_ADJ,) * 2)
    adjs = [a for capacity in node_memory(ctx) for a in _container_adjs(pod, capacity)]
    if not adjs:
        return QOS(cls, reason, None, (BURSTABLE_MIN, BURSTABLE_MAX))
    lo, hi = min(adjs), max(adjs)
    return QOS(cls, reason, lo if lo == hi else None, (lo, hi))
