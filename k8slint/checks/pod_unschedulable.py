from collections.abc import Iterator

from pydantic import Field, field_validator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, RuleOptions, Violation
from k8slint.findings import Category, Level
from k8slint.model.quantity import Quantity, QuantityError
from k8slint.parse.sourcemap import Path, get


class PodUnschedulableOptions(RuleOptions):
    max_node: dict[str, str | int] = Field(
        default_factory=dict,
        alias="max-node",
        description="Without a node inventory: the allocatable of the largest node the cluster may have "
        "(e.g. {cpu: '64', memory: 256Gi}); a pod requesting more fits on no node.",
    )
    topology_domains: dict[str, int] = Field(
        default_factory=dict,
        alias="topology-domains",
        description="Without a node inventory: how many domains each topology key has "
        "(e.g. {topology.kubernetes.io/zone: 3}).",
    )

    @field_validator("max_node")
    @classmethod
    def _quantities(cls, value: dict[str, str | int]) -> dict[str, str | int]:
        for name, q in value.items():
            try:
                Quantity.parse(q)
            except QuantityError as exc:
                raise ValueError(f"{name}: {exc}") from None
        return value


class PodUnschedulable(PodTemplateRule):
    """
    ## What it finds
    Replicas that the default kube-scheduler cannot place on the node inventory (Node objects of
    the set, `--nodes FILE` or `nodes:` in the configuration): every replica of every workload is
    placed in priority order, one at a time, through the default profile's filters (taints, node
    affinity, host ports, resources, local volumes, topology spread, inter-pod affinity). The
    message carries the FailedScheduling text `kubectl describe pod` would show and how many
    replicas of how many stay Pending. A StatefulSet's ordinals after a pending one are counted
    as not created (OrderedReady), and a pod bound by `spec.nodeName` that a higher-priority pod
    preempts is reported as evicted. DaemonSets have their own rule
    (`daemonset-pod-unschedulable`); see docs/scheduling.md for the simulation.

    Without a node inventory, only what fails on every possible node is reported: required node
    affinity that contradicts itself or the nodeSelector; with the `max-node` option, a request
    above the largest node; with the `topology-domains` option, self anti-affinity or `minDomains`
    spread needing more domains than the cluster has.

    ## Why it matters
    The workload is accepted, but the pods stay Pending: the rollout hangs, or the workload runs
    short of replicas, and nothing fails until someone reads the pod's events.

    ## How to fix
    Lower the requests or the replicas, add nodes (or a node pool with the labels and tolerations
    the pods need), or relax the constraint the message names.

    ## Options
    - `max-node` (map of quantities): the largest node's allocatable, used without an inventory.
    - `topology-domains` (map of topology key to count), used without an inventory.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      nodeSelector:
        disktype: ssd
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - {key: disktype, operator: In, values: [hdd]}
      containers:
        - name: web
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - {key: disktype, operator: In, values: [ssd, hdd]}
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "pod-unschedulable"
    category = Category.SCHEDULING
    level = Level.ERROR
    summary = "Replicas that the scheduler cannot place on any node"
    preset = "default"
    Options = PodUnschedulableOptions

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        from k8slint.schedule.inventory import amount, for_rules

        assert isinstance(self.options, PodUnschedulableOptions)
        if template.resource.kind == "DaemonSet":
            return
        inv = for_rules(ctx)
        if inv is None:
            return
        if inv.empty:
            from k8slint.schedule.static import impossible

            memo = ctx.memo.setdefault("schedule-impossible", {})
            if "found" not in memo:
                max_node = {k: amount(k, Quantity.parse(v)) for k, v in self.options.max_node.items()}
                memo["found"] = {
                    id(t.resource): why
                    for t, why in impossible(ctx, max_node or None, dict(self.options.topology_domains))
                }
            why = memo["found"].get(id(template.resource))
            if why is not None:
                yield Violation(where(template), why)
            return
        from k8slint.schedule.pods import shape_for
        from k8slint.schedule.simulate import simulate

        result = simulate(ctx)
        shape = shape_for(ctx, template)
        pods = result.by_shape().get(shape.id, []) if shape is not None else []
        failed = [p for p in pods if p.status in ("Pending", "NotCreated", "Preempted")]
        if not failed:
            return
        first = next((p for p in failed if p.message), failed[0])
        detail = first.message or first.note or ""
        if len(pods) == 1:
            head = "the pod cannot be scheduled"
            if first.status == "Preempted":
                head = "the pod is evicted"
        else:
            head = f"{len(failed)} of its {len(pods)} replicas cannot be scheduled"
            not_created = sum(1 for p in failed if p.status == "NotCreated")
            if not_created:
                head += f" ({not_created} not created: OrderedReady waits for the pending ordinal)"
        yield Violation(where(template), f"{head}: {detail}")


def where(template: PodTemplate) -> Path:
    raw = template.resource.raw
    for path in (
        ("spec", "replicas"),
        ("spec", "parallelism"),
        ("spec", "jobTemplate", "spec", "parallelism"),
    ):
        if get(raw, path) is not None:
            return path
    return ("metadata", "name")
