from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.builders import LEADER_ANNOTATION, SKIP_MIRROR_LABEL, mirrored
from k8slint.graph.graph import EdgeKind
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class ServiceWithoutEndpoints(ResourceRule):
    """
    ## What it finds
    A Service without a selector (absent, null or `{}`; not ExternalName) for which the set has
    neither an `Endpoints` object of the same name nor an `EndpointSlice` labeled
    `kubernetes.io/service-name: <name>` in its namespace. The endpoint controllers skip a Service
    whose selector is nil (`{}` is stored as nil, so it counts as none: an inference from the
    storage round trip). Endpoints made by another controller or applied from elsewhere are
    invisible here, hence a note. Endpoints labeled `endpointslice.kubernetes.io/skip-mirror: "true"`
    or annotated `control-plane.alpha.kubernetes.io/leader` (a leader-election lock) do not count:
    kube-proxy reads EndpointSlices, and the EndpointSlice mirroring controller copies neither.

    ## Why it matters
    Without a selector, Kubernetes never adds endpoints to the Service: until something creates
    them by hand, connections to it are refused.

    ## How to fix
    Add a selector that matches the pods, or declare the Endpoints / EndpointSlice next to the
    Service (or use an ExternalName Service for an external host).

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: legacy-db
    spec:
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
    apiVersion: discovery.k8s.io/v1
    kind: EndpointSlice
    metadata:
      name: legacy-db-1
      labels: {kubernetes.io/service-name: legacy-db}
    addressType: IPv4
    ports: [{name: pg, port: 5432}]
    endpoints:
      - addresses: ["10.1.2.3"]
    ```
    """

    id = "service-without-endpoints"
    category = Category.REFERENCES
    level = Level.NOTE
    summary = "Service has no selector and no Endpoints or EndpointSlice"
    targets = frozenset({"Service"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = get(resource.raw, ("spec",))
        if resource.ref.group != "" or not isinstance(spec, dict) or spec.get("type") == "ExternalName":
            return
        selector = spec.get("selector")
        if isinstance(selector, dict) and selector:
            return
        if ctx.graph.in_edges(resource.ref, EdgeKind.BACKS):
            return
        path = ("spec", "selector") if "selector" in spec else ("spec",)
        endpoints = find(ctx, "Endpoints", resource.namespace, resource.name, near=resource)
        if endpoints is not None and not mirrored(endpoints):
            why = (
                f'labeled {SKIP_MIRROR_LABEL}: "true"'
                if endpoints.labels.get(SKIP_MIRROR_LABEL) == "true"
                else f"a leader-election lock ({LEADER_ANNOTATION})"
            )
            yield Violation(
                path,
                f"Service {resource.name} has no selector, and Endpoints {endpoints.name} is {why}: no "
                "EndpointSlice is mirrored from it and the set has none for the Service, so kube-proxy "
                "gets no endpoints and connections are refused until something else creates them",
                related=(RelatedRef(endpoints, ("metadata",), f"Endpoints {endpoints.name}"),),
            )
            return
        yield Violation(
            path,
            f"Service {resource.name} has no selector and the set has no Endpoints or EndpointSlice "
            f"for it in namespace {resource.namespace}: Kubernetes adds no endpoints, connections "
            "are refused until something else creates them",
        )
