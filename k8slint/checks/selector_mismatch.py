from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get
from k8slint.selectors import Selector, SelectorError


class SelectorMismatch(ResourceRule):
    """
    ## What it finds
    A Deployment, ReplicaSet, StatefulSet or DaemonSet (apps/v1) whose `spec.selector` does not
    select its own pod template's labels, or is empty. A Job with `manualSelector: true` is held to
    the same rule. Upstream: ValidateDeploymentSpec, ValidateStatefulSetSpec,
    ValidateDaemonSetSpec, ValidateReplicaSetSpec (pkg/apis/apps/validation).

    ## Why it matters
    The API server rejects it: `spec.template.metadata.labels: Invalid value: ...: `selector` does
    not match template `labels``. A controller whose selector misses its own pods would create
    pods forever.

    ## How to fix
    Make every `matchLabels` entry (and `matchExpressions`) true of `spec.template.metadata.labels`.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: frontend}
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
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers: [{name: web, image: "nginx:1.27"}]
    ```
    """

    id = "selector-mismatch"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Workload selector does not match its pod template labels"
    aliases = ("kube-linter:mismatching-selector",)
    targets = frozenset({"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"})

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group not in ("apps", "batch"):
            return
        raw_selector = get(resource.raw, ("spec", "selector"))
        if resource.kind == "Job" and get(resource.raw, ("spec", "manualSelector")) is not True:
            return
        if raw_selector is None:
            return  # missing-required-field reports it
        try:
            selector = Selector.from_label_selector(raw_selector)
        except SelectorError as exc:
            yield Violation(("spec", "selector"), f"spec.selector: Invalid value: {exc}")
            return
        if selector.everything:
            yield Violation(
                ("spec", "selector"),
                f"spec.selector: Invalid value: empty selector is invalid for {resource.kind.lower()}",
            )
            return
        labels = get(resource.raw, ("spec", "template", "metadata", "labels"))
        labels = labels if isinstance(labels, dict) else {}
        if not selector.matches(labels):
            shown = ", ".join(f"{k}={v}" for k, v in labels.items()) or "none"
            yield Violation(
                ("spec", "template", "metadata", "labels") if labels else ("spec", "template"),
                f"spec.template.metadata.labels: Invalid value: {{{shown}}}: `selector` does not match template `labels`",
            )
