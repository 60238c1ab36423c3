"""Enumerated fields the API server validates, with its own wording:
``spec.type: Unsupported value: "Loadbalancer": supported values: "ClusterIP", "ExternalName",
"LoadBalancer", "NodePort"`` (values in upstream's order: sorted sets for most fields, the literal
lists of pkg/apis/rbac/validation for RBAC kinds). The published OpenAPI schemas
carry no enums for these fields; the sets come from pkg/apis/core/validation (validateRestartPolicy,
validatePullPolicy, validateDNSPolicy, ValidateService, validateTolerations, ...),
pkg/apis/apps/validation, pkg/apis/batch/validation, pkg/apis/networking/validation and
pkg/apis/rbac/validation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from k8slint.parse.sourcemap import Path, get

Pattern = tuple[str, ...]  # "*" matches every list item

_PROTOCOLS = ("SCTP", "TCP", "UDP")
_CONTAINER: list[tuple[Pattern, tuple[str, ...]]] = [
    (("imagePullPolicy",), ("Always", "IfNotPresent", "Never")),
    (("ports", "*", "protocol"), _PROTOCOLS),
    (("terminationMessagePolicy",), ("FallbackToLogsOnError", "File")),
    (("securityContext", "seccompProfile", "type"), ("Localhost", "RuntimeDefault", "Unconfined")),
    (("livenessProbe", "httpGet", "scheme"), ("HTTP", "HTTPS")),
    (("readinessProbe", "httpGet", "scheme"), ("HTTP", "HTTPS")),
    (("startupProbe", "httpGet", "scheme"), ("HTTP", "HTTPS")),
]
_POD_SPEC: list[tuple[Pattern, tuple[str, ...]]] = [
    (("restartPolicy",), ("Always", "Never", "OnFailure")),
    (("dnsPolicy",), ("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None")),
    (("preemptionPolicy",), ("Never", "PreemptLowerPriority")),
    (("tolerations", "*", "operator"), ("Equal", "Exists")),
    (("tolerations", "*", "effect"), ("NoExecute", "NoSchedule", "PreferNoSchedule")),
    (("topologySpreadConstraints", "*", "whenUnsatisfiable"), ("DoNotSchedule", "ScheduleAnyway")),
    (("securityContext", "seccompProfile", "type"), ("Localhost", "RuntimeDefault", "Unconfined")),
    (("initContainers", "*", "restartPolicy"), ("Always",)),
]
for _group in ("containers", "initContainers"):
    _POD_SPEC += [((_group, "*", *pattern), values) for pattern, values in _CONTAINER]

_SELECTOR_OPS = ("DoesNotExist", "Exists", "In", "NotIn")
_OBJECT: dict[str, list[tuple[Pattern, tuple[str, ...]]]] = {
    "Service": [
        (("spec", "type"), ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")),
        (("spec", "ports", "*", "protocol"), _PROTOCOLS),
        (("spec", "sessionAffinity"), ("ClientIP", "None")),
        (("spec", "externalTrafficPolicy"), ("Cluster", "Local")),
        (("spec", "internalTrafficPolicy"), ("Cluster", "Local")),
        (("spec", "ipFamilyPolicy"), ("PreferDualStack", "RequireDualStack", "SingleStack")),
    ],
    "Deployment": [(("spec", "strategy", "type"), ("Recreate", "RollingUpdate"))],
    "StatefulSet": [
        (("spec", "podManagementPolicy"), ("OrderedReady", "Parallel")),
        (("spec", "updateStrategy", "type"), ("OnDelete", "RollingUpdate")),
    ],
    "DaemonSet": [(("spec", "updateStrategy", "type"), ("OnDelete", "RollingUpdate"))],
    "CronJob": [(("spec", "concurrencyPolicy"), ("Allow", "Forbid", "Replace"))],
    "Job": [(("spec", "completionMode"), ("Indexed", "NonIndexed"))],
    "PersistentVolumeClaim": [
        (
            ("spec", "accessModes", "*"),
            ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"),
        ),
        (("spec", "volumeMode"), ("Block", "Filesystem")),
    ],
    "PersistentVolume": [
        (
            ("spec", "accessModes", "*"),
            ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"),
        ),
        (("spec", "persistentVolumeReclaimPolicy"), ("Delete", "Recycle", "Retain")),
        (("spec", "volumeMode"), ("Block", "Filesystem")),
    ],
    "Ingress": [
        (
            ("spec", "rules", "*", "http", "paths", "*", "pathType"),
            ("Exact", "ImplementationSpecific", "Prefix"),
        )
    ],
    "NetworkPolicy": [
        (("spec", "policyTypes", "*"), ("Egress", "Ingress")),
        (("spec", "ingress", "*", "ports", "*", "protocol"), _PROTOCOLS),
        (("spec", "egress", "*", "ports", "*", "protocol"), _PROTOCOLS),
        (("spec", "podSelector", "matchExpressions", "*", "operator"), _SELECTOR_OPS),
    ],
    "RoleBinding": [
        (("roleRef", "kind"), ("Role", "ClusterRole")),
        (("subjects", "*", "kind"), ("ServiceAccount", "User", "Group")),
    ],
    "ClusterRoleBinding": [
        (("roleRef", "kind"), ("ClusterRole",)),
        (("subjects", "*", "kind"), ("ServiceAccount", "User", "Group")),
    ],
    "Node": [(("spec", "taints", "*", "effect"), ("NoExecute", "NoSchedule", "PreferNoSchedule"))],
    "PriorityClass": [(("preemptionPolicy",), ("Never", "PreemptLowerPriority"))],
    "StorageClass": [
        (("reclaimPolicy",), ("Delete", "Retain")),
        (("volumeBindingMode",), ("Immediate", "WaitForFirstConsumer")),
    ],
}


def _walk(node: Any, pattern: Pattern, path: Path) -> Iterator[tuple[Path, Any]]:
    if not pattern:
        yield path, node
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from _walk(item, rest, (*path, i))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, (*path, head))


def enum_violations(kind: str, data: Any, pod_spec_paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """(path, message) for each enumerated field holding an unsupported value."""
    checks: list[tuple[Path, Pattern, tuple[str, ...]]] = [((), p, v) for p, v in _OBJECT.get(kind, [])]
    for spec_path in pod_spec_paths:
        checks += [(spec_path, p, v) for p, v in _POD_SPEC]
    for base, pattern, values in checks:
        for path, value in _walk(get(data, base), pattern, base):
            if isinstance(value, str) and value and value not in values:
                shown = ", ".join(f'"{v}"' for v in values)
                where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
                yield path, f'{where}: Unsupported value: "{value}": supported values: {shown}'
