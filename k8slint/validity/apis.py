"""Removed and deprecated API versions, from the official deprecation guide
(https://kubernetes.io/docs/reference/using-api/deprecation-guide/)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetiredApi:
    api_version: str
    kinds: frozenset[str]  # empty: every kind of that apiVersion
    replacement: str  # apiVersion to use instead ("" when the API is gone for good)
    removed_in: tuple[int, int]
    deprecated_in: tuple[int, int] | None = None
    note: str = ""


def _r(
    api_version: str, kinds: str, replacement: str, removed: str, deprecated: str = "", note: str = ""
) -> RetiredApi:
    major, minor = removed.split(".")
    dep = tuple(int(x) for x in deprecated.split(".")) if deprecated else None
    return RetiredApi(api_version, frozenset(kinds.split()), replacement, (int(major), int(minor)), dep, note)  # type: ignore[arg-type]


PSS = "PodSecurityPolicy was removed: enforce Pod Security Standards with the pod-security.kubernetes.io namespace labels"

RETIRED: tuple[RetiredApi, ...] = (
    _r("extensions/v1beta1", "Deployment DaemonSet ReplicaSet", "apps/v1", "1.16"),
    _r("extensions/v1beta1", "NetworkPolicy", "networking.k8s.io/v1", "1.16"),
    _r("extensions/v1beta1", "PodSecurityPolicy", "", "1.16", note=PSS),
    _r("apps/v1beta1", "Deployment StatefulSet ReplicaSet ControllerRevision", "apps/v1", "1.16"),
    _r("apps/v1beta2", "Deployment StatefulSet DaemonSet ReplicaSet ControllerRevision", "apps/v1", "1.16"),
    _r("extensions/v1beta1", "Ingress", "networking.k8s.io/v1", "1.22"),
    _r("networking.k8s.io/v1beta1", "Ingress IngressClass", "networking.k8s.io/v1", "1.22"),
    _r(
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1",
        "1.22",
    ),
    _r("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "apiextensions.k8s.io/v1", "1.22"),
    _r("apiregistration.k8s.io/v1beta1", "APIService", "apiregistration.k8s.io/v1", "1.22"),
    _r("authentication.k8s.io/v1beta1", "TokenReview", "authentication.k8s.io/v1", "1.22"),
    _r(
        "authorization.k8s.io/v1beta1",
        "SubjectAccessReview LocalSubjectAccessReview SelfSubjectAccessReview",
        "authorization.k8s.io/v1",
        "1.22",
    ),
    _r("certificates.k8s.io/v1beta1", "CertificateSigningRequest", "certificates.k8s.io/v1", "1.22"),
    _r("coordination.k8s.io/v1beta1", "Lease", "coordination.k8s.io/v1", "1.22"),
    _r(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole ClusterRoleBinding Role RoleBinding",
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    _r("scheduling.k8s.io/v1beta1", "PriorityClass", "scheduling.k8s.io/v1", "1.22"),
    _r(
        "storage.k8s.io/v1beta1",
        "CSIDriver CSINode StorageClass VolumeAttachment",
        "storage.k8s.io/v1",
        "1.22",
    ),
    _r("batch/v1beta1", "CronJob", "batch/v1", "1.25"),
    _r("discovery.k8s.io/v1beta1", "EndpointSlice", "discovery.k8s.io/v1", "1.25"),
    _r("events.k8s.io/v1beta1", "Event", "events.k8s.io/v1", "1.25"),
    _r("autoscaling/v2beta1", "HorizontalPodAutoscaler", "autoscaling/v2", "1.25"),
    _r("policy/v1beta1", "PodDisruptionBudget", "policy/v1", "1.25"),
    _r("policy/v1beta1", "PodSecurityPolicy", "", "1.25", note=PSS),
    _r("node.k8s.io/v1beta1", "RuntimeClass", "node.k8s.io/v1", "1.25"),
    _r("autoscaling/v2beta2", "HorizontalPodAutoscaler", "autoscaling/v2", "1.26"),
    _r(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "FlowSchema PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1",
        "1.26",
    ),
    _r("storage.k8s.io/v1beta1", "CSIStorageCapacity", "storage.k8s.io/v1", "1.27", "1.24"),
    _r(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "FlowSchema PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1",
        "1.29",
        "1.26",
    ),
    _r(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "FlowSchema PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1",
        "1.32",
        "1.29",
    ),
)


def retired(api_version: str, kind: str) -> RetiredApi | None:
    for entry in RETIRED:
        if entry.api_version == api_version and (not entry.kinds or kind in entry.kinds):
            return entry
    return None
