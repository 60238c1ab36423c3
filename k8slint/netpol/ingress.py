"""The ``{ingress-controller}`` peer, as np-guard's netpol-analyzer models it: a pod without
labels in namespace ``ingress-controller-ns`` that reaches the workloads behind the Services an
Ingress (networking.k8s.io/v1) or OpenShift Route names, on the TCP container ports those
Services forward to, as far as the NetworkPolicies let it in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from k8slint.graph.builders import runtime_labels
from k8slint.netpol.conn import NONE, Conn
from k8slint.netpol.policy import NAME_LABEL
from k8slint.parse.sourcemap import get, items
from k8slint.selectors import Selector, SelectorError

if TYPE_CHECKING:
    from k8slint.netpol.engine import Connectivity, Peer, Workload

INGRESS_CONTROLLER = "{ingress-controller}"
INGRESS_CONTROLLER_NS = "ingress-controller-ns"

Port = int | str | None  # a required Service port: number, name, or any


def _backend(raw: Any) -> tuple[str, Port] | None:
    service = get(raw, ("service",))
    if not isinstance(service, dict) or not isinstance(service.get("name"), str):
        return None
    port = service.get("port")
    if isinstance(port, dict):
        if isinstance(port.get("name"), str) and port["name"]:
            return service["name"], port["name"]
        number = port.get("number")
        if isinstance(number, int) and not isinstance(number, bool):
            return service["name"], number
    return service["name"], None


def backends(conn: Connectivity) -> list[tuple[str, str, Port]]:
    """(namespace, Service name, required port) of every Ingress and Route backend."""
    out: list[tuple[str, str, Port]] = []
    for r in conn.resources:
        ns = r.namespace or "default"
        if r.kind == "Ingress" and r.ref.group == "networking.k8s.io":
            spec = get(r.raw, ("spec",))
            found = _backend(get(spec, ("defaultBackend",)))
            if found:
                out.append((ns, *found))
            for rule in items(spec, "rules"):
                for path in items(get(rule, ("http",)), "paths"):
                    found = _backend(get(path, ("backend",)))
                    if found:
                        out.append((ns, *found))
        elif r.kind == "Route" and r.ref.group == "route.openshift.io":
            spec = get(r.raw, ("spec",))
            target = get(spec, ("port", "targetPort"))
            port: Port = target if isinstance(target, int | str) and not isinstance(target, bool) else None
            for to in [get(spec, ("to",)), *items(spec, "alternateBackends")]:
                if (
                    isinstance(to, dict)
                    and to.get("kind") in (None, "", "Service")
                    and isinstance(to.get("name"), str)
                ):
                    out.append((ns, to["name"], port))
    return out


def _access_ports(service: Any, required: Port) -> list[int | str]:
    """The pod ports a Service port reached by ``required`` forwards to (every port's when
    ``required`` is None): targetPort, else port."""
    out: list[int | str] = []
    for sp in items(get(service, ("spec",)), "ports"):
        if not isinstance(sp, dict):
            continue
        target = sp.get("targetPort")
        access = target if target not in (None, 0, "") else sp.get("port")
        if not isinstance(access, int | str) or isinstance(access, bool):
            continue
        if required is None:
            out.append(access)
        elif (
            (isinstance(required, str) and sp.get("name") == required)
            or (isinstance(required, int) and sp.get("port") == required)
            or target == required
        ):
            return [access]
    return out


def _exposed_tcp(w: Workload) -> set[int]:
    ports: set[int] = set()
    containers = get(w.templates[0].raw_spec, ("containers",))
    for c in containers if isinstance(containers, list) else []:
        for p in items(c, "ports") if isinstance(c, dict) else []:
            if isinstance(p, dict) and (p.get("protocol") or "TCP") == "TCP":
                number = p.get("containerPort")
                if isinstance(number, int) and not isinstance(number, bool):
                    ports.add(number)
    return ports


def controller_peer(conn: Connectivity) -> Peer:
    """The ingress controller as rules see it: no pod labels, its namespace's labels."""
    from k8slint.netpol.engine import Peer

    ns_labels = conn.namespace_labels.get(INGRESS_CONTROLLER_NS, {NAME_LABEL: INGRESS_CONTROLLER_NS})
    matched = set()
    for sid, sel in enumerate(conn.policies.selectors):
        if sel.namespace is not None:
            ok = sel.namespace == INGRESS_CONTROLLER_NS
        else:
            ok = sel.namespaces is not None and sel.namespaces.matches(ns_labels)
        if ok and sel.pods.matches({}):
            matched.add(sid)
    return Peer(frozenset(matched))


def service_ports(conn: Connectivity) -> dict[str, Conn]:
    """Workload peer name -> the TCP ports the Ingress and Route backends lead to on it (before
    any policy)."""
    wanted = backends(conn)
    if not wanted:
        return {}
    services = {
        (r.namespace or "default", r.name): r
        for r in conn.resources
        if r.kind == "Service" and r.ref.group == ""
    }
    out: dict[str, Conn] = {}
    for ns, name, required in wanted:
        svc = services.get((ns, name))
        if svc is None:
            continue
        try:
            selector = Selector.from_map(get(svc.raw, ("spec", "selector")))
        except SelectorError:
            continue
        for w in conn.workloads.values():
            if w.namespace != ns or not any(
                selector.matches(labels) for t in w.templates for labels in runtime_labels(t)
            ):
                continue
            exposed = _exposed_tcp(w)
            ports = NONE
            for access in _access_ports(svc.raw, required):
                if isinstance(access, str):
                    if access.isdigit():
                        access = int(access)
                    else:
                        named = [n for p, n in w.ports.get(access, ()) if p == "TCP"]
                        if not named:
                            continue
                        access = named[0]
                if access in exposed:
                    ports = ports | Conn.of("TCP", ((access, access),))
            if not ports.empty:
                out[w.name] = out.get(w.name, NONE) | ports
    return out


def connections(conn: Connectivity) -> dict[str, Conn]:
    """Workload peer name -> what the ingress controller reaches on it."""
    wanted = service_ports(conn)
    if not wanted:
        return {}
    peer = controller_peer(conn)
    out: dict[str, Conn] = {}
    for name, ports in wanted.items():
        w = conn.workloads[name]
        allowed = NONE
        for cid in w.classes:
            allowed = allowed | conn.evaluate(conn.classes[cid], "ingress", peer)
        result = ports & allowed
        if not result.empty:
            out[name] = result
    return out
