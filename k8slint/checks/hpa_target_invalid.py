from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.analysis.workloads import pod_template
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items, text


class HpaTargetInvalid(ResourceRule):
    """
    ## What it finds
    A HorizontalPodAutoscaler that cannot work: its `scaleTargetRef` names a workload that is not
    in its namespace (an error only when its directory declares that kind there, or with
    `--assume-complete`); it scales on CPU or memory utilization while a container of the target
    has no request for that resource; or its `minReplicas` exceeds `maxReplicas`. A target that
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
        wanted = set()
        for metric in items(spec, "metrics"):
            source = get(metric, ("resource",))
            if get(metric, ("type",)) == "Resource" and get(source, ("target", "type")) == "Utilization":
                wanted.add(text(source, "name"))
        if get(spec, ("targetCPUUtilizationPercentage",)) is not None:
            wanted.add("cpu")
        for res in sorted(r for r in wanted if r):
            for c in template.containers(init=False, ephemeral=False):
                requests = get(c.resource.raw, (*c.path, "resources", "requests", res))
                limits = get(c.resource.raw, (*c.path, "resources", "limits", res))
                if requests is None and limits is None:
                    yield Violation(
                        ("spec",),
                        f"failed to get {res} utilization: missing request for {res} in container {c.name} of {kind} {name}",
                        related=related,
                    )
                    break
