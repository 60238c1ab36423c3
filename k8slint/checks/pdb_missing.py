from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.graph import EdgeKind


class PdbMissing(PodTemplateRule):
    """
    ## What it finds
    A Deployment or StatefulSet with two or more replicas that no PodDisruptionBudget of the set
    selects (by its pods' labels, in its namespace).

    ## Why it matters
    A node drain or cluster upgrade may evict all its pods at once.

    ## How to fix
    Add a PodDisruptionBudget (`maxUnavailable: 1`) selecting the pods.

    ## Example
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
    ---
    apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata:
      name: web
    spec:
      maxUnavailable: 1
      selector: {matchLabels: {app: web}}
    ```
    """

    id = "pdb-missing"
    category = Category.RELIABILITY
    level = Level.NOTE
    summary = "Replicated workload has no PodDisruptionBudget"
    aliases = ("kube-score:deployment-has-poddisruptionbudget", "polaris:missingPodDisruptionBudget")
    preset = "strict"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        resource = template.resource
        if resource.kind not in ("Deployment", "StatefulSet") or (template.replicas or 0) < 2:
            return
        if not ctx.graph.in_edges(resource.ref, EdgeKind.GUARDS):
            yield Violation(
                ("metadata",),
                f"{resource.kind} {resource.name} runs {template.replicas} replicas and no PodDisruptionBudget covers them",
            )
