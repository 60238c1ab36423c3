from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.netpol.policy import NAME_LABEL, NP_GROUP
from k8slint.parse.sourcemap import get, items

BUILTIN_NAMESPACES = frozenset({"default", "kube-system", "kube-public", "kube-node-lease"})


class NetworkPolicyNamespaceAbsent(ResourceRule):
    """
    ## What it finds
    A NetworkPolicy ingress rule whose `namespaceSelector` names a namespace (by its automatic
    `kubernetes.io/metadata.name` label, with `matchLabels` or an `In` expression) that the set
    neither declares nor holds any object in. The built-in namespaces (`default`, `kube-system`,
    `kube-public`, `kube-node-lease`) are not reported.

    ## Why it matters
    The connections the rule admits come from workloads the analysis cannot see: `k8slint
    netpol` cannot show them, and a misspelt namespace name (the rule then admits nothing)
    looks exactly the same. Add the namespace's manifests to the set, or check the name.

    ## How to fix
    Check the namespace name; include the manifests of the client namespace in the analysed set.

    ## Example
    ```yaml
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: metrics}
    spec:
      podSelector: {}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Namespace
    metadata: {name: monitoring}
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: metrics}
    spec:
      podSelector: {}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
    ```
    """

    id = "network-policy-namespace-absent"
    category = Category.NETWORK
    level = Level.NOTE
    summary = "NetworkPolicy ingress rule admits a namespace absent from the set"
    targets = frozenset({"NetworkPolicy"})
    preset = "strict"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != NP_GROUP:
            return
        present = ctx.memo.get("netpol-present-namespaces")
        if present is None:
            present = {r.namespace for r in ctx.resources if r.namespace}
            present |= {r.name for r in ctx.resources if r.kind == "Namespace" and r.ref.group == ""}
            ctx.memo["netpol-present-namespaces"] = present
        for i, rule in enumerate(items(get(resource.raw, ("spec",)), "ingress")):
            for j, peer in enumerate(items(rule, "from")):
                selector = peer.get("namespaceSelector") if isinstance(peer, dict) else None
                if not isinstance(selector, dict):
                    continue
                names = self._names(selector)
                absent = sorted(n for n in names if n not in present and n not in BUILTIN_NAMESPACES)
                if not absent:
                    continue
                plural = "namespaces" if len(absent) > 1 else "namespace"
                yield Violation(
                    ("spec", "ingress", i, "from", j, "namespaceSelector"),
                    f"NetworkPolicy {resource.name}: ingress rule {i} admits pods of {plural} {', '.join(absent)}, "
                    "which the set neither declares nor holds any object in: the connections it allows cannot be "
                    "analysed (check the name)",
                )

    @staticmethod
    def _names(selector: dict) -> list[str]:
        names: list[str] = []
        labels = selector.get("matchLabels")
        if isinstance(labels, dict) and isinstance(labels.get(NAME_LABEL), str):
            names.append(labels[NAME_LABEL])
        for expr in items(selector, "matchExpressions"):
            if isinstance(expr, dict) and expr.get("key") == NAME_LABEL and expr.get("operator") == "In":
                values = expr.get("values")
                if isinstance(values, list):
                    names.extend(v for v in values if isinstance(v, str))
        return names
