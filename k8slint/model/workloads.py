"""Workload controllers: everything that owns a pod template."""

from __future__ import annotations

from k8slint.model.base import IntOrString, K8sModel
from k8slint.model.meta import LabelSelector, ObjectMeta
from k8slint.model.pod import PodTemplateSpec


class RollingUpdate(K8sModel):
    max_unavailable: IntOrString | None = None
    max_surge: IntOrString | None = None
    partition: int | None = None


class Strategy(K8sModel):
    type: str | None = None
    rolling_update: RollingUpdate | None = None


class WorkloadSpec(K8sModel):
    replicas: int | None = None
    selector: LabelSelector | None = None
    template: PodTemplateSpec | None = None
    strategy: Strategy | None = None  # Deployment
    update_strategy: Strategy | None = None  # StatefulSet, DaemonSet
    min_ready_seconds: int | None = None
    service_name: str | None = None  # StatefulSet
    pod_management_policy: str | None = None


class Deployment(K8sModel):
    metadata: ObjectMeta | None = None
    spec: WorkloadSpec | None = None


class StatefulSet(Deployment):
    pass


class DaemonSet(Deployment):
    pass


class ReplicaSet(Deployment):
    pass


class ReplicationControllerSpec(K8sModel):
    replicas: int | None = None
    selector: dict[str, str] | None = None  # a plain map, not a LabelSelector
    template: PodTemplateSpec | None = None
    min_ready_seconds: int | None = None


class ReplicationController(K8sModel):
    metadata: ObjectMeta | None = None
    spec: ReplicationControllerSpec | None = None


class JobSpec(K8sModel):
    parallelism: int | None = None
    completions: int | None = None
    backoff_limit: int | None = None
    active_deadline_seconds: int | None = None
    ttl_seconds_after_finished: int | None = None
    selector: LabelSelector | None = None
    manual_selector: bool | None = None
    template: PodTemplateSpec | None = None


class Job(K8sModel):
    metadata: ObjectMeta | None = None
    spec: JobSpec | None = None


class JobTemplateSpec(K8sModel):
    metadata: ObjectMeta | None = None
    spec: JobSpec | None = None


class CronJobSpec(K8sModel):
    schedule: str | None = None
    time_zone: str | None = None
    concurrency_policy: str | None = None
    suspend: bool | None = None
    job_template: JobTemplateSpec | None = None
    successful_jobs_history_limit: int | None = None
    failed_jobs_history_limit: int | None = None


class CronJob(K8sModel):
    metadata: ObjectMeta | None = None
    spec: CronJobSpec | None = None


class PodTemplate(K8sModel):
    metadata: ObjectMeta | None = None
    template: PodTemplateSpec | None = None
