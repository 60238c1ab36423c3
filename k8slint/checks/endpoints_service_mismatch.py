from collections.abc import Iterator
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.builders import LEADER_ANNOTATION, mirrored
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, get, items

SERVICE_NAME_LABEL = "kubernetes.io/service-name"
PortKey = tuple[str, str]


def _key(port: Any) -> PortKey:
    name, protocol = get(port, ("name",)), get(port, ("protocol",))
    return (
        name if isinstance(name, str) else "",
        protocol if isinstance(protocol, str) and protocol else "TCP",
    )


def _shown(key: PortKey) -> str:
    return f'"{key[0]}"/{key[1]}' if key[0] else f"(unnamed)/{key[1]}"


def _endpoint_ports(resource: Resource) -> tuple[set[PortKey], Path] | None:
    """The (name, protocol) pairs the object offers, and where they are; None when it lists no
    addresses at all (a placeholder something else fills)."""
    raw = resource.raw
    if resource.kind == "Endpoints":
        subsets = items(raw, "subsets")
        if not subsets:
            return None
        keys = {_key(p) for s in subsets for p in items(s, "ports")}
        return keys, ("subsets",)
    if not items(raw, "endpoints"):
        return None
    return {_key(p) for p in items(raw, "ports")}, ("ports",) if "ports" in raw else ("endpoints",)


def _glusterfs_endpoints(ctx: AnalysisContext, endpoints: Resource) -> bool:
    """Whether a glusterfs volume (of a pod template or a PersistentVolume) names these Endpoints."""
    for t in ctx.templates:
        if t.namespace == endpoints.namespace:
            for volume in items(t.raw_spec, "volumes"):
                if get(volume, ("glusterfs", "endpoints")) == endpoints.name:
                    return True
    for pv in ctx.graph.resources("PersistentVolume"):
        source = get(pv.raw, ("spec", "glusterfs"))
        namespace = get(source, ("endpointsNamespace",)) or endpoints.namespace
        if get(source, ("endpoints",)) == endpoints.name and namespace == endpoints.namespace:
            return True
    return False


class EndpointsServiceMismatch(ResourceRule):
    """
    ## What it finds
    A hand-written `Endpoints` or `EndpointSlice` that does not serve its Service:
    - its Service (same name for Endpoints; the `kubernetes.io/service-name` label for an
      EndpointSlice) is not in its namespace (a note unless the directory declares Services there
      or with `--assume-complete`), or an EndpointSlice has no such label at all;
    - the Service is of type ExternalName, which uses no endpoints;
    - an `Endpoints` object for a Service that has a selector: the endpoints controller owns it
      and overwrites it with the selected pods;
    - the ports do not line up: kube-proxy pairs a Service port with the endpoint ports of the
      same `name` and `protocol` (an unnamed single port has the name `""`), so a Service port
      without such an endpoint port gets no endpoints.
    Objects that list no addresses (placeholders filled at run time) are only checked for their
    Service; Endpoints that a glusterfs volume names need no Service. Endpoints annotated
    `control-plane.alpha.kubernetes.io/leader` are a leader-election lock, not endpoints: skipped.
    The ports of Endpoints labeled `endpointslice.kubernetes.io/skip-mirror: "true"` are not
    compared: kube-proxy reads EndpointSlices and none is mirrored from them (a selector-less
    Service they were meant for is reported by `service-without-endpoints`).

    ## Why it matters
    Connections to the Service, or to one of its ports, are refused although the endpoints seem
    to be declared.

    ## How to fix
    Name the endpoint ports exactly like the Service ports (and use the same protocol); drop the
    selector of a Service whose endpoints are managed by hand.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: legacy-db
    spec:
      ports: [{name: pg, port: 5432}]
    ---
    apiVersion: v1
    kind: Endpoints
    metadata:
      name: legacy-db
    subsets:
      - addresses: [{ip: 10.1.2.3}]
        ports: [{port: 5432}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: legacy-db
    spec:
      ports: [{name: pg, port: 5432}]
    ---
    apiVersion: v1
    kind: Endpoints
    metadata:
      name: legacy-db
    subsets:
      - addresses: [{ip: 10.1.2.3}]
        ports: [{name: pg, port: 5432}]
    ```
    """

    id = "endpoints-service-mismatch"
    category = Category.REFERENCES
    level = Level.WARNING
    summary = "Hand-written Endpoints or EndpointSlice does not serve its Service"
    targets = frozenset({"Endpoints", "EndpointSlice"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        group = resource.ref.group
        if (resource.kind, group) not in (("Endpoints", ""), ("EndpointSlice", "discovery.k8s.io")):
            return
        kind, ns = resource.kind, resource.namespace
        if kind == "Endpoints" and LEADER_ANNOTATION in resource.annotations:
            return  # a leader-election lock
        if kind == "Endpoints":
            name, name_path = resource.name, ("metadata", "name")
        else:
            label = resource.labels.get(SERVICE_NAME_LABEL)
            name, name_path = label, ("metadata", "labels", SERVICE_NAME_LABEL)
            if not isinstance(name, str) or not name:
                yield Violation(
                    ("metadata",),
                    f"EndpointSlice {resource.name} has no {SERVICE_NAME_LABEL} label: no Service uses it",
                )
                return
        service = find(ctx, "Service", ns, name, near=resource)
        if service is None and kind == "Endpoints" and _glusterfs_endpoints(ctx, resource):
            return  # a glusterfs volume reads these Endpoints directly, no Service needed
        if service is None:
            yield Violation(
                name_path,
                f"{kind} {resource.name} is for Service {name}, which is not in namespace {ns}: "
                "no Service uses these endpoints",
                downgrade=missing_level(ctx, "Service", ns, resource),
            )
            return
        spec = get(service.raw, ("spec",))
        related = (RelatedRef(service, ("spec",), f"Service {name}"),)
        if get(spec, ("type",)) == "ExternalName":
            yield Violation(
                name_path,
                f"Service {name} is of type ExternalName: it uses no endpoints, {kind} {resource.name} is ignored",
                related=related,
            )
            return
        selector = get(spec, ("selector",))
        if kind == "Endpoints" and isinstance(selector, dict) and selector:
            yield Violation(
                name_path,
                f"Service {name} has a selector, so the endpoints controller manages Endpoints {name} "
                "and overwrites these addresses with the selected pods",
                related=related,
            )
            return
        if kind == "Endpoints" and not mirrored(resource):
            return  # never mirrored into EndpointSlices: kube-proxy does not pair its ports
        offered = _endpoint_ports(resource)
        wanted = [_key(p) for p in items(spec, "ports")]
        if offered is None or not wanted:
            return
        keys, path = offered
        lacking = [k for k in wanted if k not in keys]
        if lacking:
            have = ", ".join(_shown(k) for k in sorted(keys)) or "none"
            yield Violation(
                path,
                f"{kind} {resource.name} has no port named like Service {name}'s port "
                f"{', '.join(_shown(k) for k in lacking)} (it has {have}): kube-proxy matches ports by "
                "name and protocol, so that Service port gets no endpoints",
                related=(RelatedRef(service, ("spec", "ports"), f"ports of Service {name}"),),
            )
