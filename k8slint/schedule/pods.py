"""Pods as the scheduler receives them: one shape per pod template (every replica of a template is
the same pod to every filter), after API defaulting, LimitRanger, Priority, DefaultTolerationSeconds
and the controllers' own additions (DaemonSet tolerations, StatefulSet and Job labels)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from k8slint.analysis.admission import AdmittedPod, admit, pod_overhead
from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.priority import admitted
from k8slint.analysis.refusals import refusal
from k8slint.analysis.workloads import ContainerKind, PodTemplate, pod_count
from k8slint.graph.builders import runtime_labels
from k8slint.model.quantity import Quantity
from k8slint.parse.sourcemap import get, items, text
from k8slint.schedule.inventory import Taint, amount
from k8slint.selectors import Requirement, Selector, SelectorError

SIDECARS = (1, 29)  # native sidecars: beta and on by default
# NodePorts counts the host ports of native sidecars from 1.34 (kubernetes#132040, back-ported to 1.33)
SIDECAR_PORTS = (1, 33)
DEFAULT_SCHEDULER = "default-scheduler"
# schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: scoring only
NONZERO_CPU = 100
NONZERO_MEMORY = 200 * 1024 * 1024
PER_POD_LABELS = ("statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index")
BASE_ORDER = {"cpu": 0, "memory": 1, "ephemeral-storage": 2}
WORKLOAD_KINDS = frozenset(
    {"Pod", "Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job", "CronJob"}
)


@dataclass(frozen=True, slots=True)
class Toleration:
    key: str
    operator: str
    value: str
    effect: str

    def tolerates(self, taint: Taint) -> bool:
        if self.effect and self.effect != taint.effect:
            return False
        if self.key and self.key != taint.key:
            return False
        if self.operator == "Exists":
            return True
        if self.operator in ("", "Equal"):
            return self.value == taint.value
        return False  # Lt/Gt: alpha gate, off by default


DEFAULT_TOLERATIONS = (  # DefaultTolerationSeconds
    Toleration("node.kubernetes.io/not-ready", "Exists", "", "NoExecute"),
    Toleration("node.kubernetes.io/unreachable", "Exists", "", "NoExecute"),
)
DAEMON_TOLERATIONS = (  # pkg/controller/daemon/util AddOrUpdateDaemonPodTolerations
    Toleration("node.kubernetes.io/not-ready", "Exists", "", "NoExecute"),
    Toleration("node.kubernetes.io/unreachable", "Exists", "", "NoExecute"),
    Toleration("node.kubernetes.io/disk-pressure", "Exists", "", "NoSchedule"),
    Toleration("node.kubernetes.io/memory-pressure", "Exists", "", "NoSchedule"),
    Toleration("node.kubernetes.io/pid-pressure", "Exists", "", "NoSchedule"),
    Toleration("node.kubernetes.io/unschedulable", "Exists", "", "NoSchedule"),
)
NETWORK_UNAVAILABLE = Toleration("node.kubernetes.io/network-unavailable", "Exists", "", "NoSchedule")


@dataclass(frozen=True, slots=True)
class NodeTerm:
    """A nodeSelectorTerm: label requirements and metadata.name fields, ANDed. ``valid`` False:
    a term that fails to parse, which matches no node."""

    selector: Selector
    fields: tuple[tuple[str, str], ...]  # (In|NotIn, name)
    valid: bool = True

    def matches(self, name: str, labels: dict[str, str]) -> bool:
        if not self.valid or not self.selector.matches(labels):
            return False
        return all((op == "In") == (name == value) for op, value in self.fields)


@dataclass(frozen=True, slots=True)
class PodTerm:
    """An inter-pod (anti-)affinity term, after the API server merged matchLabelKeys."""

    selector: Selector
    namespaces: frozenset[str]
    ns_selector: Selector | None
    key: str
    weight: int = 0

    def matches(self, namespace: str, labels: dict[str, str], ns_labels: dict[str, dict[str, str]]) -> bool:
        if namespace not in self.namespaces and (
            self.ns_selector is None
            or not self.ns_selector.matches(
                ns_labels.get(namespace) or {"kubernetes.io/metadata.name": namespace}
            )
        ):
            return False
        return self.selector.matches(labels)


@dataclass(frozen=True, slots=True)
class Spread:
    max_skew: int
    key: str
    hard: bool  # DoNotSchedule
    selector: Selector
    min_domains: int
    honor_affinity: bool
    honor_taints: bool


@dataclass(slots=True)
class Shape:
    """What every pod of one template presents to the scheduler."""

    id: int
    template: PodTemplate
    order: int  # manifest order
    namespace: str
    labels: dict[str, str]
    count: int | None  # pods; None: one per eligible node (DaemonSet)
    priority: int = 0
    preempt_never: bool = False
    requests: dict[str, int] = field(default_factory=dict)
    req_items: tuple[tuple[str, int], ...] = ()
    nz_cpu: int = 0
    nz_mem: int = 0
    tolerations: tuple[Toleration, ...] = ()
    node_selector: dict[str, str] = field(default_factory=dict)
    required: tuple[NodeTerm, ...] | None = None  # None: no required node affinity
    preferred: tuple[tuple[int, NodeTerm], ...] = ()
    ports: tuple[tuple[str, str, int], ...] = ()
    spread: tuple[Spread, ...] = ()
    affinity: tuple[PodTerm, ...] = ()
    anti: tuple[PodTerm, ...] = ()
    pref_affinity: tuple[PodTerm, ...] = ()
    pref_anti: tuple[PodTerm, ...] = ()
    claims: tuple[str, ...] = ()
    node_name: str | None = None
    gates: tuple[str, ...] = ()
    skip: str | None = None  # why no pod of it reaches the default scheduler
    ordered: bool = False  # a StatefulSet with OrderedReady pods
    notes: list[str] = field(default_factory=list)

    @property
    def topological(self) -> bool:
        """Whether its filters or scores depend on where other pods are (no equivalence shortcut)."""
        return bool(self.spread or self.affinity or self.anti or self.pref_affinity or self.pref_anti)

    @property
    def resource(self) -> Any:
        return self.template.resource


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def _ints(values: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, value in values.items():
        q = value.quantity if hasattr(value, "quantity") else value
        if isinstance(q, Quantity):
            out[name] = amount(name, q)
    return out


def _aggregate(
    pod: AdmittedPod, defaults: dict[str, int] | None = None, sidecars_on: bool = True
) -> dict[str, int]:
    """component-helpers AggregateContainerRequests on integers; ``defaults`` fills a container's
    missing cpu/memory request (the scoring plugins' non-zero requests). Before 1.29 (native
    sidecars off) an init container's restartPolicy is dropped: it is a plain init container."""
    total: dict[str, int] = {}
    sidecars: dict[str, int] = {}
    peak: dict[str, int] = {}
    for c in pod.containers:
        req = _ints(c.requests)
        for name, value in (defaults or {}).items():
            if name not in req:  # a stated 0 stays 0 (NonMissingContainerRequests)
                req[name] = value
        if c.view.kind is ContainerKind.CONTAINER:
            for k, v in req.items():
                total[k] = total.get(k, 0) + v
        elif c.view.kind is ContainerKind.SIDECAR and sidecars_on:
            for k, v in req.items():
                total[k] = total.get(k, 0) + v
                sidecars[k] = sidecars.get(k, 0) + v
            for k, v in sidecars.items():
                peak[k] = max(peak.get(k, 0), v)
        else:
            for k in set(req) | set(sidecars):
                peak[k] = max(peak.get(k, 0), req.get(k, 0) + sidecars.get(k, 0))
    for k, v in peak.items():
        total[k] = max(total.get(k, 0), v)
    return total


def counted(name: str) -> bool:
    """Whether NodeResourcesFit checks the resource: cpu, memory, ephemeral-storage and the scalar
    resources (schedutil.IsScalarResourceName: extended and kubernetes.io-prefixed names,
    hugepages-*, attachable-volumes-*)."""
    return name in BASE_ORDER or "/" in name or name.startswith(("hugepages-", "attachable-volumes-"))


def _pod_level_names(name: str) -> bool:
    return name in ("cpu", "memory") or name.startswith("hugepages-")


def overhead(ctx: AnalysisContext, template: PodTemplate) -> dict[str, int]:
    """The pod's overhead (admission.pod_overhead) in the scheduler's units."""
    return {name: amount(name, q) for name, q in pod_overhead(ctx, template).items()}


def pod_requests(ctx: AnalysisContext, pod: AdmittedPod, *, nonzero: bool = False) -> dict[str, int]:
    """resourcehelper.PodRequests as NodeResourcesFit computes it: the init/sidecar formula over the
    admitted containers, pod-level cpu/memory/hugepages requests replacing the aggregate (gate on
    from 1.34, applied by admission), plus the overhead."""
    defaults = {"cpu": NONZERO_CPU, "memory": NONZERO_MEMORY} if nonzero else None
    total = _aggregate(pod, defaults, ctx.settings.kube_version >= SIDECARS)
    for name, value in _ints(pod.pod_requests).items():
        if _pod_level_names(name):
            total[name] = value
    for name, value in overhead(ctx, pod.template).items():
        total[name] = total.get(name, 0) + value
    return total


def _tolerations(raw: Any) -> list[Toleration]:
    out = []
    for t in raw if isinstance(raw, list) else ():
        if not isinstance(t, dict):
            continue
        value = t.get("value")
        out.append(
            Toleration(
                text(t, "key") or "",
                text(t, "operator") or "",
                value if isinstance(value, str) else "" if value is None else str(value),
                text(t, "effect") or "",
            )
        )
    return out


def node_term(raw: Any) -> NodeTerm:
    try:
        selector = Selector.from_node_selector_term(raw)
    except SelectorError:
        return NodeTerm(Selector(nothing=True), (), valid=False)
    fields: list[tuple[str, str]] = []
    for f in raw.get("matchFields") or [] if isinstance(raw, dict) else []:
        values = f.get("values") if isinstance(f, dict) else None
        if (
            not isinstance(f, dict)
            or f.get("key") != "metadata.name"
            or f.get("operator") not in ("In", "NotIn")
            or not isinstance(values, list)
            or len(values) != 1
            or not isinstance(values[0], str)
        ):
            return NodeTerm(selector, (), valid=False)
        fields.append((f["operator"], values[0]))
    return NodeTerm(selector, tuple(fields))


def prefilter_names(required: tuple[NodeTerm, ...] | None) -> set[str] | None:
    """NodeAffinity's PreFilter: the node names the required terms allow when every term has
    ``metadata.name In`` fields (intersected within a term, united across terms), else None (all
    nodes). An empty set: the terms conflict."""
    if not required:
        return None
    names: set[str] = set()
    for term in required:
        term_names: set[str] | None = None
        for op, value in term.fields:
            if op == "In":
                term_names = {value} if term_names is None else term_names & {value}
        if term_names is None:
            return None
        names |= term_names
    return names


def _merge_keys(raw: Any, labels: dict[str, str], selector: Selector) -> Selector:
    """matchLabelKeys / mismatchLabelKeys, merged as the API server does at pod creation."""
    if selector.nothing:
        return selector
    extra: list[Requirement] = []
    for key in raw.get("matchLabelKeys") or [] if isinstance(raw, dict) else []:
        if isinstance(key, str) and key in labels:
            extra.append(Requirement(key, "In", frozenset([labels[key]])))
    for key in raw.get("mismatchLabelKeys") or [] if isinstance(raw, dict) else []:
        if isinstance(key, str) and key in labels:
            extra.append(Requirement(key, "NotIn", frozenset([labels[key]])))
    return Selector((*selector.requirements, *extra)) if extra else selector


def _pod_terms(
    raw: Any, namespace: str, labels: dict[str, str], weighted: bool, merge: bool = True
) -> list[PodTerm]:
    """(Anti-)affinity terms; ``merge``: matchLabelKeys/mismatchLabelKeys are merged (gate
    MatchLabelKeysInPodAffinity, on from 1.31; before, the API server drops the fields)."""
    out = []
    for entry in raw if isinstance(raw, list) else ():
        term = entry.get("podAffinityTerm") if weighted and isinstance(entry, dict) else entry
        if not isinstance(term, dict):
            continue
        key = text(term, "topologyKey")
        if key is None:
            continue
        try:
            selector = Selector.from_label_selector(term.get("labelSelector"))
            if merge:
                selector = _merge_keys(term, labels, selector)
            ns_raw = term.get("namespaceSelector")
            ns_selector = Selector.from_label_selector(ns_raw) if ns_raw is not None else None
        except SelectorError:
            continue
        names = frozenset(n for n in term.get("namespaces") or [] if isinstance(n, str))
        if not names and ns_selector is None:
            names = frozenset([namespace])
        weight = _int(entry.get("weight"), 1) if weighted else 0
        out.append(PodTerm(selector, names, ns_selector, key, weight))
    return out


def _spread(raw: Any, labels: dict[str, str], version: tuple[int, int] = (1, 37)) -> list[Spread]:
    """DoNotSchedule/ScheduleAnyway constraints. Fields whose feature gate is off are dropped by
    the API server: ``matchLabelKeys`` before 1.27 (MatchLabelKeysInPodTopologySpread),
    ``nodeAffinityPolicy``/``nodeTaintsPolicy`` before 1.26 (NodeInclusionPolicyInPodTopologySpread),
    ``minDomains`` before 1.27 (MinDomainsInPodTopologySpread, on by default from 1.27)."""
    out = []
    for c in raw if isinstance(raw, list) else ():
        if not isinstance(c, dict):
            continue
        key = text(c, "topologyKey")
        when = text(c, "whenUnsatisfiable")
        if key is None or when not in ("DoNotSchedule", "ScheduleAnyway"):
            continue
        try:
            selector = Selector.from_label_selector(c.get("labelSelector"))
            if version >= (1, 27):
                selector = _merge_keys(c, labels, selector)
        except SelectorError:
            continue
        policies = version >= (1, 26)
        out.append(
            Spread(
                max(_int(c.get("maxSkew"), 1), 1),
                key,
                when == "DoNotSchedule",
                selector,
                max(_int(c.get("minDomains"), 1), 1) if version >= (1, 27) else 1,
                not policies or c.get("nodeAffinityPolicy") != "Ignore",
                policies and c.get("nodeTaintsPolicy") == "Honor",
            )
        )
    return out


def _ports(spec: Any, host_network: bool, sidecars_on: bool) -> list[tuple[str, str, int]]:
    out = []
    containers = list(items(spec, "containers"))
    if sidecars_on:
        containers += [c for c in items(spec, "initContainers") if get(c, ("restartPolicy",)) == "Always"]
    for c in containers:
        for p in items(c, "ports"):
            host = _int(get(p, ("hostPort",)), 0)
            if host == 0 and host_network:
                host = _int(get(p, ("containerPort",)), 0)
            if host > 0:
                out.append((text(p, "hostIP") or "0.0.0.0", text(p, "protocol") or "TCP", host))
    return out


def priority_of(ctx: AnalysisContext, spec: Any) -> tuple[int, bool, str | None, str | None]:
    """(priority, preemptionPolicy Never, note, refusal) as the Priority admission plugin computes
    them (k8slint.analysis.priority). A class the set does not define is taken as priority 0
    with the pod's own policy (said in ``note``)."""
    outcome = admitted(ctx, spec)
    if outcome.value is None:
        note = f"PriorityClass {outcome.class_name} is not in the set: priority 0 assumed"
        return 0, outcome.policy == "Never", note, None
    return outcome.value, outcome.policy == "Never", None, outcome.refusal


def replica_count(ctx: AnalysisContext, template: PodTemplate) -> int | None:
    """Pods the controller keeps (workloads.pod_count); None for a DaemonSet."""
    return pod_count(ctx, template.resource)


def _labels(ctx: AnalysisContext, template: PodTemplate) -> dict[str, str]:
    labels = dict(next(iter(runtime_labels(template)), template.labels))
    for key in PER_POD_LABELS:
        labels.pop(key, None)
    if template.resource.kind == "Deployment":
        # pod-template-hash: unknown statically, but one value per revision of the workload
        digest = hashlib.sha1(f"{template.resource.ref}".encode()).hexdigest()[:10]
        labels.setdefault("pod-template-hash", digest)
    return {str(k): v if isinstance(v, str) else str(v) for k, v in labels.items()}


def _claims(template: PodTemplate) -> list[str]:
    out = []
    for v in items(template.raw_spec, "volumes"):
        name = text(get(v, ("persistentVolumeClaim",)), "claimName")
        if name:
            out.append(name)
    return out


def namespace_labels(ctx: AnalysisContext) -> dict[str, dict[str, str]]:
    found = ctx.memo.get("schedule-ns-labels")
    if found is None:
        found = {}
        for ns in ctx.graph.resources("Namespace"):
            labels = get(ns.raw, ("metadata", "labels"))
            merged = {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}
            merged["kubernetes.io/metadata.name"] = ns.name
            found[ns.name] = merged
        ctx.memo["schedule-ns-labels"] = found
    return found


def shape_of(ctx: AnalysisContext, template: PodTemplate, sid: int, order: int) -> Shape | None:
    """The template's shape, or None when no pod of it is created (not a workload)."""
    r = template.resource
    custom = r.kind not in WORKLOAD_KINDS
    if r.kind == "PodTemplate" or (custom and not isinstance(get(r.raw, ("spec", "replicas")), int)):
        return None  # a custom workload's controller decides its pods unless it states replicas
    spec = template.raw_spec
    if not isinstance(spec, dict):
        return None
    namespace = template.namespace or "default"
    labels = _labels(ctx, template)
    count = replica_count(ctx, template)
    if custom and count is None:  # a custom controller stating replicas: taken at its word
        count = _int(get(r.raw, ("spec", "replicas")), 1)
    shape = Shape(sid, template, order, namespace, labels, count)
    scheduler = text(spec, "schedulerName") or DEFAULT_SCHEDULER
    if scheduler != DEFAULT_SCHEDULER:
        shape.skip = f"scheduled by {scheduler}, not by the default scheduler"
    pod = admit(ctx, template)
    why = refusal(ctx, template)
    if why is not None and shape.skip is None:
        shape.skip = f"never created: {why}"
    shape.priority, shape.preempt_never, note, _ = priority_of(ctx, spec)
    if note:
        shape.notes.append(note)
    shape.requests = {k: v for k, v in pod_requests(ctx, pod).items() if v > 0 and counted(k)}
    shape.req_items = tuple(sorted(shape.requests.items(), key=lambda kv: (BASE_ORDER.get(kv[0], 3), kv[0])))
    nonzero = pod_requests(ctx, pod, nonzero=True)
    shape.nz_cpu, shape.nz_mem = nonzero.get("cpu", 0), nonzero.get("memory", 0)
    host_network = get(spec, ("hostNetwork",)) is True
    tolerations = _tolerations(get(spec, ("tolerations",)))
    for extra in DEFAULT_TOLERATIONS:
        if not any(t.key == extra.key and t.effect in ("", extra.effect) for t in tolerations):
            tolerations.append(extra)
    if r.kind == "DaemonSet":
        for extra in (*DAEMON_TOLERATIONS, *((NETWORK_UNAVAILABLE,) if host_network else ())):
            if extra not in tolerations:  # AddOrUpdateTolerationInPodSpec: tolerations are ORed
                tolerations.append(extra)
    shape.tolerations = tuple(tolerations)
    selector = get(spec, ("nodeSelector",))
    if isinstance(selector, dict):
        shape.node_selector = {str(k): v if isinstance(v, str) else str(v) for k, v in selector.items()}
    node_affinity = get(spec, ("affinity", "nodeAffinity"))
    required = get(node_affinity, ("requiredDuringSchedulingIgnoredDuringExecution",))
    if isinstance(required, dict):
        shape.required = tuple(node_term(t) for t in items(required, "nodeSelectorTerms"))
    shape.preferred = tuple(
        (_int(get(p, ("weight",)), 0), node_term(get(p, ("preference",))))
        for p in items(node_affinity, "preferredDuringSchedulingIgnoredDuringExecution")
        if isinstance(p, dict)
    )
    shape.ports = tuple(_ports(spec, host_network, ctx.settings.kube_version >= SIDECAR_PORTS))
    shape.spread = tuple(
        _spread(get(spec, ("topologySpreadConstraints",)), labels, ctx.settings.kube_version)
    )
    pa = get(spec, ("affinity", "podAffinity"))
    paa = get(spec, ("affinity", "podAntiAffinity"))
    req_key, pref_key = (
        "requiredDuringSchedulingIgnoredDuringExecution",
        "preferredDuringSchedulingIgnoredDuringExecution",
    )
    merge = ctx.settings.kube_version >= (1, 31)
    shape.affinity = tuple(_pod_terms(get(pa, (req_key,)), namespace, labels, False, merge))
    shape.anti = tuple(_pod_terms(get(paa, (req_key,)), namespace, labels, False, merge))
    shape.pref_affinity = tuple(_pod_terms(get(pa, (pref_key,)), namespace, labels, True, merge))
    shape.pref_anti = tuple(_pod_terms(get(paa, (pref_key,)), namespace, labels, True, merge))
    shape.claims = tuple(_claims(template))
    shape.node_name = text(spec, "nodeName")
    shape.gates = tuple(n for g in items(spec, "schedulingGates") if (n := text(g, "name")))
    shape.ordered = r.kind == "StatefulSet" and get(r.raw, ("spec", "podManagementPolicy")) != "Parallel"
    return shape


def _owned(raw: Any, namespace: str, present: set[tuple[str, str, str]]) -> bool:
    """Whether the object's controller (an ownerReference with controller: true) is in the set: a
    ReplicaSet of a Deployment, a Job of a CronJob, a Pod of a ReplicaSet (an exported cluster)."""
    for ref in items(get(raw, ("metadata",)), "ownerReferences"):
        if get(ref, ("controller",)) is True and (text(ref, "kind"), namespace, text(ref, "name")) in present:
            return True
    return False


def shapes(ctx: AnalysisContext) -> list[Shape]:
    """Every template that yields pods, in manifest order; an object defined twice (same kind,
    namespace and name) counts once, at its first definition, and an object whose controller is in
    the set is left to it. Memoized."""
    found = ctx.memo.get("schedule-shapes")
    if found is None:
        found = []
        for order, template in distinct_templates(ctx):
            shape = shape_of(ctx, template, len(found), order)
            if shape is not None:
                found.append(shape)
        ctx.memo["schedule-shapes"] = found
    return found


def distinct_templates(ctx: AnalysisContext) -> Iterator[tuple[int, PodTemplate]]:
    """(manifest order, template) of every template that yields pods of its own: an object defined
    twice counts at its first definition, an object whose controller is in the set is left to it."""
    seen: set[tuple[str, str, str, str]] = set()
    present = {(r.kind, r.namespace or "default", r.name) for r in ctx.resources}
    for order, template in enumerate(ctx.templates):
        r = template.resource
        identity = (r.ref.group, r.kind, template.namespace or "default", r.name)
        if identity in seen:
            continue  # the same object again (another variant of a manifest): one object, one set of pods
        seen.add(identity)
        if _owned(r.raw, template.namespace or "default", present):
            continue  # its controller, in the set too, accounts for its pods
        yield order, template


def shape_for(ctx: AnalysisContext, template: PodTemplate) -> Shape | None:
    index = ctx.memo.get("schedule-shape-index")
    if index is None:
        index = ctx.memo["schedule-shape-index"] = {
            (id(s.template.resource), s.template.spec_path): s for s in shapes(ctx)
        }
    return index.get((id(template.resource), template.spec_path))
