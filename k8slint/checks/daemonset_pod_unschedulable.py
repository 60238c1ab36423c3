from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level


class DaemonSetPodUnschedulable(PodTemplateRule):
    """
    ## What it finds
    A DaemonSet whose pods cannot run on some of the nodes its controller creates them for, on the
    node inventory (Node objects of the set, `--nodes FILE` or `nodes:` in the configuration).
    The DaemonSet controller creates one pod per node whose labels match the pod's node selector
    and affinity and whose NoSchedule/NoExecute taints the pod tolerates (with the tolerations the
    controller adds itself); it does not look at free resources or host ports. Each such pod is
    pinned to its node and then faces the scheduler's filters there, after every pod of higher
    priority (and earlier in the manifests) was placed. The message names the nodes and carries the
    FailedScheduling text of the first one.

    Nodes the controller skips (an untolerated taint, a non-matching selector) are intended and
    not reported.

    ## Why it matters
    The node runs without its agent (log shipping, monitoring, networking, storage): the DaemonSet
    reports fewer ready pods than desired, and the pod stays Pending until something on the node
    makes room.

    ## How to fix
    Give the DaemonSet a PriorityClass above the workloads (such as `system-node-critical` for
    node agents) so that it is placed first and can preempt, lower its requests, or free the host
    port it needs.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Node
    metadata:
      name: small
    status:
      allocatable: {cpu: "1", memory: 2Gi, pods: "110"}
    ---
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: agent
    spec:
      selector: {matchLabels: {app: agent}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          containers:
            - name: agent
              image: agent:1.0
              resources:
                requests: {cpu: "2"}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Node
    metadata:
      name: small
    status:
      allocatable: {cpu: "1", memory: 2Gi, pods: "110"}
    ---
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: agent
    spec:
      selector: {matchLabels: {app: agent}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          containers:
            - name: agent
              image: agent:1.0
              resources:
                requests: {cpu: 100m}
    ```
    """

    id = "daemonset-pod-unschedulable"
    category = Category.SCHEDULING
    level = Level.WARNING
    summary = "DaemonSet pods that cannot run on some of their nodes"
    preset = "default"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        if template.resource.kind != "DaemonSet":
            return
        from k8slint.schedule.inventory import for_rules

        inv = for_rules(ctx)
        if inv is None or inv.empty:
            return
        from k8slint.schedule.pods import shape_for
        from k8slint.schedule.simulate import simulate

        shape = shape_for(ctx, template)
        if shape is None:
            return
        pods = simulate(ctx).by_shape().get(shape.id, [])
        failed = [p for p in pods if p.status in ("Pending", "Preempted")]
        if not failed:
            return
        result = simulate(ctx)
        names = [result.nodes[p.pinned].name for p in failed if p.pinned is not None]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        first = failed[0]
        detail = first.message or first.note or ""
        yield Violation(
            ("metadata", "name"),
            f"{len(failed)} of its {len(pods)} pods cannot run on their node ({shown}); "
            f"on {names[0] if names else 'the first'}: {detail}",
        )
