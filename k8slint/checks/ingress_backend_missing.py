from collections.abc import Iterator
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, get, items, text


def _backends(raw: Any) -> Iterator[tuple[Path, Any]]:
    spec = get(raw, ("spec",))
    for key in ("defaultBackend", "backend"):
        if isinstance(get(spec, (key,)), dict):
            yield ("spec", key), spec[key]
    for i, rule in enumerate(items(spec, "rules")):
        for j, path in enumerate(items(get(rule, ("http",)), "paths")):
            if isinstance(get(path, ("backend",)), dict):
                yield ("spec", "rules", i, "http", "paths", j, "backend"), path["backend"]


def _knative_service(ctx: AnalysisContext, namespace: str | None, name: str) -> bool:
    """A Knative Service or Route of that name: its route reconciler creates a core Service so
    named (an ExternalName placeholder)."""
    return any(
        r.ref.group == "serving.knative.dev"
        and r.kind in ("Service", "Route")
        and r.name == name
        and (r.namespace or "default") == (namespace or "default")
        for r in ctx.resources
    )


class IngressBackendMissing(ResourceRule):
    """
    ## What it finds
    An Ingress backend whose Service is not in the set (in the Ingress's namespace), or whose port
    (`port.number` or `port.name`; `servicePort` in the old API) is not a port of that Service.
    The port names the Service port, not the container's targetPort. A missing Service is an error
    only when the Ingress's directory declares Services in that namespace (or with
    `--assume-complete`).

    A Knative `Service` or `Route` of that name counts as the Service (Knative creates a
    placeholder Service). A port that only matches a Service port's `targetPort` is a note:
    ingress-nginx resolves it, the Ingress API and other controllers do not.

    ## Why it matters
    The ingress controller has nowhere to send the request and answers 503.

    ## How to fix
    Point the backend at an existing Service and one of its ports.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports: [{name: http, port: 80, targetPort: 8080}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      defaultBackend:
        service: {name: web, port: {number: 8080}}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports: [{name: http, port: 80, targetPort: 8080}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      defaultBackend:
        service: {name: web, port: {number: 80}}
    ```
    """

    id = "ingress-backend-missing"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Ingress routes to a Service or port that does not exist"
    aliases = ("kube-linter:dangling-ingress", "kube-score:ingress-targets-service")
    targets = frozenset({"Ingress"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        for path, backend in _backends(resource.raw):
            name = text(get(backend, ("service",)), "name") or text(backend, "serviceName")
            if not name:
                continue
            port = get(backend, ("service", "port", "number"))
            port = port if port is not None else get(backend, ("service", "port", "name"))
            port = port if port is not None else get(backend, ("servicePort",))
            if not isinstance(port, (int, str)) or isinstance(port, bool):
                port = None  # not a port: the schema rules report it
            service = find(ctx, "Service", resource.namespace, name, near=resource)
            if service is None and _knative_service(ctx, resource.namespace, name):
                continue  # Knative creates a placeholder Service of that name
            if service is None:
                yield Violation(
                    path,
                    f'Ingress {resource.name} routes to Service "{name}", which is not in namespace {resource.namespace}',
                    downgrade=missing_level(ctx, "Service", resource.namespace, resource),
                )
                continue
            ports = items(get(service.raw, ("spec",)), "ports")
            if get(service.raw, ("spec", "type")) == "ExternalName" or port is None:
                continue
            known = {str(get(p, ("port",))) for p in ports} | {str(get(p, ("name",))) for p in ports}
            if str(port) not in known:
                targets = {str(get(p, ("targetPort",))) for p in ports}
                shown = ", ".join(
                    str(get(p, ("port",))) + (f" ({get(p, ('name',))})" if get(p, ("name",)) else "")
                    for p in ports
                )
                message = f"Ingress {resource.name} uses port {port} of Service {name}, which has ports {shown or 'none'}"
                if str(port) in targets:
                    message += " (it is a targetPort: ingress-nginx accepts that, other controllers do not)"
                yield Violation(
                    path,
                    message,
                    related=(RelatedRef(service, ("spec", "ports"), f"ports of Service {name}"),),
                    downgrade=Level.NOTE if str(port) in targets else None,
                )
