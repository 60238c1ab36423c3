from collections.abc import Iterator

from pydantic import Field

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.qos import QOSClass, qos_class
from k8slint.analysis.references import BUILTIN_PRIORITY_CLASSES, find
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, RelatedRef, RuleOptions, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, text


class CriticalPodOptions(RuleOptions):
    threshold: int = Field(
        1000000000, description="A PriorityClass value at or above which a pod counts as critical."
    )


class CriticalPodNotGuaranteed(PodTemplateRule):
    """
    ## What it finds
    A pod (or workload pod template) with a critical priority that is not of the Guaranteed QoS
    class as admitted (after API and LimitRange defaults). Critical means the built-in
    `system-cluster-critical` or `system-node-critical` PriorityClass, or a PriorityClass of
    the set whose `value` is at least the `threshold` option (default 1000000000, the highest
    value a user-defined class may have).

    ## Why it matters
    Under node memory pressure the kubelet first evicts pods whose usage exceeds their requests,
    whatever their priority; a Burstable pod can exceed its requests, a BestEffort pod has
    none. Outside `system-node-critical` (whose containers get the OOM score adjustment -997
    anyway), the kernel's OOM killer also ranks Burstable and BestEffort containers first.

    ## How to fix
    Give every container, init containers included, cpu and memory limits equal to its requests
    (setting only the limits is enough: the requests default to them).

    ## Options
    - `threshold` (integer, default 1000000000).

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: agent
    spec:
      priorityClassName: system-cluster-critical
      containers:
        - name: agent
          image: agent:1.0
          resources:
            requests: {cpu: 100m, memory: 64Mi}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: agent
    spec:
      priorityClassName: system-cluster-critical
      containers:
        - name: agent
          image: agent:1.0
          resources:
            limits: {cpu: 100m, memory: 64Mi}
    ```
    """

    id = "critical-pod-not-guaranteed"
    category = Category.RESOURCES
    level = Level.WARNING
    summary = "Critical-priority pod is not of the Guaranteed QoS class"
    preset = "default"
    Options = CriticalPodOptions

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        assert isinstance(self.options, CriticalPodOptions)
        name = text(template.raw_spec, "priorityClassName")
        if not name:
            return
        related: tuple[RelatedRef, ...] = ()
        if name not in BUILTIN_PRIORITY_CLASSES:
            pc = find(ctx, "PriorityClass", None, name, template.resource)
            if pc is None:
                return  # missing-priority-class reports it
            value = get(pc.raw, ("value",))
            if not isinstance(value, int) or isinstance(value, bool) or value < self.options.threshold:
                return
            related = (RelatedRef(pc, ("value",), f"PriorityClass {name} has value {value}"),)
        cls, reason = qos_class(ctx, template)
        if cls is QOSClass.GUARANTEED:
            return
        yield Violation(
            (*template.spec_path, "priorityClassName"),
            f"the pod has the critical PriorityClass {name} but is {cls.value} ({reason}), not Guaranteed: "
            "under node memory pressure it can be evicted before pods of lower priority",
            related=related,
        )
