from collections.abc import Iterator

from pydantic import Field

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import GraphRule, RuleOptions, Violation
from k8slint.findings import Category, Level


class ClusterNearCapacityOptions(RuleOptions):
    threshold: int = Field(
        85,
        ge=1,
        le=100,
        description="Percent of the inventory's total allocatable (cpu, memory, pods, extended "
        "resources) that the placed pods' requests may reach.",
    )


class ClusterNearCapacity(GraphRule):
    """
    ## What it finds
    A node inventory (Node objects of the set, `--nodes FILE` or `nodes:` in the configuration)
    that the set's pods, as the scheduler would place them, fill beyond a threshold (the
    `threshold` option, 85% by default) of its total allocatable cpu, memory, pod slots or an
    extended resource. The finding sits on the workload whose placement crosses the threshold,
    one per resource.

    ## Why it matters
    A rolling update needs room for the surge pods, a node drain or failure needs room for the
    evicted pods elsewhere; a cluster filled to its allocatable has neither, and the next
    rollout or node failure leaves pods Pending.

    ## How to fix
    Add nodes, or lower the requests of the workloads that reserve more than they use.

    ## Options
    - `threshold` (integer percent, default 85).

    ## Example
    ```yaml
    apiVersion: v1
    kind: Node
    metadata:
      name: n1
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - name: web
              image: nginx:1.27
              resources:
                requests: {cpu: 600m, memory: 256Mi}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Node
    metadata:
      name: n1
    status:
      allocatable: {cpu: "4", memory: 4Gi, pods: "110"}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - name: web
              image: nginx:1.27
              resources:
                requests: {cpu: 600m, memory: 256Mi}
    ```
    """

    id = "cluster-near-capacity"
    category = Category.SCHEDULING
    level = Level.NOTE
    summary = "The placed pods fill the node inventory beyond a threshold"
    preset = "default"
    Options = ClusterNearCapacityOptions

    def check(self, ctx: AnalysisContext) -> Iterator[Violation]:
        from k8slint.schedule.inventory import for_rules

        assert isinstance(self.options, ClusterNearCapacityOptions)
        inv = for_rules(ctx)
        if inv is None or inv.empty:
            return
        from k8slint.schedule.report import quantity
        from k8slint.schedule.simulate import simulate

        result = simulate(ctx)
        totals: dict[str, int] = {}
        for node in result.nodes:
            for name, value in node.allocatable.items():
                totals[name] = totals.get(name, 0) + value
        running: dict[str, int] = {}
        reported: set[str] = set()
        threshold = self.options.threshold
        for placement in result.log:
            shape = placement.pod.shape
            for name, value in (*shape.req_items, ("pods", 1)):
                running[name] = running.get(name, 0) + value
                total = totals.get(name, 0)
                if name in reported or not total or running[name] * 100 <= total * threshold:
                    continue
                reported.add(name)
                final = sum(dict((*p.pod.shape.req_items, ("pods", 1))).get(name, 0) for p in result.log)
                r = shape.resource
                yield Violation(
                    ("metadata", "name"),
                    f"with the pods of {r.kind} {r.name}, the requests on the {len(result.nodes)} nodes reach "
                    f"{running[name] * 100 // total}% of their allocatable {name} "
                    f"(threshold {threshold}%; all placed pods: {quantity(name, final)} of "
                    f"{quantity(name, total)}): little room is left for rollouts and node failures",
                    resource=r,
                )
