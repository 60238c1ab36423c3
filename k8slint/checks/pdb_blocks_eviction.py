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
    `minAvailable: 100%`, or a numeric `minAvailable` at least the replica count of every workload
    of the set it selects (for a workload scaled by a HorizontalPodAutoscaler of the set, the HPA's
    `minReplicas`: at that size no pod can be evicted).

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
            counts = []
            for edge in ctx.graph.out_edges(resource.ref, EdgeKind.GUARDS):
                target = ctx.graph.resource(edge.target)
                replicas = get(target.raw, ("spec", "replicas"), 1) if target is not None else None
                for scaler in ctx.graph.in_edges(edge.target, EdgeKind.SCALES):
                    hpa = ctx.graph.resource(scaler.source)
                    replicas = get(hpa.raw, ("spec", "minReplicas"), 1) if hpa is not None else None
                if not isinstance(replicas, int) or isinstance(replicas, bool):
                    return  # unknown: cannot tell
                counts.append(replicas)
            if counts and min_available >= max(counts):
                yield Violation(
                    ("spec", "minAvailable"),
                    f"PodDisruptionBudget {resource.name} requires {min_available} available pods and its workloads run {max(counts)}: no pod can be evicted",
                )
