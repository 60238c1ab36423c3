from collections.abc import Iterator

from pydantic import Field

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, RuleOptions, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class HpaOptions(RuleOptions):
    minimum: int = Field(2, ge=1, description="The smallest acceptable minReplicas.")


class HpaMinReplicas(ResourceRule):
    """
    ## What it finds
    A HorizontalPodAutoscaler whose `minReplicas` (default 1 when left out) is below the minimum
    (default 2; kube-linter uses 3).

    ## Why it matters
    At low load the autoscaler shrinks the workload to one pod: the next rollout, drain or crash is
    an outage.

    ## How to fix
    Set `minReplicas: 2` or more.

    ## Options
    - `minimum` (integer, default 2).

    ## Example
    ```yaml
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata:
      name: web
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
      maxReplicas: 10
    ```

    ## Use instead
    ```yaml
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata:
      name: web
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
      minReplicas: 2
      maxReplicas: 10
    ```
    """

    id = "hpa-min-replicas"
    category = Category.RELIABILITY
    level = Level.NOTE
    summary = "Autoscaler may scale the workload down to too few replicas"
    aliases = ("kube-linter:hpa-minimum-three-replicas", "kube-score:horizontalpodautoscaler-has-target")
    targets = frozenset({"HorizontalPodAutoscaler"})
    preset = "strict"
    Options = HpaOptions

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        assert isinstance(self.options, HpaOptions)
        value = get(resource.raw, ("spec", "minReplicas"), 1)
        if isinstance(value, int) and not isinstance(value, bool) and value < self.options.minimum:
            where = (
                ("spec", "minReplicas")
                if get(resource.raw, ("spec", "minReplicas")) is not None
                else ("spec",)
            )
            yield Violation(
                where, f"HorizontalPodAutoscaler {resource.name} may scale down to {value} replica(s)"
            )
