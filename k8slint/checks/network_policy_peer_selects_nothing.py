from collections.abc import Iterator
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import has_pod_templates, operator_owner
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.builders import runtime_labels
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, get, items
from k8slint.selectors import Selector, SelectorError, selector_text

NAME_LABEL = "kubernetes.io/metadata.name"
BUILTIN_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")


def _namespaces(ctx: AnalysisContext) -> dict[str, dict[str, Any]] | None:
    """Namespace name -> labels (with the automatic name label) for the Namespaces the set
    declares (with --assume-complete, also every namespace its objects use and the built-in
    ones); None when it declares none, or when kustomize may rename or relabel them."""
    if "peer-namespaces" not in ctx.memo:
        known: dict[str, dict[str, Any]] | None = {}
        for r in ctx.resources:
            if r.kind != "Namespace" or r.ref.group != "" or known is None:
                continue
            if r.doc.file in ctx.kustomize_patched or r.doc.file in ctx.kustomize_namespaced:
                known = None
            else:
                known[r.name] = {**r.labels, NAME_LABEL: r.name}
        if known and ctx.settings.assume_complete:
            used = {r.namespace for r in ctx.resources if r.namespace} | set(BUILTIN_NAMESPACES)
            known.update({n: {NAME_LABEL: n} for n in used if n not in known})
        ctx.memo["peer-namespaces"] = known or None
    return ctx.memo["peer-namespaces"]


def _closed(selector: Selector, known: dict[str, dict[str, Any]], ctx: AnalysisContext) -> bool:
    """Whether no namespace outside ``known`` can match: the set is complete, or the selector
    names one of the declared Namespaces (by its name label or as a label value), so the
    declared labels decide."""
    if ctx.settings.assume_complete:
        return True
    return any(r.operator == "In" and r.values & known.keys() for r in selector.requirements)


def _parse(raw: Any) -> Selector | None:
    try:
        return Selector.from_label_selector(raw) if isinstance(raw, dict) else None
    except (SelectorError, TypeError):  # TypeError: an operator that is a list or a map
        return None


def _matches(ctx: AnalysisContext, namespaces: list[str | None], pods: Selector) -> bool:
    """Whether a pod template of ``namespaces`` matches (with the labels controllers add)."""
    return any(
        t.namespace in namespaces and any(pods.matches(labels) for labels in runtime_labels(t, pods))
        for t in ctx.templates
    )


class NetworkPolicyPeerSelectsNothing(ResourceRule):
    """
    ## What it finds
    A NetworkPolicy ingress `from` or egress `to` peer that matches nothing in the set:

    - a peer with only a `podSelector` selects pods of the policy's own namespace: reported when
      no pod template there matches it (the message says so when the policy's directory has no pod
      template in that namespace, the set being probably partial), unless a custom resource of
      the namespace carries the labels (an operator creates the pods);
    - a peer with a `namespaceSelector` selects namespaces by their labels (a Namespace's
      `metadata.labels` plus the automatic `kubernetes.io/metadata.name=<name>`): reported when
      it matches no Namespace of the set; with a `podSelector` too (both in one element: AND),
      when no pod template of the selected namespaces matches it (and each of them has pod
      templates in the set).

    An empty selector `{}` matches everything and is never reported; `ipBlock` peers are skipped.
    Namespace selectors are evaluated only when the set declares Namespace objects and the
    selector names one of them (by its name label or as a label value), or with
    `--assume-complete`: other namespaces of the cluster have labels the set does not show.
    Unlike kube-linter's `dangling-networkpolicypeer-podselector`, peers with a
    `namespaceSelector` are checked too.

    ## Why it matters
    The peer allows no traffic: the connections the rule was written for stay blocked once the
    policy isolates the pods. The usual causes are a label typo, a namespace that lacks the label
    (`name: shop` where only `kubernetes.io/metadata.name: shop` exists), and a `podSelector`
    meant for another namespace written without a `namespaceSelector`.

    ## How to fix
    Match the labels the pods and namespaces carry; select a namespace by
    `kubernetes.io/metadata.name`; put `podSelector` and `namespaceSelector` in one peer element
    to select pods of another namespace.

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
      podSelector: {}
      ingress:
        - from:
            - podSelector:
                matchLabels: {app: wbe}
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
      podSelector: {}
      ingress:
        - from:
            - podSelector:
                matchLabels: {app: web}
    ```
    """

    id = "network-policy-peer-selects-nothing"
    category = Category.REFERENCES
    level = Level.NOTE
    summary = "NetworkPolicy peer selector matches no pod or namespace"
    aliases = ("kube-linter:dangling-networkpolicypeer-podselector",)
    targets = frozenset({"NetworkPolicy"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "networking.k8s.io":
            return
        spec = get(resource.raw, ("spec",))
        for direction, key in (("ingress", "from"), ("egress", "to")):
            for i, rule in enumerate(items(spec, direction)):
                for j, peer in enumerate(items(rule, key)):
                    if isinstance(peer, dict) and "ipBlock" not in peer:
                        where = f"peer {key}[{j}] of {direction} rule {i}"
                        yield from self._peer(resource, peer, ("spec", direction, i, key, j), where, ctx)

    def _peer(
        self, policy: Resource, peer: dict, path: Path, where: str, ctx: AnalysisContext
    ) -> Iterator[Violation]:
        pods, spaces = _parse(peer.get("podSelector")), _parse(peer.get("namespaceSelector"))
        if peer.get("namespaceSelector") is None:
            if pods is None or pods.everything or _matches(ctx, [policy.namespace], pods):
                return
            ns = policy.namespace
            if operator_owner(ctx, ns, pods) is not None:
                return  # a custom resource carries the labels: its operator creates the pods
            message = (
                f"NetworkPolicy {policy.name}: the {where} selects no pods: no pod template in namespace "
                f"{ns} matches podSelector {selector_text(pods)} (without a namespaceSelector, a peer "
                "selects pods of the policy's own namespace only)"
            )
            if ns == "kube-system" or not has_pod_templates(ctx, ns, policy):
                message += (
                    f"; the policy's directory has no pod template in namespace {ns}: the set may be partial"
                )
            else:
                message += ", so it allows no traffic"
            yield Violation((*path, "podSelector"), message)
            return
        known = _namespaces(ctx)
        if spaces is None or spaces.everything or known is None or not _closed(spaces, known, ctx):
            return
        matched = sorted(n for n, labels in known.items() if spaces.matches(labels))
        if not matched:
            named = sorted(
                {n for r in spaces.requirements if r.operator == "In" for n in r.values & known.keys()}
            )
            shown = "; ".join(
                f"Namespace {n} has labels " + ", ".join(f"{k}={v}" for k, v in known[n].items())
                for n in named
            )
            yield Violation(
                (*path, "namespaceSelector"),
                f"NetworkPolicy {policy.name}: the {where} selects no namespace: no Namespace of the set "
                f"matches namespaceSelector {selector_text(spaces)}"
                + (f" ({shown})" if shown else "")
                + ", so it allows no traffic",
            )
        elif pods is not None and not pods.everything and self._no_pods(ctx, matched, pods):
            yield Violation(
                (*path, "podSelector"),
                f"NetworkPolicy {policy.name}: the {where} selects no pods: no pod template in "
                f"{'namespaces' if len(matched) > 1 else 'namespace'} {', '.join(matched)} (selected by its "
                f"namespaceSelector) matches podSelector "
                f"{selector_text(pods)}, so it allows no traffic",
            )

    @staticmethod
    def _no_pods(ctx: AnalysisContext, namespaces: list[str], pods: Selector) -> bool:
        """No pod template of ``namespaces`` matches, and the set is complete enough to tell:
        each namespace has pod templates in the set, none is kube-system, and no custom resource
        there carries the labels (an operator would create the pods)."""
        for ns in namespaces:
            if ns == "kube-system" or not has_pod_templates(ctx, ns):
                return False
            if operator_owner(ctx, ns, pods) is not None:
                return False
        return not _matches(ctx, namespaces, pods)
