"""Effective security settings: a container's securityContext value where set, else the pod's
(for the fields that exist at both levels), with the path where the value was found."""

from __future__ import annotations

from typing import Any

from k8slint.analysis.workloads import ContainerView
from k8slint.parse.sourcemap import Path, get

POD_LEVEL = frozenset(
    {
        "runAsUser",
        "runAsGroup",
        "runAsNonRoot",
        "seccompProfile",
        "seLinuxOptions",
        "windowsOptions",
        "appArmorProfile",
    }
)


def container_raw(c: ContainerView) -> dict[str, Any]:
    raw = get(c.resource.raw, c.path)
    return raw if isinstance(raw, dict) else {}


def pod_raw(c: ContainerView) -> dict[str, Any]:
    raw = c.template.raw_spec
    return raw if isinstance(raw, dict) else {}


def effective(c: ContainerView, field: str) -> tuple[Any, Path | None]:
    """(value, path) of ``securityContext.<field>`` as the kubelet applies it; (None, None) if unset."""
    own = get(container_raw(c), ("securityContext", field))
    if own is not None:
        return own, (*c.path, "securityContext", field)
    if field in POD_LEVEL:
        pod = get(pod_raw(c), ("securityContext", field))
        if pod is not None:
            return pod, (*c.template.spec_path, "securityContext", field)
    return None, None


def capabilities(c: ContainerView, which: str) -> list[str]:
    value = get(container_raw(c), ("securityContext", "capabilities", which))
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def security_context_path(c: ContainerView) -> Path:
    """Where a missing container security setting belongs (the securityContext, or the container)."""
    return (
        (*c.path, "securityContext") if isinstance(container_raw(c).get("securityContext"), dict) else c.path
    )


DANGEROUS_CAPABILITIES = frozenset(
    {
        "ALL",
        "SYS_ADMIN",
        "NET_ADMIN",
        "SYS_MODULE",
        "SYS_PTRACE",
        "SYS_RAWIO",
        "SYS_BOOT",
        "BPF",
        "PERFMON",
        "DAC_READ_SEARCH",
        "SYS_TIME",
        "MAC_ADMIN",
        "MAC_OVERRIDE",
    }
)


def normalize_capability(cap: str) -> str:
    """``cap_net_raw`` -> ``NET_RAW``: capability names compare case-insensitively, CAP_ optional."""
    cap = cap.upper()
    return cap[4:] if cap.startswith("CAP_") else cap


def capability_index(container: ContainerView, which: str, cap: str) -> int:
    for i, c in enumerate(capabilities(container, which)):
        if normalize_capability(c) == cap:
            return i
    return 0


SENSITIVE_HOST_PATHS = (
    "/",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib64",
    "/proc",
    "/sys",
    "/usr",
    "/bin",
    "/sbin",
    "/root",
    "/var/run",
    "/run",
    "/var/lib/kubelet",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/etc/kubernetes",
    "/var/log",
)
RUNTIME_SOCKETS = ("docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock", "dockershim.sock")


def host_path_volumes(template: Any) -> dict[str, tuple[int, str]]:
    """volume name -> (index in volumes, host path) for the hostPath volumes of a pod template."""
    out: dict[str, tuple[int, str]] = {}
    spec = template.raw_spec
    volumes = spec.get("volumes") if isinstance(spec, dict) else None
    for i, v in enumerate(volumes if isinstance(volumes, list) else []):
        path = get(v, ("hostPath", "path"))
        name = get(v, ("name",))
        if isinstance(path, str) and isinstance(name, str):
            out[name] = (i, path)
    return out


def normalize_host_path(path: str) -> str:
    cleaned = "/" + "/".join(p for p in path.split("/") if p and p != ".")
    return cleaned
