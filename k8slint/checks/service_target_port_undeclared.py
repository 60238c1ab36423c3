from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import selected_templates
from k8slint.analysis.workloads import ContainerKind
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items, text


class ServiceTargetPortUndeclared(ResourceRule):
    """
    ## What it finds
    A Service port whose `targetPort` is a name that no container of the selected pods declares
    with that protocol (`ports[].name`, protocol TCP unless stated). Application containers and
    sidecar init containers (`restartPolicy: Always`) count; plain init containers do not. A
    numeric `targetPort` that no container declares is a note: declaring ports is informational and
    the traffic still arrives. When the selected workload is built by a kustomization that applies
    patches (which may add the container or port), the finding is a note.

    ## Why it matters
    A named port is resolved per pod: pods that do not declare it get no endpoint for that port,
    so the Service sends nothing to them.

    ## How to fix
    Name the container port, or use its number.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: web, containerPort: 8080}]
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports: [{port: 80, targetPort: http}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: http, containerPort: 8080}]
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports: [{port: 80, targetPort: http}]
    ```
    """

    id = "service-target-port-undeclared"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Service targetPort is not a port of the selected containers"
    aliases = ("kube-score:service-targets-pod",)
    targets = frozenset({"Service"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        templates = selected_templates(ctx, resource)
        if not templates:
            return
        declared: set[tuple[str, str]] = set()
        numbers: set[tuple[int, str]] = set()
        for t in templates:
            for c in t.containers(ephemeral=False):
                if c.kind is ContainerKind.INIT:
                    continue
                for p in items(get(c.resource.raw, c.path), "ports"):
                    protocol = text(p, "protocol") or "TCP"
                    if text(p, "name"):
                        declared.add((text(p, "name") or "", protocol))
                    number = get(p, ("containerPort",))
                    if isinstance(number, int):
                        numbers.add((number, protocol))
        related = (
            RelatedRef(
                templates[0].resource,
                templates[0].spec_path,
                f"pods of {templates[0].resource.kind} {templates[0].resource.name}",
            ),
        )
        for i, port in enumerate(items(get(resource.raw, ("spec",)), "ports")):
            target = get(port, ("targetPort",))
            protocol = text(port, "protocol") or "TCP"
            path = ("spec", "ports", i, "targetPort")
            if isinstance(target, str) and not target.isdigit() and (target, protocol) not in declared:
                patched = any(t.resource.doc.file in ctx.kustomize_patched for t in templates)
                message = f'Service {resource.name} targetPort "{target}" ({protocol}) is not a port name of the selected containers'
                if patched:
                    message += " (a kustomize patch of the set may add it)"
                yield Violation(path, message, related=related, downgrade=Level.NOTE if patched else None)
            elif (
                isinstance(target, int)
                and not isinstance(target, bool)
                and numbers
                and (target, protocol) not in numbers
            ):
                yield Violation(
                    path,
                    f"Service {resource.name} targetPort {target} is not declared by the selected containers",
                    related=related,
                    downgrade=Level.NOTE,
                )
