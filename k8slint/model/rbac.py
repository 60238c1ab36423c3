"""RBAC: roles, bindings and their subjects."""

from __future__ import annotations

from k8slint.model.base import K8sModel, alias
from k8slint.model.meta import LabelSelector, ObjectMeta


class PolicyRule(K8sModel):
    api_groups: list[str] | None = None
    resources: list[str] | None = None
    verbs: list[str] | None = None
    resource_names: list[str] | None = None
    non_resource_urls: list[str] | None = alias("nonResourceURLs")


class AggregationRule(K8sModel):
    cluster_role_selectors: list[LabelSelector] | None = None


class Role(K8sModel):
    metadata: ObjectMeta | None = None
    rules: list[PolicyRule] | None = None


class ClusterRole(Role):
    aggregation_rule: AggregationRule | None = None


class Subject(K8sModel):
    kind: str | None = None
    api_group: str | None = None
    name: str | None = None
    namespace: str | None = None


class RoleRef(K8sModel):
    api_group: str | None = None
    kind: str | None = None
    name: str | None = None


class RoleBinding(K8sModel):
    metadata: ObjectMeta | None = None
    subjects: list[Subject] | None = None
    role_ref: RoleRef | None = None


class ClusterRoleBinding(RoleBinding):
    pass
