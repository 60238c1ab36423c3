from collections.abc import Iterator

from k8slint.analysis.admission import admit
from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.analysis.workloads import ContainerKind, pod_template
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items, text


class HpaTargetInvalid(ResourceRule):
    """
    ## What it finds
    A HorizontalPodAutoscaler that cannot work: its `scaleTargetRef` names a workload that is not
    in its namespace (an error only when its directory declares that kind there, or with
    `--assume-complete`); it scales on CPU or memory utilization (a `Resource` or
    `ContainerResource` metric; no metrics at all means CPU at 80%) while a container or sidecar
    of the target has no request for that resource once admitted (its own, defaulted from its
    limit, a LimitRange default, or a pod-level request); or its `minReplicas` exceeds
    `maxReplicas`. A target that
    also pins `spec.replicas` gets a note: every apply resets the autoscaler's count.

    ## Why it matters
    The HPA reports `failed to get cpu utilization: missing request for cpu` and never scales, or
    fights the manifest on every deploy.

    ## How to fix
    Point at the right workload, give every container the request, drop `spec.replicas`.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: "nginx:1.27"}]
    ---
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata:
      name: web
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
      minReplicas: 2
      maxReplicas: 10
      metrics:
        - type: Resource
          resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
    ```

    ## Use instead
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - name: web
              image: nginx:1.27
              resources: {requests: {cpu: 100m}}
    ---
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata:
      name: web
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
      minReplicas: 2
      maxReplicas: 10
      metrics:
        - type: Resource
          resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
    ```
    """

    id = "hpa-target-invalid"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "HorizontalPodAutoscaler cannot scale its target"
    aliases = (
        "kube-linter:dangling-horizontalpodautoscaler",
        "kube-score:horizontalpodautoscaler-has-target",
    )
    targets = frozenset({"HorizontalPodAutoscaler"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = get(resource.raw, ("spec",))
        low, high = get(spec, ("minReplicas",), 1), get(spec, ("maxReplicas",))
        if isinstance(low, int) and isinstance(high, int) and low > high:
            yield Violation(("spec", "minReplicas"), f"minReplicas {low} is greater than maxReplicas {high}")
        kind, name = (
            text(get(spec, ("scaleTargetRef",)), "kind"),
            text(get(spec, ("scaleTargetRef",)), "name"),
        )
        if not kind or not name:
            return
        target = find(ctx, kind, resource.namespace, name, near=resource)
        if target is None:
            yield Violation(
                ("spec", "scaleTargetRef"),
                f"scale target {kind} {name} is not in namespace {resource.namespace}",
                downgrade=missing_level(ctx, kind, resource.namespace, resource),
            )
            return
        related = (RelatedRef(target, ("metadata", "name"), f"{kind} {name}"),)
        if get(target.raw, ("spec", "replicas")) is not None:
            yield Violation(
                ("spec", "scaleTargetRef"),
                f"{kind} {name} also sets spec.replicas: every apply resets the autoscaler's count",
                related=related,
                downgrade=Level.NOTE,
            )
        template = pod_template(target)
        if template is None:
            return
        admitted = admit(ctx, template)
        for res, container in _utilization_metrics(resource):
            if container is None and res in admitted.pod_requests and admitted.pod_requests[res].positive:
                continue  # a pod-level request serves a Resource metric
            counted = [
                c
                for c in admitted.containers
                if c.view.kind in (ContainerKind.CONTAINER, ContainerKind.SIDECAR)
                and (container is None or c.view.name == container)
            ]
            if container is not None and not counted:
                yield Violation(
                    ("spec", "metrics"),
                    f"failed to get {res} utilization: container {container} not present in the pods of {kind} {name}",
                    related=related,
                )
                continue
            for c in counted:
                if not (res in c.requests and c.requests[res].positive):
                    yield Violation(
                        ("spec", "metrics") if get(spec, ("metrics",)) else ("spec",),
                        f"failed to get {res} utilization: missing request for {res} in {c.label} of {kind} {name}",
                        related=related,
                    )
                    break


def _utilization_metrics(hpa: Resource) -> list[tuple[str, str | None]]:
    """(resource, container or None) of every utilization metric, with the API's default: no
    metrics (autoscaling/v2) or no targetCPUUtilizationPercentage (v1) means cpu at 80%."""
    spec = get(hpa.raw, ("spec",))
    if hpa.api_version == "autoscaling/v1":
        return [("cpu", None)]
    metrics = items(spec, "metrics")
    if not metrics:
        return [("cpu", None)]
    found: list[tuple[str, str | None]] = []
    for metric in metrics:
        kind = get(metric, ("type",))
        if kind == "Resource":
            source = get(metric, ("resource",))
            if get(source, ("target", "type")) == "Utilization" and text(source, "name"):
                found.append((text(source, "name") or "", None))
        elif kind == "ContainerResource":
            source = get(metric, ("containerResource",))
            if (
                get(source, ("target", "type")) == "Utilization"
                and text(source, "name")
                and text(source, "container")
            ):
                found.append((text(source, "name") or "", text(source, "container")))
    return sorted(set(found), key=lambda f: (f[0], f[1] or ""))
