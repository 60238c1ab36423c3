"""The pod spec and everything inside it."""

from __future__ import annotations

from k8slint.model.base import IntOrString, K8sModel, ResourceList, StrMap, alias
from k8slint.model.meta import LabelSelector, ObjectMeta


class Capabilities(K8sModel):
    add: list[str] | None = None
    drop: list[str] | None = None


class SeccompProfile(K8sModel):
    type: str | None = None
    localhost_profile: str | None = None


class SecurityContext(K8sModel):
    privileged: bool | None = None
    allow_privilege_escalation: bool | None = None
    read_only_root_filesystem: bool | None = None
    run_as_non_root: bool | None = None
    run_as_user: int | None = None
    run_as_group: int | None = None
    capabilities: Capabilities | None = None
    seccomp_profile: SeccompProfile | None = None
    proc_mount: str | None = None


class PodSecurityContext(K8sModel):
    run_as_non_root: bool | None = None
    run_as_user: int | None = None
    run_as_group: int | None = None
    fs_group: int | None = None
    supplemental_groups: list[int] | None = None
    seccomp_profile: SeccompProfile | None = None
    sysctls: list[dict[str, str]] | None = None


class ResourceRequirements(K8sModel):
    limits: ResourceList | None = None
    requests: ResourceList | None = None


class ContainerPort(K8sModel):
    name: str | None = None
    container_port: int | None = None
    host_port: int | None = None
    protocol: str | None = None


class KeySelector(K8sModel):
    name: str | None = None
    key: str | None = None
    optional: bool | None = None


class EnvVarSource(K8sModel):
    config_map_key_ref: KeySelector | None = None
    secret_key_ref: KeySelector | None = None


class EnvVar(K8sModel):
    name: str | None = None
    value: str | None = None
    value_from: EnvVarSource | None = None


class NameRef(K8sModel):
    name: str | None = None
    optional: bool | None = None


class EnvFromSource(K8sModel):
    prefix: str | None = None
    config_map_ref: NameRef | None = None
    secret_ref: NameRef | None = None


class HTTPGetAction(K8sModel):
    path: str | None = None
    port: IntOrString | None = None
    scheme: str | None = None


class TCPSocketAction(K8sModel):
    port: IntOrString | None = None


class Probe(K8sModel):
    http_get: HTTPGetAction | None = None
    tcp_socket: TCPSocketAction | None = None
    exec: dict[str, list[str]] | None = None
    grpc: dict[str, object] | None = None
    initial_delay_seconds: int | None = None
    period_seconds: int | None = None
    timeout_seconds: int | None = None
    failure_threshold: int | None = None
    success_threshold: int | None = None


class VolumeMount(K8sModel):
    name: str | None = None
    mount_path: str | None = None
    read_only: bool | None = None
    sub_path: str | None = None


class Container(K8sModel):
    name: str | None = None
    image: str | None = None
    image_pull_policy: str | None = None
    command: list[str] | None = None
    args: list[str] | None = None
    ports: list[ContainerPort] | None = None
    env: list[EnvVar] | None = None
    env_from: list[EnvFromSource] | None = None
    resources: ResourceRequirements | None = None
    security_context: SecurityContext | None = None
    liveness_probe: Probe | None = None
    readiness_probe: Probe | None = None
    startup_probe: Probe | None = None
    volume_mounts: list[VolumeMount] | None = None
    restart_policy: str | None = None  # "Always" on an init container makes it a sidecar


class KeyToPath(K8sModel):
    key: str | None = None
    path: str | None = None


class ConfigMapVolumeSource(K8sModel):
    name: str | None = None
    optional: bool | None = None
    items: list[KeyToPath] | None = None


class SecretVolumeSource(K8sModel):
    secret_name: str | None = None
    optional: bool | None = None
    items: list[KeyToPath] | None = None


class PVCVolumeSource(K8sModel):
    claim_name: str | None = None
    read_only: bool | None = None


class HostPathVolumeSource(K8sModel):
    path: str | None = None
    type: str | None = None


class ProjectedSource(K8sModel):
    config_map: ConfigMapVolumeSource | None = None
    secret: ConfigMapVolumeSource | None = None
    service_account_token: dict[str, object] | None = None


class ProjectedVolumeSource(K8sModel):
    sources: list[ProjectedSource] | None = None


class Volume(K8sModel):
    name: str | None = None
    config_map: ConfigMapVolumeSource | None = None
    secret: SecretVolumeSource | None = None
    persistent_volume_claim: PVCVolumeSource | None = None
    host_path: HostPathVolumeSource | None = None
    empty_dir: dict[str, object] | None = None
    projected: ProjectedVolumeSource | None = None


class Toleration(K8sModel):
    key: str | None = None
    operator: str | None = None
    value: str | None = None
    effect: str | None = None
    toleration_seconds: int | None = None


class NodeSelectorRequirement(K8sModel):
    key: str | None = None
    operator: str | None = None
    values: list[str] | None = None


class NodeSelectorTerm(K8sModel):
    match_expressions: list[NodeSelectorRequirement] | None = None
    match_fields: list[NodeSelectorRequirement] | None = None


class NodeSelector(K8sModel):
    node_selector_terms: list[NodeSelectorTerm] | None = None


class PreferredSchedulingTerm(K8sModel):
    weight: int | None = None
    preference: NodeSelectorTerm | None = None


class NodeAffinity(K8sModel):
    required_during_scheduling_ignored_during_execution: NodeSelector | None = None
    preferred_during_scheduling_ignored_during_execution: list[PreferredSchedulingTerm] | None = None


class PodAffinityTerm(K8sModel):
    label_selector: LabelSelector | None = None
    namespace_selector: LabelSelector | None = None
    namespaces: list[str] | None = None
    topology_key: str | None = None
    match_label_keys: list[str] | None = None
    mismatch_label_keys: list[str] | None = None


class WeightedPodAffinityTerm(K8sModel):
    weight: int | None = None
    pod_affinity_term: PodAffinityTerm | None = None


class PodAffinity(K8sModel):
    required_during_scheduling_ignored_during_execution: list[PodAffinityTerm] | None = None
    preferred_during_scheduling_ignored_during_execution: list[WeightedPodAffinityTerm] | None = None


class Affinity(K8sModel):
    node_affinity: NodeAffinity | None = None
    pod_affinity: PodAffinity | None = None
    pod_anti_affinity: PodAffinity | None = None


class TopologySpreadConstraint(K8sModel):
    max_skew: int | None = None
    topology_key: str | None = None
    when_unsatisfiable: str | None = None
    label_selector: LabelSelector | None = None
    min_domains: int | None = None
    match_label_keys: list[str] | None = None
    node_affinity_policy: str | None = None
    node_taints_policy: str | None = None


class LocalObjectReference(K8sModel):
    name: str | None = None


class PodSpec(K8sModel):
    containers: list[Container] | None = None
    init_containers: list[Container] | None = None
    ephemeral_containers: list[Container] | None = None
    volumes: list[Volume] | None = None
    service_account_name: str | None = None
    service_account: str | None = None  # deprecated alias of serviceAccountName
    automount_service_account_token: bool | None = None
    node_name: str | None = None
    node_selector: StrMap | None = None
    affinity: Affinity | None = None
    tolerations: list[Toleration] | None = None
    topology_spread_constraints: list[TopologySpreadConstraint] | None = None
    priority_class_name: str | None = None
    priority: int | None = None
    scheduler_name: str | None = None
    host_network: bool | None = None
    host_pid: bool | None = alias("hostPID")
    host_ipc: bool | None = alias("hostIPC")
    host_users: bool | None = None
    security_context: PodSecurityContext | None = None
    restart_policy: str | None = None
    dns_policy: str | None = None
    image_pull_secrets: list[LocalObjectReference] | None = None
    runtime_class_name: str | None = None
    overhead: ResourceList | None = None
    resources: dict[str, ResourceList] | None = None  # pod-level resources
    termination_grace_period_seconds: int | None = None
    share_process_namespace: bool | None = None
    hostname: str | None = None
    subdomain: str | None = None


class PodTemplateSpec(K8sModel):
    metadata: ObjectMeta | None = None
    spec: PodSpec | None = None


class Pod(K8sModel):
    metadata: ObjectMeta | None = None
    spec: PodSpec | None = None
    status: dict[str, object] | None = None


__all__ = ["Container", "ObjectMeta", "Pod", "PodSpec", "PodTemplateSpec", "StrMap"]
