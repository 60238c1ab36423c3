from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items

SPREAD_KEYS = ("kubernetes.io/hostname", "topology.kubernetes.io/zone", "topology.kubernetes.io/region")


class NoAntiAffinity(PodTemplateRule):
    """
    ## What it finds
    A Deployment or StatefulSet with two or more replicas whose pods are not spread: no pod
    anti-affinity term (required or preferred) on a node, zone or region topology key, and no
    `topologySpreadConstraints`.

    ## Why it matters
    The scheduler may put every replica on one node; one node failure then takes all of them.

    ## How to fix
    Add a `topologySpreadConstraints` entry on `kubernetes.io/hostname` (or a preferred
    podAntiAffinity term).

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
          topologySpreadConstraints:
            - maxSkew: 1
              topologyKey: kubernetes.io/hostname
              whenUnsatisfiable: ScheduleAnyway
              labelSelector: {matchLabels: {app: web}}
          containers: [{name: web, image: "nginx:1.27"}]
    ```
    """

    id = "no-anti-affinity"
    category = Category.RELIABILITY
    level = Level.NOTE
    summary = "Replicas are not spread across nodes"
    aliases = (
        "kube-linter:no-anti-affinity",
        "kube-score:deployment-has-host-podantiaffinity",
        "polaris:topologySpreadConstraint",
    )
    preset = "strict"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        resource = template.resource
        if resource.kind not in ("Deployment", "StatefulSet") or (template.replicas or 0) < 2:
            return
        spec = template.raw_spec
        if items(spec, "topologySpreadConstraints"):
            return
        anti = get(spec, ("affinity", "podAntiAffinity"))
        terms = items(anti, "requiredDuringSchedulingIgnoredDuringExecution") + [
            get(t, ("podAffinityTerm",))
            for t in items(anti, "preferredDuringSchedulingIgnoredDuringExecution")
        ]
        if any(get(t, ("topologyKey",)) in SPREAD_KEYS for t in terms):
            return
        yield Violation(
            template.spec_path,
            f"{resource.kind} {resource.name} runs {template.replicas} replicas with no anti-affinity "
            "or topology spread: they may all land on one node",
        )
