from collections.abc import Iterator
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items
from k8slint.selectors import Selector, SelectorError

SPREAD_KEYS = ("kubernetes.io/hostname", "topology.kubernetes.io/zone", "topology.kubernetes.io/region")


class NoAntiAffinity(PodTemplateRule):
    """
    ## What it finds
    A replicated workload (Deployment, StatefulSet, ReplicaSet, ReplicationController and custom
    workloads such as DeploymentConfig or Rollout) with two or more replicas whose pods are not
    spread: no `topologySpreadConstraints`, and no pod anti-affinity term (required or preferred)
    on a node, zone or region topology key that selects the workload's own pods in its own
    namespace (a term naming other namespaces does not keep these pods apart).

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

    @staticmethod
    def _spreads_own_pods(term: Any, template: PodTemplate) -> bool:
        """The term keeps this workload's own pods apart: a spreading topology key, a selector that
        matches the template's labels, and the workload's own namespace."""
        if get(term, ("topologyKey",)) not in SPREAD_KEYS:
            return False
        try:
            if not Selector.from_label_selector(get(term, ("labelSelector",))).matches(template.labels):
                return False
        except SelectorError:
            return False
        namespaces = items(term, "namespaces")
        other_namespaces = bool(namespaces) and template.namespace not in namespaces
        return not (get(term, ("namespaceSelector",)) is None and other_namespaces)

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        resource = template.resource
        if (
            resource.kind in ("DaemonSet", "Job", "CronJob", "Pod", "PodTemplate")
            or (template.replicas or 0) < 2
        ):
            return
        spec = template.raw_spec
        if items(spec, "topologySpreadConstraints"):
            return
        anti = get(spec, ("affinity", "podAntiAffinity"))
        terms = items(anti, "requiredDuringSchedulingIgnoredDuringExecution") + [
            get(t, ("podAffinityTerm",))
            for t in items(anti, "preferredDuringSchedulingIgnoredDuringExecution")
        ]
        if any(self._spreads_own_pods(t, template) for t in terms):
            return
        yield Violation(
            template.spec_path,
            f"{resource.kind} {resource.name} runs {template.replicas} replicas with no anti-affinity "
            "or topology spread: they may all land on one node",
        )
