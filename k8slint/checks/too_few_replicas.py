from collections.abc import Iterator

from pydantic import Field

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, RuleOptions, Violation
from k8slint.findings import Category, Level
from k8slint.graph.graph import EdgeKind
from k8slint.model.kinds import KNOWN_CUSTOM_WORKLOADS
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class ReplicaOptions(RuleOptions):
    minimum: int = Field(2, ge=1, description="The smallest acceptable replica count.")


class TooFewReplicas(ResourceRule):
    """
    ## What it finds
    A Deployment or StatefulSet (or a custom workload with `spec.replicas`, such as a
    DeploymentConfig) with fewer replicas than the configured minimum (default 2; kube-linter uses
    3, kube-score and Polaris 2: set `minimum: 3` for kube-linter's behaviour). `replicas` left out means 1. Workloads scaled by a
    HorizontalPodAutoscaler of the set are skipped (the HPA owns the count), as are workloads
    deliberately at 0.

    ## Why it matters
    A single replica is down during every rollout that cannot surge, node drain and node failure.

    ## How to fix
    Run at least two replicas (and spread them across nodes).

    ## Options
    - `minimum` (integer, default 2).

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 1
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: "nginx:1.27"}]
    ```

    ## Use instead
    ```yaml
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
          containers: [{name: web, image: "nginx:1.27"}]
    ```
    """

    id = "too-few-replicas"
    category = Category.RELIABILITY
    level = Level.NOTE
    summary = "Workload runs fewer replicas than the minimum"
    aliases = (
        "kube-linter:minimum-three-replicas",
        "kube-score:deployment-replicas",
        "polaris:deploymentMissingReplicas",
    )
    preset = "strict"
    Options = ReplicaOptions

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        builtin = resource.kind in ("Deployment", "StatefulSet") and resource.ref.group == "apps"
        custom = (
            resource.template is not None or (resource.ref.group, resource.kind) in KNOWN_CUSTOM_WORKLOADS
        )
        if not (builtin or custom) or ctx.graph.in_edges(resource.ref, EdgeKind.SCALES):
            return
        assert isinstance(self.options, ReplicaOptions)
        replicas = get(resource.raw, ("spec", "replicas"), 1)
        if (
            isinstance(replicas, int)
            and not isinstance(replicas, bool)
            and 0 < replicas < self.options.minimum
        ):
            where = ("spec", "replicas") if get(resource.raw, ("spec", "replicas")) is not None else ("spec",)
            yield Violation(
                where,
                f"{resource.kind} {resource.name} runs {replicas} replica(s), fewer than {self.options.minimum}",
            )
