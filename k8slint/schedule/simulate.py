"""The simulation: one scheduling cycle per pod, in queue order, each placement updating the node
state before the next pod (docs/scheduling.md).

Filters run in the default profile's order and the first failing plugin rejects a node:
NodeUnschedulable, NodeName, TaintToleration, NodeAffinity (static per template: computed once per
shape), then NodePorts, NodeResourcesFit, VolumeBinding, PodTopologySpread, InterPodAffinity
(against the current state). A shape without spread constraints or inter-pod terms is placed
replica after replica from a heap of node scores, since a placement changes only the chosen node.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.parse.sourcemap import get, items, text
from k8slint.schedule import messages as m
from k8slint.schedule.inventory import Inventory, InventoryError, Node, inventory
from k8slint.schedule.pods import NodeTerm, Shape, namespace_labels, node_term, prefilter_names, shapes
from k8slint.schedule.topology import Counts, DomainCounter
from k8slint.schedule.volumes import LocalPV, local_claims

Status = tuple[list[str], bool]  # reasons, unresolvable
HeapEntry = tuple[int, int, str, int]  # -score, pods on the node, node name, node index
GA_LABEL = {
    "failure-domain.beta.kubernetes.io/zone": "topology.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region": "topology.kubernetes.io/region",
}
VOLUME_ZONE_LABELS = (*GA_LABEL, *GA_LABEL.values())


@dataclass(slots=True)
class Pod:
    shape: Shape
    replica: int
    node: str | None = None
    message: str | None = None
    status: str = (
        "Pending"  # Scheduled | Bound | Pending | SchedulingGated | NotCreated | OutOfScope | Preempted
    )
    note: str | None = None
    pinned: int | None = None  # a DaemonSet pod's node


@dataclass(slots=True)
class Static:
    reasons: list[str | None]  # per node: the static filters' reason, None: passes them
    feasible: list[int]
    hist: Counter[str]
    taint_score: list[int]
    affinity_score: list[int]
    pv_ok: list[bool] | None  # VolumeBinding: bound PersistentVolumes' node affinity
    zone_ok: list[bool] | None  # VolumeZone: bound PersistentVolumes' zone labels
    allowed: set[int] | None = None  # NodeAffinity PreFilterResult (matchFields metadata.name In)
    prefilter: str = ""


@dataclass(slots=True)
class Placement:
    pod: Pod
    node: int


@dataclass
class Result:
    nodes: list[Node]
    pods: list[Pod]
    notes: list[str]
    version: tuple[int, int]
    requested: list[dict[str, int]] = field(default_factory=list)  # per node
    pod_counts: list[int] = field(default_factory=list)
    log: list[Placement] = field(default_factory=list)  # placements in order

    _by_shape: dict[int, list[Pod]] | None = None

    def by_shape(self) -> dict[int, list[Pod]]:
        if self._by_shape is None:
            self._by_shape = {}
            for p in self.pods:
                self._by_shape.setdefault(p.shape.id, []).append(p)
        return self._by_shape


def _tolerated(shape: Shape, taint: Any) -> bool:
    return any(t.tolerates(taint) for t in shape.tolerations)


def untolerated(shape: Shape, node: Node) -> Any:
    """The first NoSchedule/NoExecute taint of the node the pod does not tolerate, or None."""
    for taint in node.taints:
        if taint.effect in ("NoSchedule", "NoExecute") and not _tolerated(shape, taint):
            return taint
    return None


def affinity_matches(shape: Shape, node: Node) -> bool:
    """nodeSelector AND the required node affinity terms (ORed; empty terms match nothing)."""
    labels = node.labels
    for k, v in shape.node_selector.items():
        if labels.get(k) != v:
            return False
    if shape.required is None:
        return True
    return any(t.matches(node.name, labels) for t in shape.required)


def _unschedulable_blocks(shape: Shape, node: Node) -> bool:
    if not node.unschedulable:
        return False
    from k8slint.schedule.inventory import Taint

    return not _tolerated(shape, Taint("node.kubernetes.io/unschedulable", "", "NoSchedule"))


class Simulator:
    def __init__(self, ctx: AnalysisContext, inv: Inventory) -> None:
        self.ctx = ctx
        self.version = ctx.settings.kube_version
        # DynamicResources in the profile (default from 1.34): its PostFilter text for pods without claims
        self.dra = m.dra_prefix(self.version)
        self.nodes = inv.nodes
        self.n = len(self.nodes)
        self.index = {node.name: i for i, node in enumerate(self.nodes)}
        self.alloc = [node.allocatable for node in self.nodes]
        self.used: list[dict[str, int]] = [{} for _ in self.nodes]
        self.npods = [0] * self.n
        self.nzc = [0] * self.n
        self.nzm = [0] * self.n
        self.ports: list[list[tuple[str, str, int]]] = [[] for _ in self.nodes]
        self.on_node: list[list[Pod]] = [[] for _ in self.nodes]
        self.counts = Counts(self.n)
        self.notes: list[str] = list(inv.notes)
        self.static_cache: dict[int, Static] = {}
        self.static_parts: dict[
            Any, tuple[list[str | None], list[int], Counter[str], list[int], list[int]]
        ] = {}
        self.acpu = [a.get("cpu", 0) for a in self.alloc]
        self.amem = [a.get("memory", 0) for a in self.alloc]
        self.apods = [a.get("pods", 0) for a in self.alloc]
        # a base resource no node states is unknown, not zero (every real node reports all three)
        self.unchecked = {
            r
            for r in ("cpu", "memory", "ephemeral-storage")
            if self.n and all(r not in a for a in self.alloc)
        }
        self.ns_labels = namespace_labels(ctx)
        self.anti_entries: dict[Any, DomainCounter] = {}  # existing pods' required anti-affinity terms
        self.anti_match: dict[tuple[Any, int], bool] = {}
        self.log: list[Placement] = []
        self.pv_used: set[str] = set()
        self.local_cache: dict[int, list[tuple[Any, list[LocalPV]]]] = {}

    # -- static filters (one evaluation per shape) -------------------------------------------------
    def static(self, shape: Shape) -> Static:
        found = self.static_cache.get(shape.id)
        if found is not None:
            return found
        # shapes with the same tolerations, selector and node affinity share the node evaluation
        key = (shape.tolerations, tuple(sorted(shape.node_selector.items())), shape.required, shape.preferred)
        parts = self.static_parts.get(key)
        if parts is None:
            parts = self.static_parts[key] = self._static_parts(shape)
        reasons, feasible, hist, taint_score, affinity_score = parts
        st = Static(
            reasons, feasible, hist, taint_score, affinity_score, self._pv_ok(shape), self._zone_ok(shape)
        )
        self._prefilter(shape, st)
        self.static_cache[shape.id] = st
        return st

    def _static_parts(
        self, shape: Shape
    ) -> tuple[list[str | None], list[int], Counter[str], list[int], list[int]]:
        reasons: list[str | None] = []
        feasible: list[int] = []
        hist: Counter[str] = Counter()
        prefer: list[int] = []
        weights: list[int] = []
        for i, node in enumerate(self.nodes):
            reason = None
            if _unschedulable_blocks(shape, node):
                reason = m.UNSCHEDULABLE
            else:
                taint = untolerated(shape, node)
                if taint is not None:
                    reason = m.taint_reason(taint, self.version)
                elif not affinity_matches(shape, node):
                    reason = m.NODE_AFFINITY
            reasons.append(reason)
            if reason is None:
                feasible.append(i)
            else:
                hist[reason] += 1
            prefer.append(
                sum(1 for t in node.taints if t.effect == "PreferNoSchedule" and not _tolerated(shape, t))
                if node.taints
                else 0
            )
            weights.append(sum(w for w, term in shape.preferred if term.matches(node.name, node.labels)))
        top = max(prefer, default=0)
        taint_score = [100 - (p * 100 // top) if top else 100 for p in prefer]
        best = max(weights, default=0)
        affinity_score = [w * 100 // best if best > 0 else 0 for w in weights]
        return reasons, feasible, hist, taint_score, affinity_score

    def _prefilter(self, shape: Shape, st: Static) -> None:
        """NodeAffinity PreFilter: metadata.name In values of every required term form a node list."""
        names = prefilter_names(shape.required)
        if names is None:
            return
        if not names:
            st.prefilter = m.NODE_AFFINITY_CONFLICT
            return
        st.allowed = {self.index[x] for x in names if x in self.index}

    def _bound_volumes(self, shape: Shape) -> list[Any]:
        """The PersistentVolumes of the set that the pod's claims are bound to (spec.volumeName)."""
        out = []
        for claim in shape.claims:
            pvc = next(
                (
                    r
                    for r in self.ctx.graph.resources("PersistentVolumeClaim")
                    if r.name == claim and (r.namespace or "default") == shape.namespace
                ),
                None,
            )
            volume = text(get(pvc.raw, ("spec",)), "volumeName") if pvc is not None else None
            pv = next((r for r in self.ctx.graph.resources("PersistentVolume") if r.name == volume), None)
            if pv is not None:
                out.append(pv)
        return out

    def _pv_ok(self, shape: Shape) -> list[bool] | None:
        """VolumeBinding for claims bound to a PersistentVolume of the set with node affinity."""
        pv_terms: list[tuple[NodeTerm, ...]] = []
        for pv in self._bound_volumes(shape):
            required = get(pv.raw, ("spec", "nodeAffinity", "required"))
            if isinstance(required, dict):
                pv_terms.append(tuple(node_term(t) for t in items(required, "nodeSelectorTerms")))
        if not pv_terms:
            return None
        return [
            all(any(t.matches(node.name, node.labels) for t in terms) for terms in pv_terms)
            for node in self.nodes
        ]

    def _zone_ok(self, shape: Shape) -> list[bool] | None:
        """VolumeZone: a bound PersistentVolume's zone and region labels (values joined by "__")
        must hold the node's, the beta label read as its GA form; a node with none of the four
        labels passes."""
        wanted: list[tuple[str, set[str]]] = []
        for pv in self._bound_volumes(shape):
            labels = get(pv.raw, ("metadata", "labels"))
            for key, value in labels.items() if isinstance(labels, dict) else ():
                if key in VOLUME_ZONE_LABELS and isinstance(value, str):
                    wanted.append((key, set(value.split("__"))))
        if not wanted:
            return None
        out = []
        for node in self.nodes:
            labels = node.labels
            if not any(k in labels for k in VOLUME_ZONE_LABELS):
                out.append(True)
                continue
            ok = True
            for key, values in wanted:
                value = labels.get(key, labels.get(GA_LABEL.get(key, key)))
                if value is None or value not in values:
                    ok = False
                    break
            out.append(ok)
        return out

    def local_claims(self, shape: Shape) -> list[tuple[Any, list[LocalPV]]]:
        """Claims that wait for the pod (WaitForFirstConsumer) and can only bind a statically
        provisioned PersistentVolume of the set (the class's provisioner is kubernetes.io/no-provisioner):
        (claim name per replica, the PersistentVolumes that could take it, smallest first)."""
        found = self.local_cache.get(shape.id)
        if found is None:
            found = self.local_cache[shape.id] = local_claims(self.ctx, shape)
        return found

    def _bind(self, claims: list[list[LocalPV]], i: int) -> list[str] | None:
        """One distinct PersistentVolume per claim whose node affinity admits node i, or None."""
        node = self.nodes[i]
        chosen: list[str] = []
        for candidates in claims:
            pv = next(
                (
                    pv
                    for pv in candidates
                    if pv.name not in chosen
                    and (not pv.terms or any(t.matches(node.name, node.labels) for t in pv.terms))
                ),
                None,
            )
            if pv is None:
                return None
            chosen.append(pv.name)
        return chosen

    # -- topology state for one cycle --------------------------------------------------------------
    def _spread_counter(self, shape: Shape, c: Any) -> DomainCounter:
        ns = shape.namespace
        sel = c.selector
        matcher = self.counts.matcher(
            ("spread", ns, sel), lambda s: s.namespace == ns and sel.matches(s.labels)
        )
        hard_keys = tuple(sorted({x.key for x in shape.spread if x.hard == c.hard}))

        def domain_of() -> list[str | None]:
            out: list[str | None] = []
            for node in self.nodes:
                labels = node.labels
                if (
                    any(k not in labels for k in hard_keys)
                    or (c.honor_affinity and not affinity_matches(shape, node))
                    or (c.honor_taints and untolerated(shape, node) is not None)
                ):
                    out.append(None)
                else:
                    out.append(labels[c.key])
            return out

        key = (
            c.key,
            hard_keys,
            (tuple(sorted(shape.node_selector.items())), shape.required) if c.honor_affinity else None,
            shape.tolerations if c.honor_taints else None,
        )
        return self.counts.counter(matcher, key, domain_of)

    def _term_counter(self, term: Any) -> DomainCounter:
        ns_labels = self.ns_labels
        matcher = self.counts.matcher(
            ("term", term), lambda s: term.matches(s.namespace, s.labels, ns_labels)
        )
        key = term.key
        return self.counts.counter(matcher, key, lambda: [n.labels.get(key) for n in self.nodes])

    def _all_terms_counters(self, shape: Shape) -> list[DomainCounter]:
        terms = shape.affinity
        ns_labels = self.ns_labels
        matcher = self.counts.matcher(
            ("all", terms), lambda s: all(t.matches(s.namespace, s.labels, ns_labels) for t in terms)
        )
        out = []
        for t in terms:
            key = t.key
            out.append(
                self.counts.counter(matcher, key, lambda key=key: [n.labels.get(key) for n in self.nodes])
            )
        return out

    def _cycle(self, shape: Shape, pod: Pod | None = None) -> dict[str, Any]:
        cyc: dict[str, Any] = {}
        local = self.local_claims(shape)
        if local and pod is not None:
            cyc["claims"] = [
                [
                    pv
                    for pv in candidates
                    if pv.name not in self.pv_used and pv.claim in (None, claim_name(pod))
                ]
                for claim_name, candidates in local
            ]
        if shape.spread:
            hard = []
            soft = []
            for c in shape.spread:
                dc = self._spread_counter(shape, c)
                self_match = 1 if c.selector.matches(shape.labels) else 0
                if c.hard:
                    low = 0 if dc.domains < c.min_domains else dc.low
                    hard.append((c, dc, self_match, low))
                else:
                    soft.append((c, dc))
            cyc["spread"], cyc["soft"] = hard, soft
        if shape.affinity:
            counters = self._all_terms_counters(shape)
            anyone = any(dc.total() > 0 for dc in counters)
            own = all(t.matches(shape.namespace, shape.labels, self.ns_labels) for t in shape.affinity)
            cyc["affinity"] = (counters, anyone, own)
        if shape.anti:
            cyc["anti"] = [(t, self._term_counter(t)) for t in shape.anti]
        existing = []
        for term, dc in self.anti_entries.items():
            k = (term, shape.id)
            hit = self.anti_match.get(k)
            if hit is None:
                hit = self.anti_match[k] = term.matches(shape.namespace, shape.labels, self.ns_labels)
            if hit:
                existing.append((term, dc))
        if existing:
            cyc["existing"] = existing
        if shape.pref_affinity or shape.pref_anti:
            cyc["pref"] = [(t.weight, self._term_counter(t)) for t in shape.pref_affinity] + [
                (-t.weight, self._term_counter(t)) for t in shape.pref_anti
            ]
        return cyc

    # -- dynamic filters ---------------------------------------------------------------------------
    def dynamic(self, shape: Shape, i: int, cyc: dict[str, Any], st: Static) -> Status | None:
        """NodePorts, NodeResourcesFit, VolumeBinding, PodTopologySpread, InterPodAffinity on node i."""
        if shape.ports and self.ports[i]:
            have = self.ports[i]
            for ip, proto, port in shape.ports:
                for eip, eproto, eport in have:
                    if eport == port and eproto == proto and (ip == "0.0.0.0" or eip in ("0.0.0.0", ip)):
                        return [m.NODE_PORTS], False
        reasons: list[str] = []
        unresolvable = False
        if self.npods[i] >= self.apods[i]:
            reasons.append(m.TOO_MANY_PODS)
        if shape.req_items:
            alloc = self.alloc[i]
            used = self.used[i]
            unchecked = self.unchecked
            for name, want in shape.req_items:
                if name in unchecked:
                    continue
                cap = alloc.get(name, 0)
                if want > cap - used.get(name, 0):
                    reasons.append(m.insufficient(name))
                    if want > cap and m.fit_unresolvable(self.version):
                        unresolvable = True
        if reasons:
            return reasons, unresolvable
        # VolumeBinding checks the bound and the unbound claims alike and reports both failures
        volume: list[str] = []
        if st.pv_ok is not None and not st.pv_ok[i]:
            volume.append(m.PV_NODE_AFFINITY)
        claims = cyc.get("claims")
        if claims and self._bind(claims, i) is None:
            volume.append(m.PV_NOT_AVAILABLE)
        if volume:
            return volume, True
        if st.zone_ok is not None and not st.zone_ok[i]:
            return [m.VOLUME_ZONE], True
        if not cyc:
            return None
        labels = self.nodes[i].labels
        for c, dc, self_match, low in cyc.get("spread", ()):
            value = labels.get(c.key)
            if value is None:
                return [m.SPREAD_MISSING_LABEL], True
            if dc.counts.get(value, 0) + self_match - low > c.max_skew:
                return [m.SPREAD], False
        aff = cyc.get("affinity")
        if aff is not None:
            counters, anyone, own = aff
            for t in shape.affinity:
                if t.key not in labels:
                    return [m.POD_AFFINITY], True
            if anyone:
                for t, dc in zip(shape.affinity, counters, strict=True):
                    if dc.counts.get(labels[t.key], 0) <= 0:
                        return [m.POD_AFFINITY], True
            elif not own:
                return [m.POD_AFFINITY], True
        for t, dc in cyc.get("anti", ()):
            value = labels.get(t.key)
            if value is not None and dc.counts.get(value, 0) > 0:
                return [m.POD_ANTI_AFFINITY], False
        for t, dc in cyc.get("existing", ()):
            value = labels.get(t.key)
            if value is not None and dc.counts.get(value, 0) > 0:
                return [m.EXISTING_ANTI_AFFINITY], False
        return None

    # -- scores ------------------------------------------------------------------------------------
    def base_score(self, shape: Shape, i: int, st: Static) -> int:
        """LeastAllocated + BalancedAllocation (cpu and memory, non-zero requests) + 3 x taint
        preference + 2 x preferred node affinity; ties go to the node name."""
        acpu, amem = self.acpu[i], self.amem[i]
        rc, rm = self.nzc[i] + shape.nz_cpu, self.nzm[i] + shape.nz_mem
        la_cpu = (acpu - rc) * 100 // acpu if acpu and rc <= acpu else 0
        la_mem = (amem - rm) * 100 // amem if amem and rm <= amem else 0
        fc = min(rc / acpu, 1.0) if acpu else 1.0
        fm = min(rm / amem, 1.0) if amem else 1.0
        balanced = int((1 - abs(fc - fm) / 2) * 100)
        return (la_cpu + la_mem) // 2 + balanced + 3 * st.taint_score[i] + 2 * st.affinity_score[i]

    def topology_bonus(self, i: int, cyc: dict[str, Any]) -> int:
        """2 x PodTopologySpread (ScheduleAnyway: 100 in a domain at the minimum count, less as the
        domain holds more matching pods) + 2 x InterPodAffinity (preferred terms' weights times the
        matching pods in the node's domain, mapped into 0..100). Per node, no normalization over
        the other nodes, so that the best node can be found without scoring every node."""
        bonus = 0
        soft = cyc.get("soft")
        if soft:
            total = 0
            for c, dc in soft:
                domain = dc.domain_of[i]
                if domain is not None:
                    total += 100 * (dc.low + c.max_skew) // (dc.counts.get(domain, 0) + c.max_skew)
            bonus += 2 * (total // len(soft))
        pref = cyc.get("pref")
        if pref:
            raw = 0
            for weight, dc in pref:
                domain = dc.domain_of[i]
                if domain is not None:
                    raw += weight * dc.counts.get(domain, 0)
            bonus += 2 * (50 + 50 * raw // (abs(raw) + 100))
        return bonus

    @staticmethod
    def max_bonus(cyc: dict[str, Any]) -> int:
        return (200 if cyc.get("soft") else 0) + (200 if cyc.get("pref") else 0)

    def entry(self, shape: Shape, i: int, st: Static) -> HeapEntry:
        """The heap key of node i: the higher resource and static score first; among equal scores
        the node holding fewer pods (upstream picks at random among the best, which spreads a run
        of replicas evenly), then the name."""
        return (-self.base_score(shape, i, st), self.npods[i], self.nodes[i].name, i)

    def best_from_heap(
        self, shape: Shape, st: Static, cyc: dict[str, Any], heap: list[HeapEntry]
    ) -> int | None:
        """Pop nodes by their resource and static score until no later node can beat the best
        feasible one even with the highest topology bonus; the others go back on the heap."""
        top = self.max_bonus(cyc)
        popped: list[HeapEntry] = []
        best: tuple[int, str, int] | None = None
        while heap:
            negative, _pods, name, i = heap[0]
            if best is not None and -negative + top <= best[0]:
                break  # ties go to the node popped first: higher base score, fewer pods, name
            popped.append(heapq.heappop(heap))
            if self.dynamic(shape, i, cyc, st) is not None:
                continue
            total = -negative + (self.topology_bonus(i, cyc) if top else 0)
            if best is None or total > best[0]:
                best = (total, name, i)
        for entry in popped:
            if best is None or entry[3] != best[2]:
                heapq.heappush(heap, entry)
        return best[2] if best is not None else None

    # -- state updates -----------------------------------------------------------------------------
    def apply(self, pod: Pod, i: int, delta: int) -> None:
        shape = pod.shape
        used = self.used[i]
        for name, want in shape.req_items:
            used[name] = used.get(name, 0) + delta * want
        self.npods[i] += delta
        self.nzc[i] += delta * shape.nz_cpu
        self.nzm[i] += delta * shape.nz_mem
        if delta > 0:
            self.ports[i].extend(shape.ports)
            self.on_node[i].append(pod)
        else:
            for p in shape.ports:
                self.ports[i].remove(p)
            self.on_node[i].remove(pod)
        self.counts.placed(shape, i, delta)
        for term in shape.anti:
            dc = self.anti_entries.get(term)
            if dc is None:
                key = term.key
                dc = self.anti_entries[term] = DomainCounter([n.labels.get(key) for n in self.nodes])
            dc.add(i, delta)

    def place(self, pod: Pod, i: int, status: str = "Scheduled") -> None:
        if status == "Scheduled" and self.local_claims(pod.shape):
            chosen = self._bind(self._cycle(pod.shape, pod).get("claims") or [], i)
            self.pv_used.update(chosen or ())
        pod.node = self.nodes[i].name
        pod.status = status
        self.apply(pod, i, 1)
        self.log.append(Placement(pod, i))

    # -- diagnosis ---------------------------------------------------------------------------------
    def diagnose(self, pod: Pod, st: Static, cyc: dict[str, Any]) -> tuple[str, list[int]]:
        """The FitError text, and the nodes where preemption found room (empty: none)."""
        shape = pod.shape
        legacy = not m.prefilter_result(self.version)
        if st.prefilter and not legacy:
            text_ = m.fit_error(self.n, (), st.prefilter)
            return self._post(pod, text_, {}, prefilter=True)
        hist: Counter[str] = Counter()
        statuses: dict[int, Status] = {}
        candidates = [pod.pinned] if pod.pinned is not None else st.feasible
        allowed = {pod.pinned} if pod.pinned is not None else st.allowed
        if st.prefilter:  # before 1.24 the conflicting metadata.name terms fail on every node
            allowed = set()
        if allowed is None:
            hist.update(st.hist)
        else:
            for i in allowed:
                reason = st.reasons[i]
                if reason is not None:
                    hist[reason] += 1
            absent = self.n - len(allowed)
            if legacy:
                # no PreFilterResult: NodeAffinity's Filter rejects the other nodes, unless an
                # earlier filter (NodeUnschedulable, TaintToleration) already did
                for i in range(self.n):
                    if i not in allowed:
                        hist[st.reasons[i] or m.NODE_AFFINITY] += 1
            elif absent and m.absent_status(self.version):
                hist[m.PREFILTER_ABSENT.format("NodeAffinity")] += absent
        for i in candidates:
            if allowed is not None and i not in allowed:
                continue
            status = self.dynamic(shape, i, cyc, st)
            if status is None:  # fits after all (a preemption in between)
                continue
            statuses[i] = status
            for r in status[0]:
                hist[r] += 1
        return self._post(pod, m.fit_error(self.n, hist.items()), statuses)

    def _post(
        self, pod: Pod, text_: str, statuses: dict[int, Status], prefilter: bool = False
    ) -> tuple[str, list[int]]:
        post: list[str] = []
        if self.dra:
            post.append(m.NO_CLAIMS)
        if pod.shape.preempt_never:
            post.append("preemption: " + m.NEVER)
            return m.with_post_filter(text_, post, self.version), []
        hist: Counter[str] = Counter()
        found: list[int] = []
        considered = 0
        for i, (_reasons, unresolvable) in sorted(statuses.items()):
            if unresolvable:
                continue
            considered += 1
            victims = [p for p in self.on_node[i] if p.shape.priority < pod.shape.priority]
            if not victims:
                hist[m.NO_VICTIMS] += 1
                continue
            for v in victims:
                self.apply(v, i, -1)
            st = self.static(pod.shape)
            status = self.dynamic(pod.shape, i, self._cycle(pod.shape, pod), st)
            for v in victims:
                self.apply(v, i, 1)
            if status is None:
                found.append(i)
            else:
                for r in status[0]:
                    hist[r] += 1
        if found:
            return text_, found
        absent = self.n - considered
        if absent:
            hist[m.NOT_HELPFUL] += absent
        post.append("preemption: " + m.fit_error(self.n, hist.items()))
        del prefilter
        return m.with_post_filter(text_, post, self.version), []

    def _victims(self, pod: Pod, i: int) -> list[Pod]:
        """SelectVictimsOnNode: remove every pod of lower priority, then reprieve them highest
        priority first while the pod still fits; the state is left as it was."""
        lower = sorted(
            (p for p in self.on_node[i] if p.shape.priority < pod.shape.priority),
            key=lambda p: -p.shape.priority,
        )
        for v in lower:
            self.apply(v, i, -1)
        st = self.static(pod.shape)
        victims = []
        for v in lower:
            self.apply(v, i, 1)
            if self.dynamic(pod.shape, i, self._cycle(pod.shape, pod), st) is not None:
                self.apply(v, i, -1)
                victims.append(v)
        for v in victims:
            self.apply(v, i, 1)
        return victims

    def preempt(self, pod: Pod, found: list[int]) -> tuple[int, list[Pod]]:
        """pickOneNodeForPreemption over each node's victims after the reprieve: the lowest
        highest-victim priority, then the lowest sum of victim priorities (each shifted by 2^31),
        then the fewest victims, then the name (PodDisruptionBudgets and start times are not
        modelled). The chosen node's victims are evicted."""
        per_node = {i: self._victims(pod, i) for i in found}

        def rank(i: int) -> tuple[int, int, int, str]:
            victims = per_node[i]
            return (
                max((v.shape.priority for v in victims), default=-(2**31)),
                sum(v.shape.priority + 2**31 for v in victims),
                len(victims),
                self.nodes[i].name,
            )

        i = min(found, key=rank)
        evicted = per_node[i]
        for v in evicted:
            self.apply(v, i, -1)
            v.status = "Preempted"
            v.note = f"preempted by {_pod_name(pod)} (priority {pod.shape.priority})"
            v.node = None
            self.log = [p for p in self.log if p.pod is not v]
        return i, evicted

    # -- the loop ----------------------------------------------------------------------------------
    def run(self, pods: list[Pod]) -> None:
        batch: tuple[int, list[HeapEntry]] | None = None
        failed: dict[int, str] = {}  # shape id -> message while nothing changed
        blocked: set[int] = set()  # StatefulSets (OrderedReady) with a pending ordinal
        for pod in pods:
            shape = pod.shape
            if shape.id in blocked:
                pod.status = "NotCreated"
                pod.note = "not created: OrderedReady waits for the pending ordinal before it"
                continue
            if not self.n:
                pod.message = m.NO_NODES
                continue
            if shape.id in failed and pod.pinned is None:
                pod.message = failed[shape.id]
                if shape.ordered:
                    blocked.add(shape.id)
                continue
            st = self.static(shape)
            # a run of replicas keeps a heap of node scores: a placement changes only the chosen
            # node's resources; spread and inter-pod constraints are checked as nodes are popped
            heaped = pod.pinned is None and not st.prefilter and not self.local_claims(shape)
            cyc = self._cycle(shape, pod)
            chosen: int | None = None
            if heaped:
                if batch is None or batch[0] != shape.id:
                    plain = {} if shape.topological else cyc
                    heap = []
                    for i in st.feasible if st.allowed is None else sorted(st.allowed):
                        if st.reasons[i] is None and self.dynamic(shape, i, plain, st) is None:
                            heap.append(self.entry(shape, i, st))
                    heapq.heapify(heap)
                    batch = (shape.id, heap)
                chosen = self.best_from_heap(shape, st, cyc, batch[1])
            else:
                batch = None
                if pod.pinned is not None:
                    cands = [pod.pinned] if st.reasons[pod.pinned] is None else []
                elif st.allowed is not None:
                    cands = [i for i in sorted(st.allowed) if st.reasons[i] is None]
                else:
                    cands = st.feasible
                feasible = [i for i in cands if not st.prefilter and self.dynamic(shape, i, cyc, st) is None]
                if feasible:
                    scored = [(self.base_score(shape, i, st), i) for i in feasible]
                    chosen = min(
                        scored,
                        key=lambda bi: (
                            -(bi[0] + self.topology_bonus(bi[1], cyc)),
                            -bi[0],
                            self.npods[bi[1]],
                            self.nodes[bi[1]].name,
                        ),
                    )[1]
            if chosen is not None:
                self.place(pod, chosen)
                if heaped and batch is not None:
                    plain = {} if shape.topological else self._cycle(shape, pod)
                    if self.dynamic(shape, chosen, plain, st) is None:
                        heapq.heappush(batch[1], self.entry(shape, chosen, st))
                continue
            text_, found = self.diagnose(pod, st, self._cycle(shape, pod))
            if found:
                i, evicted = self.preempt(pod, found)
                self.place(pod, i)
                success = m.preemption_found(self.nodes[i].name, len(evicted), self.version)
                if success:
                    text_ = m.with_post_filter(text_, [success], self.version)
                pod.note = (
                    f"preempts {', '.join(_pod_name(v) for v in evicted)} on {self.nodes[i].name}; "
                    f"its first attempt reports: {text_}"
                )
                batch = None
                failed.clear()
                continue
            pod.message = text_
            if pod.pinned is None:
                failed[shape.id] = text_
            if shape.ordered:
                blocked.add(shape.id)
            # nothing changed: the batch stays valid
        del failed


def _pod_name(pod: Pod) -> str:
    r = pod.shape.resource
    return f"{r.kind}/{r.name}[{pod.replica}]"


def expand(sim: Simulator, all_shapes: list[Shape]) -> tuple[list[Pod], list[Pod]]:
    """(every pod in report order, the pods to schedule in queue order). Bound pods are placed here."""
    report: list[Pod] = []
    queue: list[Pod] = []
    for shape in all_shapes:
        if shape.count is None:  # DaemonSet: one pod per node its controller accepts
            replica = 0
            for i, node in enumerate(sim.nodes):
                if not affinity_matches(shape, node) or untolerated(shape, node) is not None:
                    continue
                pod = Pod(shape, replica, pinned=i)
                replica += 1
                report.append(pod)
                if shape.skip:
                    pod.status, pod.note = "OutOfScope", shape.skip
                elif shape.gates:
                    pod.status, pod.note = "SchedulingGated", _gated(shape)
                else:
                    queue.append(pod)
            continue
        for replica in range(shape.count):
            pod = Pod(shape, replica)
            report.append(pod)
            if shape.skip:
                pod.status, pod.note = "OutOfScope", shape.skip
            elif shape.node_name is not None:
                i = sim.index.get(shape.node_name)
                if i is None:
                    pod.status, pod.node = "Bound", shape.node_name
                    pod.note = f"bound by spec.nodeName to {shape.node_name}, which is not in the inventory"
                else:
                    sim.place(pod, i, "Bound")
            elif shape.gates:
                pod.status, pod.note = "SchedulingGated", _gated(shape)
            else:
                queue.append(pod)
    queue.sort(key=lambda p: (-p.shape.priority, p.shape.order, p.replica))
    return report, queue


def _gated(shape: Shape) -> str:
    return f"waiting for scheduling gates: [{' '.join(shape.gates)}]"


def simulate(ctx: AnalysisContext, dra: bool | None = None) -> Result:
    """The run for the set and the inventory; memoized. InventoryError when the file is unusable."""
    key = f"schedule-result-{dra}"
    found = ctx.memo.get(key)
    if found is not None:
        return found
    inv = inventory(ctx)
    sim = Simulator(ctx, inv)
    if dra is not None:  # from 1.37 the plugin's no-op outcome carries no text either way
        sim.dra = dra and sim.version < (1, 37)
    all_shapes = shapes(ctx)
    for r in sorted(sim.unchecked):
        if any(r in s.requests for s in all_shapes):
            sim.notes.append(
                f"no node of the inventory states its allocatable {r}: {r} requests are not checked"
            )
    report, queue = expand(sim, all_shapes)
    sim.run(queue)
    notes = list(dict.fromkeys(sim.notes + [n for s in all_shapes for n in s.notes]))
    result = Result(sim.nodes, report, notes, sim.version, sim.used, sim.npods, sim.log)
    ctx.memo[key] = result
    return result


__all__ = ["InventoryError", "Pod", "Result", "simulate"]


def daemon_pod_count(ctx: AnalysisContext, template: PodTemplate) -> int | None:
    """How many pods a DaemonSet's controller creates: one per inventory node whose labels its
    node selector and required node affinity match and whose NoSchedule and NoExecute taints it
    tolerates (with the tolerations the controller adds). None without a node inventory."""
    from k8slint.schedule.pods import shape_for

    try:
        nodes = inventory(ctx).nodes
    except InventoryError:
        return None
    shape = shape_for(ctx, template)
    if not nodes or shape is None or shape.count is not None:
        return None
    return sum(1 for n in nodes if affinity_matches(shape, n) and untolerated(shape, n) is None)
