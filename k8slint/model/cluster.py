"""Namespaces, identities, configuration, storage, nodes and CRDs."""

from __future__ import annotations

from k8slint.model.base import K8sModel, ResourceList, StrMap, alias
from k8slint.model.meta import ObjectMeta
from k8slint.model.pod import LocalObjectReference, NodeSelector, Toleration


class Namespace(K8sModel):
    metadata: ObjectMeta | None = None


class ServiceAccount(K8sModel):
    metadata: ObjectMeta | None = None
    automount_service_account_token: bool | None = None
    secrets: list[dict[str, object]] | None = None
    image_pull_secrets: list[LocalObjectReference] | None = None


class ConfigMap(K8sModel):
    metadata: ObjectMeta | None = None
    data: StrMap | None = None
    binary_data: StrMap | None = None
    immutable: bool | None = None


class Secret(K8sModel):
    metadata: ObjectMeta | None = None
    type: str | None = None
    data: StrMap | None = None
    string_data: StrMap | None = None
    immutable: bool | None = None


class Taint(K8sModel):
    key: str | None = None
    value: str | None = None
    effect: str | None = None


class NodeSpec(K8sModel):
    unschedulable: bool | None = None
    taints: list[Taint] | None = None
    pod_cidr: str | None = None


class NodeStatus(K8sModel):
    capacity: ResourceList | None = None
    allocatable: ResourceList | None = None


class Node(K8sModel):
    metadata: ObjectMeta | None = None
    spec: NodeSpec | None = None
    status: NodeStatus | None = None


class PersistentVolumeSpec(K8sModel):
    capacity: ResourceList | None = None
    access_modes: list[str] | None = None
    storage_class_name: str | None = None
    persistent_volume_reclaim_policy: str | None = None
    volume_mode: str | None = None
    claim_ref: dict[str, object] | None = None
    node_affinity: dict[str, NodeSelector] | None = None


class PersistentVolume(K8sModel):
    metadata: ObjectMeta | None = None
    spec: PersistentVolumeSpec | None = None


class VolumeResourceRequirements(K8sModel):
    requests: ResourceList | None = None
    limits: ResourceList | None = None


class PersistentVolumeClaimSpec(K8sModel):
    access_modes: list[str] | None = None
    resources: VolumeResourceRequirements | None = None
    storage_class_name: str | None = None
    volume_name: str | None = None
    volume_mode: str | None = None


class PersistentVolumeClaim(K8sModel):
    metadata: ObjectMeta | None = None
    spec: PersistentVolumeClaimSpec | None = None


class StorageClass(K8sModel):
    metadata: ObjectMeta | None = None
    provisioner: str | None = None
    parameters: StrMap | None = None
    reclaim_policy: str | None = None
    volume_binding_mode: str | None = None
    allow_volume_expansion: bool | None = None


class CRDNames(K8sModel):
    kind: str | None = None
    plural: str | None = None
    singular: str | None = None
    list_kind: str | None = None
    short_names: list[str] | None = None


class CRDVersion(K8sModel):
    name: str | None = None
    served: bool | None = None
    storage: bool | None = None
    schema_: dict[str, object] | None = alias("schema")


class CustomResourceDefinitionSpec(K8sModel):
    group: str | None = None
    names: CRDNames | None = None
    scope: str | None = None
    versions: list[CRDVersion] | None = None
    version: str | None = None  # apiextensions.k8s.io/v1beta1


class CustomResourceDefinition(K8sModel):
    metadata: ObjectMeta | None = None
    spec: CustomResourceDefinitionSpec | None = None


__all__ = ["Toleration"]
