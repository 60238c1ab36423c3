import os
from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import GraphRule, RelatedRef, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, dotted, get, items


def _node_ports(service: Resource) -> Iterator[tuple[int, Path]]:
    """Each node port the Service asks for, once (a Service may use one number for TCP and UDP)."""
    spec = get(service.raw, ("spec",))
    if get(spec, ("type",)) not in ("NodePort", "LoadBalancer"):
        return  # other types may not set node ports: invalid-service reports them
    seen: set[int] = set()
    for i, port in enumerate(items(spec, "ports")):
        number = get(port, ("nodePort",))
        if isinstance(number, int) and not isinstance(number, bool) and number > 0 and number not in seen:
            seen.add(number)
            yield number, ("spec", "ports", i, "nodePort")
    health = get(spec, ("healthCheckNodePort",))
    if isinstance(health, int) and not isinstance(health, bool) and health > 0 and health not in seen:
        yield health, ("spec", "healthCheckNodePort")


class ServiceNodePortConflict(GraphRule):
    """
    ## What it finds
    Two Services that ask for the same `nodePort` (or `healthCheckNodePort`): node ports are
    allocated cluster-wide by number, whatever the namespace or protocol (one Service may use a
    number for both TCP and UDP). Every Service after the first, in file order, is reported.
    Only Services of one directory are compared, since unrelated examples often reuse a port,
    unless `--assume-complete` says the set is one cluster. Two declarations of the same Service
    (same namespace and name) are not a conflict: the second replaces the first.

    ## Why it matters
    The API server rejects the second Service:
    `spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated`.

    ## How to fix
    Give each Service its own node port, or leave `nodePort` out and let Kubernetes pick one.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      type: NodePort
      selector: {app: web}
      ports: [{port: 80, nodePort: 30080}]
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: api
    spec:
      type: NodePort
      selector: {app: api}
      ports: [{port: 80, nodePort: 30080}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      type: NodePort
      selector: {app: web}
      ports: [{port: 80, nodePort: 30080}]
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: api
    spec:
      type: NodePort
      selector: {app: api}
      ports: [{port: 80, nodePort: 30081}]
    ```
    """

    id = "service-node-port-conflict"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Two Services ask for the same node port"
    preset = "minimal"

    def check(self, ctx: AnalysisContext) -> Iterator[Violation]:
        first: dict[tuple[str | None, int], tuple[Resource, Path]] = {}
        for service in ctx.graph.resources("Service"):
            if service.ref.group != "":
                continue
            where = None if ctx.settings.assume_complete else os.path.dirname(service.doc.file)
            for number, path in _node_ports(service):
                owner = first.setdefault((where, number), (service, path))
                other, other_path = owner
                if other is service or other.ref == service.ref:
                    continue
                yield Violation(
                    path,
                    f"{dotted(path)}: Invalid value: {number}: provided port is already allocated "
                    f"(Service {other.ref.namespace}/{other.name} asks for it)",
                    resource=service,
                    related=(RelatedRef(other, other_path, f"node port {number} of Service {other.name}"),),
                )
