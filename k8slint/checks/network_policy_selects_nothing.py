from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import has_pod_templates, operator_owner
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.graph import EdgeKind
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get
from k8slint.selectors import Selector, SelectorError, selector_text


class NetworkPolicySelectsNothing(ResourceRule):
    """
    ## What it finds
    A NetworkPolicy whose `spec.podSelector` has requirements (`matchLabels` or
    `matchExpressions`) that the pod template labels of no workload (or bare Pod) in the policy's
    namespace satisfy, across every file of the set. An empty or omitted `podSelector` selects
    every pod of the namespace and is never reported. Labels that controllers add to their pods
    (`statefulset.kubernetes.io/pod-name`, `job-name`) are taken into account. The finding is a
    note when the policy's directory has no pod template in that namespace (the set is probably
    partial), when a custom resource of the namespace carries the selected labels (an operator
    creates the pods), or in `kube-system`.

    ## Why it matters
    The policy isolates no pod: the traffic it was written to restrict stays allowed (or, for an
    allow-list next to a default-deny policy, stays blocked).

    ## How to fix
    Make the `podSelector` match the pod template labels (a typo is the usual cause), or remove
    the policy.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: "nginx:1.27"}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: web
    spec:
      podSelector:
        matchLabels: {app: wbe}
      policyTypes: [Ingress]
    ```

    ## Use instead
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: "nginx:1.27"}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: web
    spec:
      podSelector:
        matchLabels: {app: web}
      policyTypes: [Ingress]
    ```
    """

    id = "network-policy-selects-nothing"
    category = Category.REFERENCES
    level = Level.WARNING
    summary = "NetworkPolicy podSelector matches no pod in its namespace"
    aliases = ("kube-linter:dangling-networkpolicy", "kube-score:networkpolicy-targets-pod")
    targets = frozenset({"NetworkPolicy"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        raw = get(resource.raw, ("spec", "podSelector"))
        if resource.ref.group != "networking.k8s.io" or not isinstance(raw, dict):
            return  # omitted (or null): defaults to {}, every pod of the namespace
        try:
            selector = Selector.from_label_selector(raw)
        except (SelectorError, TypeError):  # TypeError: an operator that is a list or a map
            return
        if selector.everything or ctx.graph.out_edges(resource.ref, EdgeKind.POLICY_SELECTS):
            return
        namespace = resource.namespace
        message = (
            f"NetworkPolicy {resource.name} selects no pods: no pod template in namespace {namespace} "
            f"matches its podSelector {selector_text(selector)}, so the policy isolates nothing"
        )
        owner = operator_owner(ctx, namespace, selector)
        if owner is not None:
            message += f" (its pods may be created by {owner.kind} {owner.name})"
        partial = (
            owner is not None or namespace == "kube-system" or not has_pod_templates(ctx, namespace, resource)
        )
        yield Violation(("spec", "podSelector"), message, downgrade=Level.NOTE if partial else None)
