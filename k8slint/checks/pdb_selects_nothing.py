from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import has_pod_templates, operator_owner
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.graph import EdgeKind
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get
from k8slint.selectors import Selector, SelectorError, selector_text

# template labels that name an application: workloads sharing a value of one are related
IDENTITY_KEYS = ("app.kubernetes.io/name", "app", "k8s-app", "name")
# controllers without a scale subresource (their pods' expected count cannot be read)
NO_SCALE_KINDS = frozenset({("apps", "DaemonSet"), ("batch", "Job"), ("batch", "CronJob")})


def _related(a: dict[str, str], b: dict[str, str]) -> bool:
    return any(k in a and a[k] == b.get(k) for k in IDENTITY_KEYS)


def _groups(labels: list[dict[str, str]]) -> int:
    """How many groups of related label sets (sharing an identity label value, transitively)."""
    groups: list[list[dict[str, str]]] = []
    for one in labels:
        joined = {i for i, g in enumerate(groups) if any(_related(one, other) for other in g)}
        merged = [one, *(o for i in joined for o in groups[i])]
        groups = [g for i, g in enumerate(groups) if i not in joined] + [merged]
    return len(groups)


class PdbSelectsNothing(ResourceRule):
    """
    ## What it finds
    A PodDisruptionBudget that protects no pod of the set:

    - its selector matches the pod template labels of no workload (or bare Pod) in its namespace,
      across every file of the set (a note when the PDB's directory has no pod template in that
      namespace, the set being probably partial, when a custom resource of the namespace carries
      the selected labels, an operator creating the pods, or in `kube-system`);
    - it has no selector: in `policy/v1` a null selector matches no pods;
    - it is `policy/v1beta1` with an empty selector `{}`, which matches no pods in that version
      (in `policy/v1`, `{}` matches every pod of the namespace, and is not reported).

    As a note: a budget that covers the pods of two or more unrelated workloads (no shared value of
    `app.kubernetes.io/name`, `app`, `k8s-app` or `name` in their template labels). The disruption
    controller computes one budget over all of them. With `maxUnavailable` or a percentage
    `minAvailable`, the expected pod count is the sum of the scales of the pods' controllers: a
    DaemonSet or Job has no scale subresource, so the controller fails to compute the budget and
    allows no eviction at all (`found no controllers for pod`), and bare Pods are not counted.

    ## Why it matters
    A budget that selects nothing does not protect the workload it was written for: a node drain
    may evict all its pods at once. A shared budget lets one workload's unready pods block the
    eviction of another's.

    ## How to fix
    Make the selector match the pod template labels of one workload (a typo is the usual cause);
    give each workload its own budget.

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
    ---
    apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata:
      name: web
    spec:
      maxUnavailable: 1
      selector:
        matchLabels: {app: wbe}
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
      selector:
        matchLabels: {app: web}
    ```
    """

    id = "pdb-selects-nothing"
    category = Category.REFERENCES
    level = Level.WARNING
    summary = "PodDisruptionBudget selector matches no pod in its namespace"
    targets = frozenset({"PodDisruptionBudget"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = get(resource.raw, ("spec",), {})
        if resource.ref.group != "policy" or not isinstance(spec, dict):
            return
        raw = spec.get("selector")
        if raw is None:
            yield Violation(
                ("spec", "selector") if "selector" in spec else ("spec",),
                f"PodDisruptionBudget {resource.name} has no selector: a null selector matches no pods, "
                "so the budget protects nothing",
            )
            return
        try:
            selector = Selector.from_label_selector(raw)
        except SelectorError:
            return
        if selector.everything and resource.api_version == "policy/v1beta1":
            yield Violation(
                ("spec", "selector"),
                f"PodDisruptionBudget {resource.name} has an empty selector, which matches no pods in "
                "policy/v1beta1 (in policy/v1 it matches every pod of the namespace)",
            )
            return
        edges = ctx.graph.out_edges(resource.ref, EdgeKind.GUARDS)
        found = {e.target: ctx.graph.resource(e.target) for e in edges}
        workloads = [r for r in found.values() if r is not None]
        if not workloads:
            if selector.everything:
                return  # every pod of the namespace: none in the set says nothing
            yield self._nothing(resource, selector, ctx)
        elif len(workloads) >= 2:
            yield from self._shared(resource, spec, workloads, ctx)

    def _nothing(self, resource: Resource, selector: Selector, ctx: AnalysisContext) -> Violation:
        namespace = resource.namespace
        message = (
            f"PodDisruptionBudget {resource.name} selects no pods: no pod template in namespace "
            f"{namespace} matches its selector {selector_text(selector)}, so the budget protects nothing"
        )
        owner = operator_owner(ctx, namespace, selector)
        if owner is not None:
            message += f" (its pods may be created by {owner.kind} {owner.name})"
        partial = (
            owner is not None or namespace == "kube-system" or not has_pod_templates(ctx, namespace, resource)
        )
        return Violation(("spec", "selector"), message, downgrade=Level.NOTE if partial else None)

    def _shared(
        self, resource: Resource, spec: dict, workloads: list[Resource], ctx: AnalysisContext
    ) -> Iterator[Violation]:
        by_ref = {t.resource.ref: t.labels for t in ctx.templates}
        if _groups([by_ref.get(w.ref, {}) for w in workloads]) < 2:
            return
        names = ", ".join(f"{w.kind} {w.name}" for w in workloads)
        message = (
            f"PodDisruptionBudget {resource.name} covers the pods of {len(workloads)} workloads of different applications "
            f"({names}): they share one disruption budget"
        )
        max_unavailable, min_available = spec.get("maxUnavailable"), spec.get("minAvailable")
        if max_unavailable is not None or isinstance(min_available, str):
            field = "maxUnavailable" if max_unavailable is not None else "a percentage minAvailable"
            unscaled = [w for w in workloads if (w.ref.group, w.kind) in NO_SCALE_KINDS]
            bare = [w for w in workloads if w.kind == "Pod" and w.ref.group == ""]
            if unscaled:
                w = unscaled[0]
                message += (
                    f"; with {field} the disruption controller needs the scale of every pod's controller, "
                    f"and {w.kind} {w.name} has none: the budget fails to sync and allows no eviction"
                )
            elif bare:
                message += (
                    f"; with {field} the expected pod count is the sum of the controllers' scales, "
                    f"and bare Pod {bare[0].name} has no controller: it is not counted"
                )
            else:
                message += f"; with {field} the expected pod count is the sum of their replicas"
        related = tuple(RelatedRef(w, ("metadata",), f"{w.kind} {w.name} is covered") for w in workloads)
        yield Violation(("spec", "selector"), message, related=related, downgrade=Level.NOTE)
