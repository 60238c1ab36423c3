from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.graph import EdgeKind
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class PdbBlocksEviction(ResourceRule):
    """
    ## What it finds
    A PodDisruptionBudget that allows no voluntary disruption: `maxUnavailable: 0` (or `0%`),
    `minAvailable: 100%`, or a numeric `minAvailable` at least the pods of the workloads of the set
    it selects, summed (for a workload scaled by a HorizontalPodAutoscaler of the set, the HPA's
    `minReplicas`: at that size no pod can be evicted). Also `maxUnavailable`, or a percentage
    `minAvailable`, on the pods of a DaemonSet, Job or CronJob: those controllers have no scale,
    so the disruption controller cannot compute the expected count and allows no eviction (only
    an integer `minAvailable` works for them).

    ## Why it matters
    Node drains, cluster upgrades and autoscaler scale-downs wait forever on those pods.

    ## How to fix
    Allow at least one disruption: `maxUnavailable: 1`, or a `minAvailable` below the replica count.

    ## Example
    ```yaml
    apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata:
      name: web
    spec:
      maxUnavailable: 0
      selector:
        matchLabels: {app: web}
    ```

    ## Use instead
    ```yaml
    apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata:
      name: web
    spec:
      maxUnavailable: 1
      selector:
        matchLabels: {app: web}
    ```
    """

    id = "pdb-blocks-eviction"
    category = Category.RELIABILITY
    level = Level.WARNING
    summary = "PodDisruptionBudget allows no disruption"
    aliases = (
        "kube-linter:pdb-max-unavailable",
        "kube-linter:pdb-min-available",
        "polaris:pdbDisruptionsIsZero",
    )
    targets = frozenset({"PodDisruptionBudget"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        max_unavailable = get(resource.raw, ("spec", "maxUnavailable"))
        min_available = get(resource.raw, ("spec", "minAvailable"))
        if max_unavailable in (0, "0%", "0"):
            yield Violation(
                ("spec", "maxUnavailable"),
                f"PodDisruptionBudget {resource.name} allows no pod to be evicted (maxUnavailable: {max_unavailable})",
            )
        elif min_available == "100%":
            yield Violation(
                ("spec", "minAvailable"),
                f"PodDisruptionBudget {resource.name} requires every pod to stay (minAvailable: 100%)",
            )
        elif isinstance(min_available, int) and not isinstance(min_available, bool) and min_available > 0:
            total = _pod_count(resource, ctx)
            if total is not None and total > 0 and min_available >= total:
                yield Violation(
                    ("spec", "minAvailable"),
                    f"PodDisruptionBudget {resource.name} requires {min_available} available pods and its workloads run {total}: no pod can be evicted",
                )
        if max_unavailable is not None or (isinstance(min_available, str) and min_available.endswith("%")):
            field = "maxUnavailable" if max_unavailable is not None else "minAvailable"
            for edge in ctx.graph.out_edges(resource.ref, EdgeKind.GUARDS):
                if edge.target.kind in NO_SCALE and edge.target.group in ("apps", "batch"):
                    yield Violation(
                        ("spec", field),
                        f"PodDisruptionBudget {resource.name} uses {field} {'as a percentage ' if field == 'minAvailable' else ''}"
                        f"and selects the pods of {edge.target.kind} {edge.target.name}, which has no scale: "
                        "the disruption controller cannot compute the expected pod count and allows no eviction",
                    )
                    break


# controllers without a scale subresource: their pods only work with an integer minAvailable
NO_SCALE = frozenset({"DaemonSet", "Job", "CronJob"})
SCALED = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"})


def _pod_count(resource: Resource, ctx: AnalysisContext) -> int | None:
    """The pods the PDB covers, summed over the workloads it selects (at an HPA's minReplicas);
    None when a count is unknown (DaemonSets run one pod per node)."""
    total = 0
    for edge in ctx.graph.out_edges(resource.ref, EdgeKind.GUARDS):
        target = ctx.graph.resource(edge.target)
        if target is None:
            return None
        if target.kind == "Pod" and target.ref.group == "":
            total += 1
            continue
        if target.kind not in SCALED and get(target.raw, ("spec", "replicas")) is None:
            return None
        replicas = get(target.raw, ("spec", "replicas"), 1)
        for scaler in ctx.graph.in_edges(edge.target, EdgeKind.SCALES):
            hpa = ctx.graph.resource(scaler.source)
            replicas = get(hpa.raw, ("spec", "minReplicas"), 1) if hpa is not None else None
        if not isinstance(replicas, int) or isinstance(replicas, bool):
            return None
        total += replicas
    return total
