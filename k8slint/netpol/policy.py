"""NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy objects compiled for the
engine: selectors parsed once, peers shared between identical selectors, port entries typed.

Malformed input never raises: what the API server would reject (an invalid selector, a peer with
no field or with ipBlock and selectors together, an unknown protocol) matches nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from k8slint.model.resource import Resource
from k8slint.netpol.conn import ALL, FULL, MAX_PORT, MIN_PORT, NONE, PROTOCOLS, Conn
from k8slint.netpol.ipset import CIDRError, IPSet, ip_block, parse_cidr
from k8slint.parse.sourcemap import Path, get
from k8slint.selectors import Selector, SelectorError

NP_GROUP = "networking.k8s.io"
ANP_GROUP = "policy.networking.k8s.io"
NAME_LABEL = "kubernetes.io/metadata.name"

# a container port map: port name -> ((protocol, number), ...)
PortMap = tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


@dataclass(frozen=True, slots=True)
class PeerSelector:
    """Pods matched by labels: ``namespace`` set means that namespace only (a NetworkPolicy peer
    without namespaceSelector), else the namespaces ``namespaces`` selects."""

    namespace: str | None
    namespaces: Selector | None
    pods: Selector


@dataclass(frozen=True, slots=True)
class PortEntry:
    """One port entry: a protocol with a numeric range, a name, or every port (``lo == 0``)."""

    protocol: str | None  # None: any protocol (an AdminNetworkPolicy namedPort)
    lo: int = 0
    hi: int = 0
    name: str | None = None

    def conn(self, ports: dict[str, tuple[tuple[str, int], ...]] | None) -> Conn:
        """The connections this entry allows towards a destination with container ``ports``
        (None: the destination is an IP block, where no name resolves)."""
        if self.name is not None:
            found = NONE
            for proto, number in (ports or {}).get(self.name, ()):
                if self.protocol is None or proto == self.protocol:
                    found = found | Conn.of(proto, ((number, number),))
            return found
        if self.protocol is None:
            return NONE
        if self.lo == 0:
            return Conn.of(self.protocol, FULL)
        return Conn.of(self.protocol, ((self.lo, self.hi),))


@dataclass(slots=True)
class Rule:
    index: int
    path: Path  # of the rule inside its policy
    direction: str  # "ingress" | "egress"
    action: str = "Allow"
    all_peers: bool = False  # `from`/`to` missing or empty: every source/destination
    peers: tuple[int, ...] = ()  # PeerSelector ids
    peer_paths: tuple[tuple[int, Path], ...] = ()  # (selector id, path of the peer element)
    ipblocks: tuple[int, ...] = ()  # ids in PolicySet.ipblocks
    ports: tuple[PortEntry, ...] | None = None  # None: every port and protocol
    name: str = ""

    @property
    def named_ports(self) -> bool:
        return self.ports is not None and any(p.name is not None for p in self.ports)

    def conn(self, ports: dict[str, tuple[tuple[str, int], ...]] | None) -> Conn:
        if self.ports is None:
            return ALL
        out = NONE
        for entry in self.ports:
            out = out | entry.conn(ports)
        return out


@dataclass(slots=True)
class Policy:
    kind: str  # NetworkPolicy | AdminNetworkPolicy | BaselineAdminNetworkPolicy
    resource: Resource
    namespace: str | None  # a NetworkPolicy's namespace
    subject: int | None  # PeerSelector id of the selected pods; None selects nothing
    priority: int = 0
    ingress_isolates: bool = False  # NetworkPolicy only: Ingress in its effective policyTypes
    egress_isolates: bool = False
    ingress: list[Rule] = field(default_factory=list)
    egress: list[Rule] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.resource.name

    @property
    def label(self) -> str:
        if self.kind == "NetworkPolicy":
            return f"NetworkPolicy {self.namespace}/{self.name}"
        return f"{self.kind} {self.name}"

    def rules(self, direction: str) -> list[Rule]:
        return self.ingress if direction == "ingress" else self.egress


class PolicySet:
    """Every policy of the set, with the selectors and ipBlocks they share."""

    def __init__(self) -> None:
        self.selectors: list[PeerSelector] = []
        self._selector_ids: dict[PeerSelector, int] = {}
        self.ipblocks: list[IPSet] = []
        self._ipblock_ids: dict[IPSet, int] = {}
        self.policies: list[Policy] = []
        self.named_ports: set[str] = set()
        self.warnings: list[str] = []
        self._baseline: tuple[Policy | None] | None = None

    def selector(self, sel: PeerSelector) -> int:
        sid = self._selector_ids.get(sel)
        if sid is None:
            sid = self._selector_ids[sel] = len(self.selectors)
            self.selectors.append(sel)
        return sid

    def ipblock(self, block: IPSet) -> int:
        bid = self._ipblock_ids.get(block)
        if bid is None:
            bid = self._ipblock_ids[block] = len(self.ipblocks)
            self.ipblocks.append(block)
        return bid

    @property
    def network_policies(self) -> list[Policy]:
        return [p for p in self.policies if p.kind == "NetworkPolicy"]

    @property
    def admin_policies(self) -> list[Policy]:
        return sorted(
            (p for p in self.policies if p.kind == "AdminNetworkPolicy"), key=lambda p: (p.priority, p.name)
        )

    @property
    def baseline(self) -> Policy | None:
        """The BaselineAdminNetworkPolicy: a singleton the API server accepts only under the
        name ``default``; any other is rejected and applies nowhere."""
        if self._baseline is None:
            found = [
                p for p in self.policies if p.kind == "BaselineAdminNetworkPolicy" and p.name == "default"
            ]
            self._baseline = (found[0] if found else None,)
        return self._baseline[0]

    def source_blocks(self) -> list[IPSet]:
        return self._blocks("ingress")

    def destination_blocks(self) -> list[IPSet]:
        return self._blocks("egress")

    def _blocks(self, direction: str) -> list[IPSet]:
        out: list[IPSet] = []
        for p in self.policies:
            for r in p.rules(direction):
                for b in r.ipblocks:
                    out.extend((iv,) for iv in self.ipblocks[b])
        return out


def _selector(raw: Any) -> Selector | None:
    """A LabelSelector; None when invalid."""
    try:
        return Selector.from_label_selector(raw)
    except (SelectorError, TypeError):  # TypeError: an operator that is a list or a map
        return None


EVERYTHING = Selector()


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _np_port(entry: Any, policies: PolicySet) -> PortEntry:
    """One NetworkPolicyPort. What the API server rejects matches nothing: an unknown protocol, a
    port outside 1..65535, an endPort without a numeric port, below the port or above 65535."""
    if entry is None:
        entry = {}  # a null list element decodes to an empty port: every port of TCP
    if not isinstance(entry, dict):
        return PortEntry(None)
    proto = entry.get("protocol")
    proto = "TCP" if proto is None else proto
    if proto not in PROTOCOLS:
        return PortEntry(None)
    port, end = entry.get("port"), entry.get("endPort")
    if end is not None and not (_is_int(port) and _is_int(end) and port <= end <= MAX_PORT):
        return PortEntry(None)
    if port is None:
        return PortEntry(proto)
    if _is_int(port):
        if not MIN_PORT <= port <= MAX_PORT:
            return PortEntry(None)
        return PortEntry(proto, port, port if end is None else end)
    if isinstance(port, str) and port:
        policies.named_ports.add(port)
        return PortEntry(proto, name=port)
    return PortEntry(None)


def _np_ports(raw: Any, policies: PolicySet) -> tuple[PortEntry, ...] | None:
    """None (every port and protocol) for ``ports`` missing or ``[]``; a value of another type is
    rejected by the API server and allows nothing."""
    if raw is None or raw == []:
        return None
    if not isinstance(raw, list):
        return ()
    return tuple(_np_port(entry, policies) for entry in raw)


def _np_peers(
    raw: Any, ns: str, policies: PolicySet, path: Path
) -> tuple[bool, tuple[int, ...], tuple[tuple[int, Path], ...], tuple[int, ...]]:
    if raw is None or raw == []:
        return True, (), (), ()
    if not isinstance(raw, list):
        return False, (), (), ()  # rejected by the API server: matches nothing
    peers: list[int] = []
    paths: list[tuple[int, Path]] = []
    blocks: list[int] = []
    for j, peer in enumerate(raw):
        if not isinstance(peer, dict):
            continue
        has_ip = peer.get("ipBlock") is not None
        pod_raw, ns_raw = peer.get("podSelector"), peer.get("namespaceSelector")
        if has_ip:
            if pod_raw is not None or ns_raw is not None:
                continue  # rejected: ipBlock with selectors
            ipb = peer["ipBlock"]
            if not isinstance(ipb, dict):
                continue
            try:
                block = ip_block(ipb.get("cidr"), ipb.get("except"))
            except CIDRError as exc:
                policies.warnings.append(str(exc))
                continue
            if block:
                blocks.append(policies.ipblock(block))
            continue
        if pod_raw is None and ns_raw is None:
            continue  # an empty peer is rejected
        pods = EVERYTHING if pod_raw is None else _selector(pod_raw)
        if pods is None:
            continue
        if ns_raw is None:
            sel = PeerSelector(ns, None, pods)
        else:
            spaces = _selector(ns_raw)
            if spaces is None:
                continue
            sel = PeerSelector(None, spaces, pods)
        sid = policies.selector(sel)
        peers.append(sid)
        paths.append((sid, (*path, j)))
    return False, tuple(peers), tuple(paths), tuple(blocks)


def add_network_policy(policies: PolicySet, r: Resource) -> None:
    ns = r.namespace or "default"
    spec = get(r.raw, ("spec",))
    if spec is None:
        spec = {}  # no spec: the defaults (every pod of the namespace, ingress isolated)
    elif not isinstance(spec, dict):
        return  # rejected by the API server: the object does not exist
    raw_sel = spec.get("podSelector")
    subject_sel = EVERYTHING if raw_sel is None else _selector(raw_sel)
    subject = None if subject_sel is None else policies.selector(PeerSelector(ns, None, subject_sel))
    types = spec.get("policyTypes")
    egress_raw = spec.get("egress")
    if isinstance(types, list) and types:
        ingress_on, egress_on = "Ingress" in types, "Egress" in types
    else:
        ingress_on, egress_on = True, isinstance(egress_raw, list) and len(egress_raw) > 0
    policy = Policy("NetworkPolicy", r, ns, subject, ingress_isolates=ingress_on, egress_isolates=egress_on)
    for direction, key in (("ingress", "from"), ("egress", "to")):
        rules_raw = spec.get(direction)
        for i, rule in enumerate(rules_raw if isinstance(rules_raw, list) else []):
            path: Path = ("spec", direction, i)
            if rule is None:
                rule = {}  # a null element decodes to an empty rule: it allows everything
            elif not isinstance(rule, dict):
                # rejected by the API server: the rule allows nothing
                policy.rules(direction).append(Rule(i, path, direction, "Allow", False, ports=()))
                continue
            all_peers, peers, paths, blocks = _np_peers(rule.get(key), ns, policies, (*path, key))
            ports = _np_ports(rule.get("ports"), policies)
            policy.rules(direction).append(
                Rule(i, path, direction, "Allow", all_peers, peers, paths, blocks, ports)
            )
    policies.policies.append(policy)
    policies._baseline = None


def _anp_selector(raw: Any) -> tuple[Selector, Selector] | None:
    """An ANP subject or peer: {namespaces: sel} or {pods: {namespaceSelector, podSelector}}."""
    if not isinstance(raw, dict):
        return None
    if raw.get("namespaces") is not None:
        spaces = _selector(raw.get("namespaces"))
        return None if spaces is None else (spaces, EVERYTHING)
    pods = raw.get("pods")
    if isinstance(pods, dict):
        spaces, labels = _selector(pods.get("namespaceSelector")), _selector(pods.get("podSelector"))
        if spaces is None or labels is None:
            return None
        return spaces, labels
    return None


def _anp_ports(raw: Any, policies: PolicySet) -> tuple[PortEntry, ...] | None:
    if not isinstance(raw, list) or not raw:
        return None
    out: list[PortEntry] = []
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("portNumber"), dict):
            pn = entry["portNumber"]
            proto, port = pn.get("protocol") or "TCP", pn.get("port")
            ok = proto in PROTOCOLS and isinstance(port, int) and MIN_PORT <= port <= MAX_PORT
            out.append(PortEntry(proto, port, port) if ok else PortEntry(None))
        elif isinstance(entry.get("namedPort"), str):
            policies.named_ports.add(entry["namedPort"])
            out.append(PortEntry(None, name=entry["namedPort"]))
        elif isinstance(entry.get("portRange"), dict):
            pr = entry["portRange"]
            proto, lo, hi = pr.get("protocol") or "TCP", pr.get("start"), pr.get("end")
            ok = (
                proto in PROTOCOLS
                and isinstance(lo, int)
                and isinstance(hi, int)
                and 1 <= lo <= hi <= MAX_PORT
            )
            out.append(PortEntry(proto, lo, hi) if ok else PortEntry(None))
        else:
            out.append(PortEntry(None))
    return tuple(out)


def add_admin_policy(policies: PolicySet, r: Resource) -> None:
    spec = get(r.raw, ("spec",))
    if spec is None:
        spec = {}  # no spec: the defaults (every pod of the namespace, ingress isolated)
    elif not isinstance(spec, dict):
        return  # rejected by the API server: the object does not exist
    subj = _anp_selector(spec.get("subject"))
    subject = None if subj is None else policies.selector(PeerSelector(None, subj[0], subj[1]))
    priority = spec.get("priority")
    priority = priority if isinstance(priority, int) and not isinstance(priority, bool) else 1000
    policy = Policy(r.kind, r, None, subject, priority=priority)
    actions = ("Allow", "Deny", "Pass") if r.kind == "AdminNetworkPolicy" else ("Allow", "Deny")
    for direction, key in (("ingress", "from"), ("egress", "to")):
        rules_raw = spec.get(direction)
        for i, rule in enumerate(rules_raw if isinstance(rules_raw, list) else []):
            if not isinstance(rule, dict) or rule.get("action") not in actions:
                continue  # rejected by the API server's schema
            path: Path = ("spec", direction, i)
            peers: list[int] = []
            paths: list[tuple[int, Path]] = []
            blocks: list[int] = []
            raw_peers = rule.get(key)
            for j, peer in enumerate(raw_peers if isinstance(raw_peers, list) else []):
                if (
                    isinstance(peer, dict)
                    and direction == "egress"
                    and isinstance(peer.get("networks"), list)
                ):
                    for cidr in peer["networks"]:
                        try:
                            blocks.append(policies.ipblock(parse_cidr(cidr)))
                        except CIDRError as exc:
                            policies.warnings.append(str(exc))
                    continue
                sel = _anp_selector(peer)
                if sel is None:
                    continue  # nodes, domainNames (not modelled) or invalid
                sid = policies.selector(PeerSelector(None, sel[0], sel[1]))
                peers.append(sid)
                paths.append((sid, (*path, key, j)))
            ports = _anp_ports(rule.get("ports"), policies)
            name = rule.get("name") if isinstance(rule.get("name"), str) else ""
            policy.rules(direction).append(
                Rule(
                    i,
                    path,
                    direction,
                    rule["action"],
                    False,
                    tuple(peers),
                    tuple(paths),
                    tuple(blocks),
                    ports,
                    name,
                )
            )
    policies.policies.append(policy)
    policies._baseline = None


def compile_policies(resources: list[Resource]) -> PolicySet:
    policies = PolicySet()
    for r in resources:
        group = r.ref.group
        if r.kind == "NetworkPolicy" and group == NP_GROUP:
            add_network_policy(policies, r)
        elif (
            r.kind in ("AdminNetworkPolicy", "BaselineAdminNetworkPolicy")
            and group == ANP_GROUP
            and r.api_version.endswith("/v1alpha1")
        ):
            add_admin_policy(policies, r)
    return policies
