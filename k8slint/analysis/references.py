"""Lookups the references rules share: objects of the set by kind, namespace and name, and
whether the set can be trusted to be complete for a kind in a namespace.

A set is often partial (one application out of a cluster, or a repository of unrelated examples),
so a reference to an absent object is only an error when the referrer's own directory declares
objects of that kind in that namespace (or with --assume-complete); otherwise it is a note."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.priority import SYSTEM_CLASSES
from k8slint.findings import Level
from k8slint.model.kinds import is_builtin
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get
from k8slint.selectors import Requirement, Selector

BUILTIN_PRIORITY_CLASSES = frozenset(SYSTEM_CLASSES)
BUILTIN_CLUSTER_ROLES = frozenset({"cluster-admin", "admin", "edit", "view"})
# Roles the API server creates in kube-system (besides the system:* ones)
BUILTIN_KUBE_SYSTEM_ROLES = frozenset({"extension-apiserver-authentication-reader"})


def _index(ctx: AnalysisContext) -> dict[tuple[str, str | None], dict[str, list[Resource]]]:
    index = ctx.memo.get("objects-by-kind")
    if index is None:
        index = defaultdict(lambda: defaultdict(list))
        for r in ctx.resources:
            index[(r.kind, r.namespace)][r.name].append(r)
        ctx.memo["objects-by-kind"] = index
    return index


# the API group a reference by kind alone means (a Knative Service is not a Service)
KIND_GROUPS = {
    **dict.fromkeys(
        (
            "Service",
            "Secret",
            "ConfigMap",
            "ServiceAccount",
            "PersistentVolumeClaim",
            "PersistentVolume",
            "Endpoints",
        ),
        "",
    ),
    "Role": "rbac.authorization.k8s.io",
    "ClusterRole": "rbac.authorization.k8s.io",
    "PriorityClass": "scheduling.k8s.io",
    "RuntimeClass": "node.k8s.io",
    "StorageClass": "storage.k8s.io",
    "IngressClass": "networking.k8s.io",
}


def _candidates(ctx: AnalysisContext, kind: str, namespace: str | None, name: str | None) -> list[Resource]:
    by_name = _index(ctx).get((kind, namespace), {})
    found = by_name.get(name, []) if name is not None else [r for rs in by_name.values() for r in rs]
    group = KIND_GROUPS.get(kind)
    return found if group is None else [r for r in found if r.ref.group == group]


def find(
    ctx: AnalysisContext, kind: str, namespace: str | None, name: str, near: Resource | None = None
) -> Resource | None:
    """The object of the set of that kind, namespace and name; several (unrelated examples of one
    repository often reuse names): the one in ``near``'s file, else its directory, else the first."""
    found = _candidates(ctx, kind, namespace, name)
    if near is not None and len(found) > 1:
        here = os.path.dirname(near.doc.file)
        found = sorted(
            found, key=lambda r: (r.doc.file != near.doc.file, os.path.dirname(r.doc.file) != here)
        )
    return found[0] if found else None


def declares(ctx: AnalysisContext, kind: str, namespace: str | None, near: Resource | None = None) -> bool:
    """Whether the set declares ``kind`` in ``namespace``; with ``near``, in the same directory."""
    found = _candidates(ctx, kind, namespace, None)
    if near is None:
        return bool(found)
    here = os.path.dirname(near.doc.file)
    return any(os.path.dirname(r.doc.file) == here for r in found)


def missing_level(
    ctx: AnalysisContext, kind: str, namespace: str | None, referrer: Resource | None = None
) -> Level | None:
    """None (the rule's own level) when the set is complete for the kind here, else NOTE. A
    referrer whose namespace a kustomization sets at build time may look in the wrong namespace;
    no repository describes all of kube-system."""
    if referrer is not None and referrer.doc.file in ctx.kustomize_namespaced:
        return Level.NOTE
    if namespace == "kube-system" and not ctx.settings.assume_complete:
        return Level.NOTE  # cluster add-ons live there, installed from elsewhere
    if ctx.settings.assume_complete or declares(ctx, kind, namespace, referrer):
        return None
    return Level.NOTE


def selected_templates(ctx: AnalysisContext, service: Resource) -> list:
    """The pod templates a Service selects (from the graph's SELECTS edges). Edges are keyed by
    namespace and name: two declarations of one Service (a base and an overlay) share them, so
    each template is checked against this declaration's own selector."""
    from k8slint.graph.builders import runtime_labels
    from k8slint.graph.graph import EdgeKind
    from k8slint.selectors import Selector, SelectorError

    refs = {e.target for e in ctx.graph.out_edges(service.ref, EdgeKind.SELECTS)}
    if not refs:
        return []
    try:
        selector = Selector.from_map(get(service.raw, ("spec", "selector")))
    except SelectorError:
        return []
    return [
        t
        for t in ctx.templates
        if t.resource.ref in refs and any(selector.matches(labels) for labels in runtime_labels(t, selector))
    ]


def has_pod_templates(ctx: AnalysisContext, namespace: str | None, near: Resource | None = None) -> bool:
    """Whether the set has pod templates in ``namespace``; with ``near``, in the same directory."""
    here = os.path.dirname(near.doc.file) if near is not None else None
    return any(
        t.namespace == namespace and (here is None or os.path.dirname(t.resource.doc.file) == here)
        for t in ctx.templates
    )


MONITORING_GROUP = "monitoring.coreos.com"
_PROM_NAME, _PROM_SHARD = "operator.prometheus.io/name", "operator.prometheus.io/shard"
# Prometheus operator kinds -> app.kubernetes.io/name of their pods, and the label keyed by kind
# (pkg/prometheus/server/statefulset.go, pkg/prometheus/agent, pkg/alertmanager/statefulset.go,
# pkg/thanos/statefulset.go)
PROMETHEUS_OPERATOR_PODS: dict[str, tuple[str, str | None]] = {
    "Prometheus": ("prometheus", "prometheus"),
    "PrometheusAgent": ("prometheus-agent", None),
    "Alertmanager": ("alertmanager", "alertmanager"),
    "ThanosRuler": ("thanos-ruler", "thanos-ruler"),
}
# labels whose value depends on the operator's version or flags: any requirement on them may hold
_UNKNOWN_VALUES = frozenset({"app.kubernetes.io/version"})


def _operator_pod_labels(r: Resource) -> tuple[dict[str, str], dict[str, frozenset[str]]] | None:
    """The labels the Prometheus operator gives the pods of ``r``, and the labels whose value is
    one of several (an older operator's ``app``, a shard number); None for any other kind."""
    if r.ref.group != MONITORING_GROUP or r.kind not in PROMETHEUS_OPERATOR_PODS:
        return None
    app, by_kind = PROMETHEUS_OPERATOR_PODS[r.kind]
    pod_labels = get(r.raw, ("spec", "podMetadata", "labels"))
    labels = (
        {k: v for k, v in pod_labels.items() if isinstance(v, str)} if isinstance(pod_labels, dict) else {}
    )
    labels.update(
        {
            "app.kubernetes.io/name": app,
            "app.kubernetes.io/instance": r.name,
            "app.kubernetes.io/managed-by": "prometheus-operator",
        }
    )
    choices: dict[str, frozenset[str]] = {}
    if by_kind is not None:
        labels[by_kind] = r.name
    if r.kind in ("Prometheus", "PrometheusAgent"):
        labels[_PROM_NAME] = r.name
        shards = get(r.raw, ("spec", "shards"))
        count = shards if isinstance(shards, int) and not isinstance(shards, bool) and shards > 0 else 1
        choices[_PROM_SHARD] = frozenset(str(i) for i in range(min(count, 1000)))
    if r.kind in ("Alertmanager", "ThanosRuler"):
        choices["app"] = frozenset({app})  # set by older operator versions, next to the others
    for key in choices:
        labels.pop(key, None)
    return labels, choices


def _selects_operator_pods(
    selector: Selector, fixed: dict[str, str], choices: dict[str, frozenset[str]]
) -> bool:
    for req in selector.requirements:
        if req.key in _UNKNOWN_VALUES:
            continue
        if req.key in choices:
            # an older operator may omit the label: its absence counts too
            options: list[dict[str, str]] = [{req.key: v} for v in choices[req.key]] + [{}]
            if not any(req.matches(o) for o in options):
                return False
        elif not req.matches(fixed):
            return False
    return not selector.nothing


def operator_owner(
    ctx: AnalysisContext, namespace: str | None, selector: Selector | Mapping[str, Any]
) -> Resource | None:
    """A custom resource of ``namespace`` whose operator creates pods the selector matches (a
    plain map is compared by equality). The Prometheus operator's kinds (Prometheus,
    PrometheusAgent, Alertmanager, ThanosRuler) give their pods fixed labels plus
    ``spec.podMetadata.labels``; for other operators, the custom resource's own labels stand in
    (they usually pass them on). A custom resource of unknown scope without a namespace counts as
    in ``default``."""
    if not isinstance(selector, Selector):
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in selector.items()):
            return None  # a label value is a string: such a map selects nothing
        selector = Selector(tuple(Requirement(k, "In", frozenset([v])) for k, v in selector.items()))
    for r in ctx.resources:
        # an object of unknown scope without a namespace lands in "default" if namespaced
        ns = "default" if r.namespace is None and r.namespaced is None else r.namespace
        if ns != namespace or is_builtin(r.ref.group, r.kind):
            continue
        pods = _operator_pod_labels(r)
        if pods is not None:
            if _selects_operator_pods(selector, *pods):
                return r
        elif selector.matches(r.labels):
            return r
    return None


def _bound_here(ctx: AnalysisContext, role: Resource, namespace: str | None) -> bool:
    """A ClusterRole granted in ``namespace`` by a RoleBinding there, or by a ClusterRoleBinding,
    to a ServiceAccount of that namespace."""
    from k8slint.graph.graph import EdgeKind

    for edge in ctx.graph.in_edges(role.ref, EdgeKind.GRANTS):
        binding = ctx.graph.resource(edge.source)
        if binding is None:
            continue
        if binding.kind == "RoleBinding" and binding.namespace != namespace:
            continue
        subjects = ctx.graph.out_edges(binding.ref, EdgeKind.BINDS)
        if any(s.target.kind == "ServiceAccount" and s.target.namespace == namespace for s in subjects):
            return True
    return False


Place = tuple[str, frozenset[str]]  # a file's directory, and the kustomizations that build it


def place(r: Resource) -> Place:
    """Where an object lives, as same_tree judges it: a memo key for judgments by place."""
    return os.path.dirname(r.doc.file), r.doc.kustomizations


def related_places(a: Place, b: Place) -> bool:
    """One directory, or one directory below the other, or files that one kustomization of the set
    builds together (the sibling bases an overlay lists)."""
    (da, ka), (db, kb) = a, b
    if da == db or da.startswith(db + os.sep) or db.startswith(da + os.sep):
        return True
    return bool(ka) and bool(kb) and not ka.isdisjoint(kb)


def same_tree(a: Resource, b: Resource) -> bool:
    """Whether two objects belong to one deployment of a checked repository (related_places)."""
    return related_places(place(a), place(b))


def created_at_runtime(
    ctx: AnalysisContext, kind: str, namespace: str | None, near: Resource
) -> Resource | None:
    """A Role of the namespace, or a ClusterRole bound to one of its ServiceAccounts, that may
    create objects of ``kind`` (ConfigMap or Secret): cert generators and init Jobs create such
    objects after deploy. Only roles of ``near``'s directory tree count (the whole set with
    --assume-complete): a repository of unrelated projects shares namespace names."""
    from k8slint.parse.sourcemap import items

    plural = {"Secret": "secrets", "ConfigMap": "configmaps"}.get(kind)
    if plural is None:
        return None
    memo = ctx.memo.setdefault("runtime-creators", {})
    key = (kind, namespace, None if ctx.settings.assume_complete else place(near))
    if key not in memo:
        memo[key] = None
        for role in ctx.resources:
            if role.ref.group != "rbac.authorization.k8s.io" or role.kind not in ("Role", "ClusterRole"):
                continue
            if not ctx.settings.assume_complete and not same_tree(role, near):
                continue
            if role.kind == "Role" and role.namespace != namespace:
                continue
            if role.kind == "ClusterRole" and not _bound_here(ctx, role, namespace):
                continue
            for rule in items(role.raw, "rules"):
                verbs = set(items(rule, "verbs"))
                resources = set(items(rule, "resources"))
                groups = set(items(rule, "apiGroups"))
                if verbs & {"create", "*"} and resources & {plural, "*"} and groups & {"", "*"}:
                    memo[key] = role
                    break
            if memo[key] is not None:
                break
    return memo[key]
