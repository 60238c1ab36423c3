"""The connectivity engine.

Pods are grouped into equivalence classes: two pods whose namespace labels, pod labels and
(referenced) named container ports give the same answer to every selector of the set (same
selecting policies per direction, same matching rule peers) have identical rows and columns of
the connectivity matrix. Each class's egress and ingress are evaluated only against the classes
its rules' peers match (through an inverted index selector -> classes), plus one default value
for every other peer; the matrix is then assembled from these maps and expanded to workloads.
External addresses are the disjoint IP blocks the policies' ipBlocks induce (sources from
ingress rules, destinations from egress rules and admin ``networks``), as np-guard does."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from k8slint.analysis.workloads import PodTemplate
from k8slint.graph.builders import runtime_labels
from k8slint.model.resource import Resource
from k8slint.netpol.conn import ALL, NONE, PROTOCOLS, Conn
from k8slint.netpol.ipset import IPSet, block_text, disjoint_blocks, subset
from k8slint.netpol.policy import NAME_LABEL, Policy, PolicySet, Rule, compile_policies
from k8slint.parse.sourcemap import get

PortDict = dict[str, tuple[tuple[str, int], ...]]
DIRECTIONS = ("ingress", "egress")


@dataclass(slots=True)
class Workload:
    """A connectivity peer: a workload's pod template or a bare Pod (``ns/name[Kind]``)."""

    name: str
    namespace: str
    kind: str
    short: str
    resource: Resource
    templates: list[PodTemplate] = field(default_factory=list)
    ports: PortDict = field(default_factory=dict)
    classes: list[int] = field(default_factory=list)
    host_network: bool = False
    selectors: set[int] = field(default_factory=set)  # every selector id some pod of it matches


@dataclass(frozen=True, slots=True)
class Peer:
    """The other end of a connection as rules see it: the selector ids it matches, the ipBlock
    ids containing it (an external block), and its container ports (None for an IP)."""

    selectors: frozenset[int]
    blocks: frozenset[int] = frozenset()
    ip: bool = False
    ports: PortDict | None = None


@dataclass(slots=True)
class PodClass:
    id: int
    namespace: str
    labels: dict[str, Any]
    ports: PortDict
    port_key: tuple
    selectors: frozenset[int]  # every selector id it matches
    np: dict[str, tuple[int, ...]]  # direction -> isolating NetworkPolicy indexes
    admin: dict[str, tuple[int, ...]]  # direction -> AdminNetworkPolicy indexes (priority order)
    baseline: dict[str, bool]

    def restricted(self, direction: str) -> bool:
        return bool(self.np[direction] or self.admin[direction] or self.baseline[direction])

    def peer(self) -> Peer:
        return Peer(self.selectors, ports=self.ports)


@dataclass(slots=True)
class Step:
    """One policy decision for an explanation."""

    policy: Policy | None
    rule: Rule | None
    conn: Conn
    verdict: str  # allow | deny | pass | isolated | open | no-match


@dataclass(slots=True)
class DirResult:
    open: bool
    default_conn: (
        Conn  # for peers that match none of the relevant selectors (ingress; egress w/o named ports)
    )
    explicit: dict[int, Conn]
    ips: dict[int, Conn]  # external blocks inside some relevant ipBlock
    default_by_ports: dict[tuple, Conn] | None = None  # egress with named ports: per destination port key
    ip_default: Conn = ALL  # every other external block

    def ip(self, atom: int) -> Conn:
        found = self.ips.get(atom)
        return self.ip_default if found is None else found

    def ip_items(self, count: int) -> Iterable[tuple[int, Conn]]:
        """(atom, connections) for the atoms whose connections may be non-empty."""
        if self.ip_default.empty:
            return self.ips.items()
        return ((i, self.ip(i)) for i in range(count))

    def get(self, cls: PodClass) -> Conn:
        found = self.explicit.get(cls.id)
        if found is not None:
            return found
        if self.default_by_ports is not None:
            return self.default_by_ports.get(cls.port_key, NONE)
        return self.default_conn

    def may_default(self) -> bool:
        if self.default_by_ports is not None:
            return any(not c.empty for c in self.default_by_ports.values())
        return not self.default_conn.empty


def _ports(t: PodTemplate) -> PortDict:
    """Named container ports of the template's app containers (np-guard reads only those)."""
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    containers = get(t.raw_spec, ("containers",))
    for c in containers if isinstance(containers, list) else []:
        ports = c.get("ports") if isinstance(c, dict) else None
        for p in ports if isinstance(ports, list) else []:
            if not isinstance(p, dict):
                continue
            name, number, proto = p.get("name"), p.get("containerPort"), p.get("protocol") or "TCP"
            if (
                isinstance(name, str)
                and isinstance(number, int)
                and not isinstance(number, bool)
                and 1 <= number <= 65535
                and proto in PROTOCOLS
            ):
                out[name].append((proto, number))
    return {k: tuple(v) for k, v in out.items()}


def _owner(r: Resource) -> tuple[str, str]:
    if r.kind == "Pod":
        owners = get(r.raw, ("metadata", "ownerReferences"))
        for o in owners if isinstance(owners, list) else []:
            if isinstance(o, dict) and o.get("controller") is True:
                kind, name = o.get("kind"), o.get("name")
                if isinstance(kind, str) and isinstance(name, str) and kind and name:
                    return kind, name
    return r.kind, r.name


def _str_labels(labels: dict[str, Any]) -> dict[str, Any]:
    return {str(k): v for k, v in labels.items()} if isinstance(labels, dict) else {}


class Connectivity:
    """The computed connectivity of one set of manifests."""

    def __init__(self, resources: list[Resource], templates: Iterable[PodTemplate]) -> None:
        self.resources = resources
        self.policies: PolicySet = compile_policies(resources)
        self.warnings: list[str] = list(self.policies.warnings)
        self.namespace_labels: dict[str, dict[str, Any]] = {}
        self.declared_namespaces: set[str] = set()
        for r in resources:
            if r.kind == "Namespace" and r.ref.group == "":
                self.declared_namespaces.add(r.name)
                self.namespace_labels[r.name] = {**_str_labels(r.labels), NAME_LABEL: r.name}
        self.workloads: dict[str, Workload] = {}
        self.by_resource: dict[int, Workload] = {}
        for t in templates:
            r = t.resource
            if r.kind == "PodTemplate":
                continue
            ns = r.namespace or "default"
            kind, name = _owner(r)
            peer = f"{ns}/{name}[{kind}]"
            w = self.workloads.get(peer)
            if w is None:
                w = self.workloads[peer] = Workload(peer, ns, kind, f"{name}[{kind}]", r, ports=_ports(t))
                w.host_network = get(t.raw_spec, ("hostNetwork",)) is True
            w.templates.append(t)
            self.by_resource[id(r)] = w
        for p in self.policies.policies:
            if p.namespace is not None:
                self._namespace(p.namespace)
        for w in self.workloads.values():
            self._namespace(w.namespace)
            if w.host_network:
                self.warnings.append(
                    f"{w.name} uses the host network: it is analyzed as an ordinary pod, while most network "
                    "plugins apply no NetworkPolicy to host-network pods"
                )
        self.classes: list[PodClass] = []
        self._build_classes()
        self.source_blocks: list[IPSet] = disjoint_blocks(self.policies.source_blocks())
        self.destination_blocks: list[IPSet] = disjoint_blocks(self.policies.destination_blocks())
        self._src_in = self._containing(self.source_blocks)
        self._dst_in = self._containing(self.destination_blocks)
        self._src_atoms = self._atoms_of(self._src_in)
        self._dst_atoms = self._atoms_of(self._dst_in)
        self._results: dict[tuple[int, str], DirResult] = {}
        self._matrix: dict[tuple[str, str], Conn] | None = None
        # derived facts rules share (keyed by name)
        self.memo: dict[str, Any] = {}

    # -- namespaces and classes ---------------------------------------------------------------

    def _namespace(self, ns: str) -> dict[str, Any]:
        labels = self.namespace_labels.get(ns)
        if labels is None:
            labels = self.namespace_labels[ns] = {NAME_LABEL: ns}
        return labels

    @staticmethod
    def _atoms_of(containing: list[frozenset[int]]) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for atom, blocks in enumerate(containing):
            for b in blocks:
                out[b].append(atom)
        return out

    def _containing(self, atoms: list[IPSet]) -> list[frozenset[int]]:
        """For each atom (a block of the partition), the ids of the ipBlocks containing it: a
        sweep over the atoms sorted by start, not atoms x ipBlocks subset tests."""
        blocks = self.policies.ipblocks
        if any(len(a) != 1 for a in atoms):
            return [frozenset(i for i, b in enumerate(blocks) if subset(a, b)) for a in atoms]
        order = sorted(range(len(atoms)), key=lambda i: atoms[i][0][0])
        starts = [atoms[i][0][0] for i in order]
        found: list[set[int]] = [set() for _ in atoms]
        for bid, block in enumerate(blocks):
            for lo, hi in block:
                k = bisect_left(starts, lo)
                while k < len(order) and starts[k] <= hi:
                    i = order[k]
                    if atoms[i][0][1] <= hi:
                        found[i].add(bid)
                    k += 1
        return [frozenset(f) for f in found]

    def _build_classes(self) -> None:
        ps = self.policies
        names = ps.named_ports
        keys: dict[tuple, int] = {}
        key_data: list[tuple[str, dict[str, Any], PortDict, tuple]] = []
        variants: dict[str, list[int]] = {}
        template_keys: dict[int, list[int]] = {}
        self.template_ports: dict[int, PortDict] = {}
        for w in self.workloads.values():
            ids: list[int] = []
            for t in w.templates:
                ports = w.ports if t is w.templates[0] else _ports(t)
                self.template_ports[id(t.resource)] = ports
                port_key = tuple(sorted((n, v) for n, v in ports.items() if n in names))
                own: list[int] = []
                template_keys[id(t.resource)] = own
                for labels in runtime_labels(t):
                    labels = _str_labels(labels)
                    try:
                        lk = frozenset(labels.items())
                    except TypeError:
                        lk = frozenset((k, str(v)) for k, v in labels.items())
                    key = (w.namespace, lk, port_key)
                    kid = keys.get(key)
                    if kid is None:
                        kid = keys[key] = len(key_data)
                        key_data.append((w.namespace, labels, ports, port_key))
                    if kid not in ids:
                        ids.append(kid)
                    if kid not in own:
                        own.append(kid)
            variants[w.name] = ids
        matches = self._match(key_data)
        subject_of: dict[int, list[tuple[int, Policy]]] = defaultdict(list)
        for idx, p in enumerate(ps.policies):
            if p.subject is not None:
                subject_of[p.subject].append((idx, p))
        rule_selectors = {s for p in ps.policies for d in DIRECTIONS for r in p.rules(d) for s in r.peers}
        admin_rank = {id(p): i for i, p in enumerate(ps.admin_policies)}
        signature_ids: dict[tuple, int] = {}
        key_class: list[int] = []
        for kid, (ns, labels, ports, port_key) in enumerate(key_data):
            np_: dict[str, list[int]] = {"ingress": [], "egress": []}
            admin: dict[str, list[int]] = {"ingress": [], "egress": []}
            baseline = {"ingress": False, "egress": False}
            for sid in matches[kid]:
                for idx, p in subject_of.get(sid, ()):
                    if p.kind == "NetworkPolicy":
                        if p.ingress_isolates:
                            np_["ingress"].append(idx)
                        if p.egress_isolates:
                            np_["egress"].append(idx)
                    elif p.kind == "AdminNetworkPolicy":
                        for d in DIRECTIONS:
                            if p.rules(d):
                                admin[d].append(idx)
                    elif p is ps.baseline:
                        for d in DIRECTIONS:
                            baseline[d] = baseline[d] or bool(p.rules(d))
            for d in DIRECTIONS:
                admin[d].sort(key=lambda i: admin_rank[id(ps.policies[i])])
            peers = frozenset(matches[kid] & rule_selectors)
            signature = (
                tuple(sorted(np_["ingress"])),
                tuple(sorted(np_["egress"])),
                tuple(admin["ingress"]),
                tuple(admin["egress"]),
                baseline["ingress"],
                baseline["egress"],
                peers,
                port_key,
            )
            cid = signature_ids.get(signature)
            if cid is None:
                cid = signature_ids[signature] = len(self.classes)
                self.classes.append(
                    PodClass(
                        cid,
                        ns,
                        labels,
                        ports,
                        port_key,
                        peers,
                        {"ingress": signature[0], "egress": signature[1]},
                        {"ingress": signature[2], "egress": signature[3]},
                        baseline,
                    )
                )
            key_class.append(cid)
        self.class_workloads: dict[int, list[str]] = defaultdict(list)
        for w in self.workloads.values():
            w.classes = sorted({key_class[k] for k in variants[w.name]})
            w.selectors = set().union(*(matches[k] for k in variants[w.name]))
            for c in w.classes:
                self.class_workloads[c].append(w.name)
        self.template_classes: dict[int, list[int]] = {
            rid: sorted({key_class[k] for k in kids}) for rid, kids in template_keys.items()
        }
        self.template_selectors: dict[int, set[int]] = {
            rid: set().union(*(matches[k] for k in kids)) for rid, kids in template_keys.items()
        }
        # one container-port map per distinct referenced-named-port key
        self._port_keys: dict[tuple, PortDict] = {}
        for c in self.classes:
            self._port_keys.setdefault(c.port_key, c.ports)
        self.selector_classes: dict[int, set[int]] = defaultdict(set)
        for c in self.classes:
            for s in c.selectors:
                self.selector_classes[s].add(c.id)

    def _match(self, key_data: list[tuple[str, dict[str, Any], PortDict, tuple]]) -> list[set[int]]:
        """For every pod key, the ids of the selectors that match it (an index by namespace and
        by label value keeps this near-linear)."""
        by_ns: dict[str, list[int]] = defaultdict(list)
        index: dict[tuple[str, str, Any], list[int]] = defaultdict(list)
        for kid, (ns, labels, _, _) in enumerate(key_data):
            by_ns[ns].append(kid)
            for k, v in labels.items():
                if isinstance(v, str):
                    index[(ns, k, v)].append(kid)
        matches: list[set[int]] = [set() for _ in key_data]
        for sid, sel in enumerate(self.policies.selectors):
            if sel.pods.nothing:
                continue
            if sel.namespace is not None:
                spaces = [sel.namespace] if sel.namespace in by_ns else []
            else:
                assert sel.namespaces is not None
                if sel.namespaces.nothing:
                    continue
                spaces = [n for n in by_ns if sel.namespaces.matches(self.namespace_labels[n])]
            req = next((r for r in sel.pods.requirements if r.operator == "In"), None)
            for n in spaces:
                if req is not None:
                    cands: Iterable[int] = [k for v in req.values for k in index.get((n, req.key, v), ())]
                else:
                    cands = by_ns[n]
                for kid in cands:
                    if sel.pods.matches(key_data[kid][1]):
                        matches[kid].add(sid)
        return matches

    # -- evaluation -----------------------------------------------------------------------

    def _rule_matches(self, rule: Rule, peer: Peer) -> bool:
        if rule.all_peers:
            return True
        if peer.ip:
            return any(b in peer.blocks for b in rule.ipblocks)
        return any(s in peer.selectors for s in rule.peers)

    def evaluate(self, cls: PodClass, direction: str, peer: Peer, trace: list[Step] | None = None) -> Conn:
        """What ``cls`` allows in ``direction`` with ``peer`` (the source for ingress, the
        destination for egress): AdminNetworkPolicies by priority (first matching rule per port
        decides; Pass hands over), then the NetworkPolicies isolating the pod, else the
        BaselineAdminNetworkPolicy, else everything."""
        ps = self.policies
        ports = cls.ports if direction == "ingress" else (None if peer.ip else peer.ports)
        remaining, allowed, passed = ALL, NONE, NONE
        for idx in cls.admin[direction]:
            p = ps.policies[idx]
            for rule in p.rules(direction):
                if not self._rule_matches(rule, peer):
                    continue
                c = rule.conn(ports) & remaining
                if c.empty:
                    continue
                if rule.action == "Allow":
                    allowed = allowed | c
                elif rule.action == "Pass":
                    passed = passed | c
                remaining = remaining - c
                if trace is not None:
                    trace.append(Step(p, rule, c, rule.action.lower()))
                if remaining.empty:
                    break
            if remaining.empty:
                break
        rest = remaining | passed
        if rest.empty:
            return allowed
        if cls.np[direction]:
            np_allowed = NONE
            for idx in cls.np[direction]:
                p = ps.policies[idx]
                if trace is not None:
                    trace.append(Step(p, None, NONE, "isolated"))
                for rule in p.rules(direction):
                    if self._rule_matches(rule, peer):
                        c = rule.conn(ports)
                        np_allowed = np_allowed | c
                        if trace is not None:
                            trace.append(Step(p, rule, c, "allow" if not c.empty else "no-match"))
            return allowed | (rest & np_allowed)
        banp = ps.baseline
        if cls.baseline[direction] and banp is not None:
            for rule in banp.rules(direction):
                if not self._rule_matches(rule, peer):
                    continue
                c = rule.conn(ports) & rest
                if c.empty:
                    continue
                if rule.action == "Allow":
                    allowed = allowed | c
                rest = rest - c
                if trace is not None:
                    trace.append(Step(banp, rule, c, rule.action.lower()))
        if trace is not None and not rest.empty:
            trace.append(Step(None, None, rest, "open"))
        return allowed | rest

    def _relevant(self, cls: PodClass, direction: str) -> tuple[set[int], set[int], bool]:
        ps = self.policies
        pols = [*cls.admin[direction], *cls.np[direction]]
        rules = [r for i in pols for r in ps.policies[i].rules(direction)]
        if cls.baseline[direction] and ps.baseline is not None:
            rules.extend(ps.baseline.rules(direction))
        sels = {s for r in rules for s in r.peers}
        blocks = {b for r in rules for b in r.ipblocks}
        named = any(r.named_ports for r in rules)
        return sels, blocks, named

    def direction(self, cls: PodClass, direction: str) -> DirResult:
        key = (cls.id, direction)
        found = self._results.get(key)
        if found is not None:
            return found
        atom_in = self._src_in if direction == "ingress" else self._dst_in
        if not cls.restricted(direction):
            result = DirResult(True, ALL, {}, {})
            self._results[key] = result
            return result
        sels, blocks, named = self._relevant(cls, direction)
        cache: dict[tuple, Conn] = {}
        by_ports = named and direction == "egress"

        def conn_for(selectors: frozenset[int], port_key: tuple, ports: PortDict | None) -> Conn:
            k = (selectors, port_key if by_ports else None)
            c = cache.get(k)
            if c is None:
                c = cache[k] = self.evaluate(cls, direction, Peer(selectors, ports=ports))
            return c

        explicit: dict[int, Conn] = {}
        candidates: set[int] = set()
        for s in sels:
            candidates |= self.selector_classes.get(s, set())
        for cid in candidates:
            other = self.classes[cid]
            explicit[cid] = conn_for(frozenset(other.selectors & sels), other.port_key, other.ports)
        default_conn = NONE
        default_by_ports: dict[tuple, Conn] | None = None
        if by_ports:
            default_by_ports = {
                port_key: conn_for(frozenset(), port_key, ports)
                for port_key, ports in self._port_keys.items()
            }
        else:
            default_conn = conn_for(frozenset(), (), cls.ports)
        ips: dict[int, Conn] = {}
        ip_cache: dict[frozenset[int], Conn] = {}
        atoms_of = self._src_atoms if direction == "ingress" else self._dst_atoms
        inside: set[int] = set()
        for b in blocks:
            inside.update(atoms_of.get(b, ()))
        for i in inside:
            k2 = atom_in[i] & blocks
            c = ip_cache.get(k2)
            if c is None:
                c = ip_cache[k2] = self.evaluate(cls, direction, Peer(frozenset(), k2, True))
            ips[i] = c
        ip_default = self.evaluate(cls, direction, Peer(frozenset(), frozenset(), True))
        result = DirResult(False, default_conn, explicit, ips, default_by_ports, ip_default)
        self._results[key] = result
        return result

    # -- the matrix -----------------------------------------------------------------------

    def class_matrix(self) -> dict[tuple[Any, Any], Conn]:
        """(src, dst) -> connections, where an endpoint is a class id or ("ip", atom index)."""
        out: dict[tuple[Any, Any], Conn] = {}
        classes = self.classes
        ingress = [self.direction(c, "ingress") for c in classes]
        egress = [self.direction(c, "egress") for c in classes]
        open_dsts = [c.id for c in classes if ingress[c.id].may_default()]
        inverse: dict[int, list[int]] = defaultdict(list)
        for b in classes:
            for a in ingress[b.id].explicit:
                inverse[a].append(b.id)
        for a in classes:
            e = egress[a.id]
            cands: set[int] = set(e.explicit)
            if e.may_default():
                cands.update(open_dsts)
                cands.update(inverse.get(a.id, ()))
            for bid in cands:
                conn = e.get(classes[bid])
                if conn.empty:
                    continue
                i = ingress[bid]
                conn = conn & i.explicit.get(a.id, i.default_conn)
                if not conn.empty:
                    out[(a.id, bid)] = conn
            for atom, conn in e.ip_items(len(self.destination_blocks)):
                if not conn.empty:
                    out[(a.id, ("dst", atom))] = conn
        for b in classes:
            for atom, conn in ingress[b.id].ip_items(len(self.source_blocks)):
                if not conn.empty:
                    out[(("src", atom), b.id)] = conn
        return out

    def peer_name(self, endpoint: Any) -> list[str]:
        if isinstance(endpoint, tuple):
            side, atom = endpoint
            block = self.source_blocks[atom] if side == "src" else self.destination_blocks[atom]
            return [block_text(block) + "[External]"]
        return self.class_workloads.get(endpoint, [])

    def matrix(self) -> dict[tuple[str, str], Conn]:
        """(src peer, dst peer) -> connections, self-pairs and empty connections left out."""
        if self._matrix is not None:
            return self._matrix
        out: dict[tuple[str, str], Conn] = {}
        for (a, b), conn in self.class_matrix().items():
            for s in self.peer_name(a):
                for d in self.peer_name(b):
                    if s == d:
                        continue
                    prev = out.get((s, d))
                    out[(s, d)] = conn if prev is None else prev | conn
        from k8slint.netpol.ingress import INGRESS_CONTROLLER, connections

        for d, conn in connections(self).items():
            out[(INGRESS_CONTROLLER, d)] = conn
        self._matrix = out
        return out

    def connections(self) -> list[tuple[str, str, str]]:
        """Sorted connlist rows (byte-wise order of src, then dst)."""
        rows = [(s, d, str(c)) for (s, d), c in self.matrix().items()]
        rows.sort(key=lambda r: (r[0].encode(), r[1].encode()))
        return rows

    # -- helpers for rules and explanations ---------------------------------------------------

    def workload(self, name: str) -> Workload | None:
        return self.workloads.get(name)

    def of(self, resource: Resource) -> Workload | None:
        """The workload peer a pod template's resource belongs to."""
        return self.by_resource.get(id(resource))

    def classes_of(self, resource: Resource) -> list[PodClass]:
        """The classes of the pods of one pod template (a workload peer may merge several
        templates of one name, e.g. from unrelated directories)."""
        return [self.classes[c] for c in self.template_classes.get(id(resource), ())]

    def scoped(self, ctx: Any, near: Resource) -> list[tuple[Workload, PodTemplate]]:
        """The pod templates of ``near``'s deployment (references.same_tree; every one with
        --assume-complete), with their workload peers; computed once per place."""
        from k8slint.analysis.references import place, related_places

        here = None if ctx.settings.assume_complete else place(near)
        key = ("scoped", here)
        found = self.memo.get(key)
        if found is None:
            related: dict[Any, bool] = {}
            found = []
            for w in self.workloads.values():
                for t in w.templates:
                    there = place(t.resource)
                    ok = related.get(there)
                    if ok is None:
                        ok = related[there] = here is None or related_places(here, there)
                    if ok:
                        found.append((w, t))
            self.memo[key] = found
        return found

    def policy_of(self, resource: Resource) -> Policy | None:
        """The compiled NetworkPolicy of a NetworkPolicy object of the set."""
        index = self.memo.get("policy-of")
        if index is None:
            index = self.memo["policy-of"] = {id(p.resource): p for p in self.policies.network_policies}
        return index.get(id(resource))

    def policies_in(self, namespace: str) -> list[Policy]:
        """The compiled NetworkPolicies of one namespace."""
        index = self.memo.get("policies-in")
        if index is None:
            index = self.memo["policies-in"] = {}
            for p in self.policies.network_policies:
                index.setdefault(p.namespace, []).append(p)
        return index.get(namespace, [])

    def selected(self, selector: int) -> list[Workload]:
        return [w for w in self.workloads.values() if selector in w.selectors]

    def virtual_peer(self, namespace: str, labels: dict[str, str], ports: PortDict, known: set[str]) -> Peer:
        """A pod that is not in the set (e.g. cluster DNS) as rules see it. Namespace labels are
        the declared ones when the namespace is declared, else only its name label is known;
        pod label keys outside ``known`` and undeclared namespace labels are unknown, and a
        requirement on an unknown key is taken as satisfied (no finding may rest on a guess)."""
        declared = namespace in self.declared_namespaces
        ns_labels = self.namespace_labels.get(namespace, {NAME_LABEL: namespace})

        def lenient(sel: Any, values: dict[str, Any], keys: set[str] | None) -> bool:
            if sel.nothing:
                return False
            return all(r.matches(values) for r in sel.requirements if keys is None or r.key in keys)

        matched: set[int] = set()
        for sid, sel in enumerate(self.policies.selectors):
            if sel.namespace is not None:
                if sel.namespace != namespace:
                    continue
            elif sel.namespaces is None or not lenient(
                sel.namespaces, ns_labels, None if declared else {NAME_LABEL}
            ):
                continue
            if lenient(sel.pods, labels, known):
                matched.add(sid)
        return Peer(frozenset(matched), ports=ports)

    def ip_peer(self, side: str, atom: int) -> Peer:
        """An external block of the source ("src") or destination ("dst") partition as a peer."""
        return Peer(frozenset(), (self._src_in if side == "src" else self._dst_in)[atom], True)


def in_scope(ctx: Any, a: Resource, b: Resource) -> bool:
    """Whether two objects of a checked set belong together: files of one directory tree (a
    repository of unrelated projects shares namespace names), or anything with --assume-complete."""
    from k8slint.analysis.references import same_tree

    return bool(ctx.settings.assume_complete) or same_tree(a, b)


def from_context(ctx: Any) -> Connectivity:
    """The engine for an AnalysisContext, computed once per run."""
    found = ctx.memo.get("netpol")
    if found is None:
        found = ctx.memo["netpol"] = Connectivity(ctx.resources, ctx.templates)
    return found
