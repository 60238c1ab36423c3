from collections.abc import Iterator

from k8slint.analysis.admission import admit
from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.qos import qos_class
from k8slint.analysis.references import find
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, RelatedRef, Violation
from k8slint.findings import Category, Level


class QosClassChangedByLimitrange(PodTemplateRule):
    """
    ## What it finds
    A pod (or workload pod template) whose QoS class as admitted differs from the class its
    manifest alone gives, because the LimitRanger admission plugin fills in requests or limits
    from a LimitRange of the set in the pod's namespace (`default`, `defaultRequest`, or `max`
    and `min`, which a LimitRange's own defaulting turns into defaults). The manifest's class
    already counts API defaulting (a limit without a request gets request = limit).

    ## Why it matters
    The class decides the eviction order under node memory pressure and the OOM score. A pod
    written without resources (BestEffort) runs Burstable or Guaranteed once the defaults land,
    and a Burstable pod can turn Guaranteed: what the manifest suggests is not what runs.

    ## How to fix
    Set the requests and limits on the containers, so the manifest says what will run.

    ## Example
    ```yaml
    apiVersion: v1
    kind: LimitRange
    metadata:
      name: defaults
    spec:
      limits:
        - type: Container
          default: {cpu: 500m, memory: 256Mi}
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: LimitRange
    metadata:
      name: defaults
    spec:
      limits:
        - type: Container
          default: {cpu: 500m, memory: 256Mi}
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            limits: {cpu: 500m, memory: 256Mi}
    ```
    """

    id = "qos-class-changed-by-limitrange"
    category = Category.RESOURCES
    level = Level.NOTE
    summary = "LimitRange defaults change the pod's QoS class"
    preset = "default"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        pod = admit(ctx, template)
        if not pod.limit_ranges:
            return
        written, _ = qos_class(ctx, template, limit_ranges=False)
        admitted, reason = qos_class(ctx, template)
        if written is admitted:
            return
        names = ", ".join(pod.limit_ranges)
        plural = "s" if len(pod.limit_ranges) > 1 else ""
        related = tuple(
            RelatedRef(lr, ("spec", "limits"), f"LimitRange {lr.name} sets the defaults")
            for name in pod.limit_ranges
            if (lr := find(ctx, "LimitRange", template.namespace, name, template.resource)) is not None
        )
        yield Violation(
            (*template.spec_path, "containers"),
            f"the pod is {admitted.value} as admitted, not {written.value} as written: "
            f"the defaults of LimitRange{plural} {names} apply ({reason})",
            related=related,
        )
