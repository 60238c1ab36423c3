"""Which built-in kinds exist, where they live, and which typed model reads them."""

from __future__ import annotations

from functools import cache

from k8slint.model.base import K8sModel

# Pod template location for each built-in workload kind.
POD_TEMPLATE_PATHS: dict[str, tuple[str, ...]] = {
    "Deployment": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
    "PodTemplate": ("template",),
}

# Built-in kinds that are not namespaced.
CLUSTER_SCOPED: frozenset[str] = frozenset(
    [
        "Namespace",
        "Node",
        "PersistentVolume",
        "StorageClass",
        "ClusterRole",
        "ClusterRoleBinding",
        "CustomResourceDefinition",
        "PriorityClass",
        "IngressClass",
        "APIService",
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "MutatingAdmissionPolicy",
        "MutatingAdmissionPolicyBinding",
        "CSIDriver",
        "CSINode",
        "VolumeAttachment",
        "RuntimeClass",
        "PodSecurityPolicy",
        "CertificateSigningRequest",
        "ComponentStatus",
        "FlowSchema",
        "PriorityLevelConfiguration",
        "IPAddress",
        "ServiceCIDR",
        "DeviceClass",
        "ResourceSlice",
        "StorageVersionMigration",
        "VolumeAttributesClass",
        "ClusterTrustBundle",
        "SelfSubjectReview",
        "TokenReview",
        "SubjectAccessReview",
        "SelfSubjectAccessReview",
        "SelfSubjectRulesReview",
    ]
)

# kind -> (API groups it is served from, model import path)
_MODELS: dict[str, tuple[frozenset[str], str]] = {}


def _register(groups: str, module: str, *kinds: str) -> None:
    group_set = frozenset("" if g == "core" else g for g in groups.split())
    for kind in kinds:
        _MODELS[kind] = (group_set, module)


_register("core", "pod", "Pod")
_register("apps extensions", "workloads", "Deployment", "DaemonSet", "ReplicaSet")
_register("apps", "workloads", "StatefulSet")
_register("core", "workloads", "ReplicationController", "PodTemplate")
_register("batch", "workloads", "Job", "CronJob")
_register("core", "network", "Service", "Endpoints")
_register("discovery.k8s.io", "network", "EndpointSlice")
_register("networking.k8s.io extensions", "network", "Ingress", "NetworkPolicy")
_register("networking.k8s.io", "network", "IngressClass")
_register("rbac.authorization.k8s.io", "rbac", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")
_register("core", "policy", "ResourceQuota", "LimitRange")
_register("scheduling.k8s.io", "policy", "PriorityClass")
_register("policy", "policy", "PodDisruptionBudget")
_register("autoscaling", "policy", "HorizontalPodAutoscaler")
_register(
    "core",
    "cluster",
    "Namespace",
    "ServiceAccount",
    "ConfigMap",
    "Secret",
    "Node",
    "PersistentVolume",
    "PersistentVolumeClaim",
)
_register("storage.k8s.io", "cluster", "StorageClass")
_register("apiextensions.k8s.io", "cluster", "CustomResourceDefinition")

BUILTIN_GROUPS: frozenset[str] = frozenset(g for groups, _ in _MODELS.values() for g in groups) | frozenset(
    [
        "admissionregistration.k8s.io",
        "apiregistration.k8s.io",
        "certificates.k8s.io",
        "coordination.k8s.io",
        "events.k8s.io",
        "flowcontrol.apiserver.k8s.io",
        "node.k8s.io",
        "resource.k8s.io",
        "storagemigration.k8s.io",
        "authentication.k8s.io",
        "authorization.k8s.io",
    ]
)


def split_api_version(api_version: str) -> tuple[str, str]:
    """``apps/v1`` -> (``apps``, ``v1``); ``v1`` -> (``""``, ``v1``)."""
    if "/" in api_version:
        group, _, version = api_version.rpartition("/")
        return group, version
    return "", api_version


@cache
def model_for(group: str, kind: str) -> type[K8sModel] | None:
    """The typed model for a built-in kind, or None for kinds read generically."""
    entry = _MODELS.get(kind)
    if entry is None or group not in entry[0]:
        return None
    import importlib

    module = importlib.import_module(f"k8slint.model.{entry[1]}")
    model = getattr(module, kind)
    assert issubclass(model, K8sModel)
    return model


def is_builtin(group: str, kind: str) -> bool:
    return (kind in _MODELS and group in _MODELS[kind][0]) or group in BUILTIN_GROUPS


# Custom workload kinds known by name, for rules about the controller itself (replicas) even when a
# manifest leaves the pod template out.
KNOWN_CUSTOM_WORKLOADS: frozenset[tuple[str, str]] = frozenset(
    {("apps.openshift.io", "DeploymentConfig"), ("argoproj.io", "Rollout")}
)
