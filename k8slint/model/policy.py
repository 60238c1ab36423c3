"""Admission and availability policy: quotas, limit ranges, priority, PDB, HPA."""

from __future__ import annotations

from k8slint.model.base import IntOrString, K8sModel, ResourceList, alias
from k8slint.model.meta import LabelSelector, ObjectMeta


class ScopedResourceSelectorRequirement(K8sModel):
    scope_name: str | None = None
    operator: str | None = None
    values: list[str] | None = None


class ScopeSelector(K8sModel):
    match_expressions: list[ScopedResourceSelectorRequirement] | None = None


class ResourceQuotaSpec(K8sModel):
    hard: ResourceList | None = None
    scopes: list[str] | None = None
    scope_selector: ScopeSelector | None = None


class ResourceQuota(K8sModel):
    metadata: ObjectMeta | None = None
    spec: ResourceQuotaSpec | None = None


class LimitRangeItem(K8sModel):
    type: str | None = None
    max: ResourceList | None = None
    min: ResourceList | None = None
    default: ResourceList | None = None
    default_request: ResourceList | None = None
    max_limit_request_ratio: ResourceList | None = None


class LimitRangeSpec(K8sModel):
    limits: list[LimitRangeItem] | None = None


class LimitRange(K8sModel):
    metadata: ObjectMeta | None = None
    spec: LimitRangeSpec | None = None


class PriorityClass(K8sModel):
    metadata: ObjectMeta | None = None
    value: int | None = None
    global_default: bool | None = None
    preemption_policy: str | None = None


class PodDisruptionBudgetSpec(K8sModel):
    min_available: IntOrString | None = None
    max_unavailable: IntOrString | None = None
    selector: LabelSelector | None = None
    unhealthy_pod_eviction_policy: str | None = None


class PodDisruptionBudget(K8sModel):
    metadata: ObjectMeta | None = None
    spec: PodDisruptionBudgetSpec | None = None


class CrossVersionObjectReference(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    name: str | None = None


class MetricTarget(K8sModel):
    type: str | None = None
    average_utilization: int | None = None


class ResourceMetricSource(K8sModel):
    name: str | None = None
    target: MetricTarget | None = None


class ContainerResourceMetricSource(ResourceMetricSource):
    container: str | None = None


class MetricSpec(K8sModel):
    type: str | None = None
    resource: ResourceMetricSource | None = None
    container_resource: ContainerResourceMetricSource | None = None


class HorizontalPodAutoscalerSpec(K8sModel):
    scale_target_ref: CrossVersionObjectReference | None = None
    min_replicas: int | None = None
    max_replicas: int | None = None
    metrics: list[MetricSpec] | None = None
    target_cpu_utilization_percentage: int | None = alias("targetCPUUtilizationPercentage")


class HorizontalPodAutoscaler(K8sModel):
    metadata: ObjectMeta | None = None
    spec: HorizontalPodAutoscalerSpec | None = None
