"""``k8slint netpol --explain SRC DST``: which policies and rules allow or deny a connection."""

from __future__ import annotations

from dataclasses import dataclass

from k8slint.netpol.conn import ALL, NONE, PROTOCOLS, Conn
from k8slint.netpol.engine import Connectivity, Peer, PodClass, Step, Workload
from k8slint.netpol.ingress import INGRESS_CONTROLLER, controller_peer, service_ports
from k8slint.netpol.ipset import block_text, contains_ip
from k8slint.netpol.policy import Policy, Rule
from k8slint.parse.sourcemap import Path, locate


class ExplainError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    workload: Workload | None = None
    atom: int | None = None  # index of an external block (source or destination side)


def where(policy: Policy, path: Path = ()) -> str:
    line, _, _ = locate(policy.resource.raw, path)
    return f"{policy.resource.doc.file}:{line}"


def resolve(conn: Connectivity, text: str, side: str) -> Endpoint:
    """A workload (``ns/name[Kind]``, ``ns/name`` or ``name`` when unique) or an IPv4 address or
    block of the ``side`` ("src" or "dst") partition."""
    if text in conn.workloads:
        return Endpoint(text, conn.workloads[text])
    if text == INGRESS_CONTROLLER and side == "src":
        return Endpoint(text)
    candidates = [
        w
        for w in conn.workloads.values()
        if text in (f"{w.namespace}/{w.short.split('[')[0]}", w.short.split("[")[0], w.short)
    ]
    if len(candidates) == 1:
        return Endpoint(candidates[0].name, candidates[0])
    if len(candidates) > 1:
        names = ", ".join(sorted(w.name for w in candidates))
        raise ExplainError(f"{text} is ambiguous: {names}")
    blocks = conn.source_blocks if side == "src" else conn.destination_blocks
    first = text.removesuffix("[External]").split("-")[0].split(",")[0].strip()
    for i, b in enumerate(blocks):
        if contains_ip(b, first):
            return Endpoint(block_text(b) + "[External]", atom=i)
    raise ExplainError(f"no workload or IPv4 address {text!r} in the set")


def parse_port(text: str | None, dst: Endpoint) -> tuple[str, int] | None:
    """``80``, ``udp/53``, ``53/udp`` or a named port of the destination."""
    if text is None:
        return None
    parts = text.replace(":", "/").split("/")
    proto, number = "TCP", None
    for p in parts:
        if p.upper() in PROTOCOLS:
            proto = p.upper()
        elif p.isdigit():
            number = int(p)
        else:
            w = dst.workload
            found = (w.ports if w is not None else {}).get(p, ())
            if not found:
                raise ExplainError(f"port {p!r}: not a number and not a named port of {dst.name}")
            proto, number = found[0]
    if number is None or not 1 <= number <= 65535:
        raise ExplainError(f"invalid port {text!r}")
    return proto, number


def _rule_text(policy: Policy, rule: Rule) -> str:
    kind = f"{rule.direction} rule {rule.index}"
    if rule.name:
        kind += f" ({rule.name})"
    return f"{policy.label} {kind} at {where(policy, rule.path)}"


def _side(
    conn: Connectivity, cls: PodClass | None, direction: str, peer: Peer, label: str
) -> tuple[Conn, list[str]]:
    lines: list[str] = []
    verb = "Egress from" if direction == "egress" else "Ingress to"
    lines.append(f"{verb} {label}:")
    if cls is None:
        lines.append("  an external address: never isolated")
        return ALL, lines
    if not cls.restricted(direction):
        lines.append(
            f"  not isolated for {direction}: no NetworkPolicy with {direction.capitalize()} in its policyTypes"
        )
        lines.append("  selects it, and no admin network policy applies")
        lines.append("  => All Connections")
        return ALL, lines
    trace: list[Step] = []
    result = conn.evaluate(cls, direction, peer, trace)
    ps = conn.policies
    for idx in cls.admin[direction]:
        p = ps.policies[idx]
        lines.append(f"  {p.label} (priority {p.priority}) at {where(p)} selects it")
    if cls.baseline[direction] and not cls.np[direction] and ps.baseline is not None:
        lines.append(
            f"  no NetworkPolicy isolates it for {direction}: {ps.baseline.label} at {where(ps.baseline)} applies"
        )
    if cls.np[direction]:
        lines.append(f"  isolated for {direction} by:")
        for idx in cls.np[direction]:
            p = ps.policies[idx]
            lines.append(f"    {p.label} at {where(p)}")
    for step in trace:
        if step.rule is None or step.policy is None:
            if step.verdict == "open":
                lines.append(f"  no NetworkPolicy isolates it: the rest is allowed: {step.conn}")
            continue
        text = _rule_text(step.policy, step.rule)
        if step.verdict == "allow":
            lines.append(f"  allowed by {text}: {step.conn}")
            hint = _separate_peers(conn, step.policy, step.rule)
            if hint:
                lines.append(f"    note: {hint}")
        elif step.verdict == "deny":
            lines.append(f"  denied by {text}: {step.conn}")
        elif step.verdict == "pass":
            lines.append(f"  passed to NetworkPolicies by {text}: {step.conn}")
        else:
            lines.append(f"  {text} matches the peer but none of its ports apply")
    if cls.np[direction]:
        matched = {id(s.rule) for s in trace if s.rule is not None}
        for idx in cls.np[direction]:
            p = ps.policies[idx]
            rules = p.rules(direction)
            if not rules:
                lines.append(f"  {p.label} has no {direction} rules: it allows nothing")
            for rule in rules:
                if id(rule) not in matched:
                    side = "source" if direction == "ingress" else "destination"
                    lines.append(f"  {_rule_text(p, rule)} does not select the {side}")
                    hint = _separate_peers(conn, p, rule)
                    if hint:
                        lines.append(f"    note: {hint}")
    lines.append(f"  => {result}")
    return result, lines


def _separate_peers(conn: Connectivity, policy: Policy, rule: Rule) -> str | None:
    sels = [conn.policies.selectors[s] for s in rule.peers]
    ns_only = any(s.namespace is None and s.pods.everything for s in sels)
    pod_only = any(s.namespace is not None for s in sels)
    if policy.kind == "NetworkPolicy" and ns_only and pod_only:
        return (
            "its peers list a namespaceSelector and a podSelector as separate elements (OR: the podSelector "
            "only selects pods of the policy's own namespace); one element with both keys selects those pods "
            "in those namespaces (AND)"
        )
    return None


def explain(conn: Connectivity, src_text: str, dst_text: str, port_text: str | None) -> str:
    src = resolve(conn, src_text, "src")
    dst = resolve(conn, dst_text, "dst")
    port = parse_port(port_text, dst)
    if src.workload is None and dst.workload is None:
        raise ExplainError("at least one end must be a workload")
    out: list[str] = []
    if src.name == dst.name:
        out.append(f"{src.name} => {dst.name}: a pod can always reach itself: All Connections")
        return "\n".join(out) + "\n"
    src_classes = src.workload.classes if src.workload else [None]
    dst_classes = dst.workload.classes if dst.workload else [None]
    total = NONE
    sections: list[str] = []
    if src.name == INGRESS_CONTROLLER and dst.workload is not None:
        # what the Ingress objects lead to, before the policies: the ports the Services forward to
        dst_classes = dst.workload.classes
    for a in src_classes:
        for b in dst_classes:
            ca = conn.classes[a] if a is not None else None
            cb = conn.classes[b] if b is not None else None
            dpeer = cb.peer() if cb is not None else conn.ip_peer("dst", dst.atom or 0)
            speer = ca.peer() if ca is not None else conn.ip_peer("src", src.atom or 0)
            if src.name == INGRESS_CONTROLLER:
                speer = controller_peer(conn)
            e, elines = _side(conn, ca, "egress", dpeer, src.name)
            if src.name == INGRESS_CONTROLLER:
                e = service_ports(conn).get(dst.name, NONE)
                elines = [
                    f"Egress from {INGRESS_CONTROLLER}:",
                    "  the Services that Ingress and Route objects name forward to these declared TCP container "
                    f"ports of {dst.name}: {e}",
                    f"  => {e}",
                ]
            i, ilines = _side(conn, cb, "ingress", speer, dst.name)
            pair = e & i
            total = total | pair
            if len(src_classes) * len(dst_classes) > 1:
                sections.append(
                    f"-- pods with labels {_labels(ca)} => pods with labels {_labels(cb)}: {pair}"
                )
            sections.extend(elines)
            sections.extend(ilines)
    out.append(f"{src.name} => {dst.name} : {total}")
    if port is not None:
        verdict = "allowed" if total.allows(*port) else "denied"
        out.append(f"{port[0]} {port[1]}: {verdict}")
    if len(src_classes) * len(dst_classes) > 1:
        out.append("the pods of a workload differ here: the result is the union over the pod pairs below")
    out.append("")
    out.extend(sections)
    out.append("")
    out.append("A connection needs both egress at the source and ingress at the destination.")
    return "\n".join(out) + "\n"


def _labels(cls: PodClass | None) -> str:
    if cls is None:
        return "(external)"
    return ",".join(f"{k}={v}" for k, v in sorted(cls.labels.items())) or "(none)"
