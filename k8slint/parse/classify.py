"""Telling Kubernetes objects apart from the other YAML that lives beside them."""

from __future__ import annotations

from typing import Any

KUSTOMIZE_GROUP = "kustomize.config.k8s.io"

# Kinds that carry an apiVersion and kind but are never sent to the API server.
_CLIENT_SIDE = {
    "Kustomization": "a Kustomization is read by kustomize, not sent to the API server",
    "Component": "a kustomize Component is read by kustomize, not sent to the API server",
    "Config": "a kubeconfig file is client configuration",
    "Policy": None,  # audit policy: only when its group says so (below)
}


KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def non_kubernetes_reason(data: dict[str, Any], filename: str = "") -> str | None:
    """Why a mapping document is not a Kubernetes object, or None when it looks like one."""
    api_version = data.get("apiVersion")
    kind = data.get("kind")
    if filename.rsplit("/", 1)[-1] in KUSTOMIZATION_FILES and (
        kind is None or kind in ("Kustomization", "Component")
    ):
        return "a kustomization file is read by kustomize, not sent to the API server"
    if isinstance(api_version, str) and api_version.startswith(KUSTOMIZE_GROUP + "/"):
        return f"{kind or 'this document'} is kustomize configuration, not a Kubernetes object"
    if kind == "Kustomization" or (kind == "Component" and "resources" in data):
        return _CLIENT_SIDE[kind]
    if kind == "Config" and ("clusters" in data or "contexts" in data or "users" in data):
        return _CLIENT_SIDE["Config"]
    if isinstance(api_version, str) and api_version.startswith("kubeadm.k8s.io/"):
        return "kubeadm configuration is read by kubeadm, not sent to the API server"
    if kind is None and api_version is None:
        if (
            "resources" in data
            and isinstance(data.get("resources"), list)
            and (
                "patches" in data
                or "namespace" in data
                or "bases" in data
                or "images" in data
                or "patchesStrategicMerge" in data
                or "configMapGenerator" in data
            )
        ):
            return "kustomize configuration without apiVersion, not a Kubernetes object"
        services = data.get("services")
        if (
            isinstance(services, dict)
            and services
            and all(isinstance(s, dict) and ("image" in s or "build" in s) for s in services.values())
        ):
            return "a docker-compose file, not a Kubernetes object"
        return "no apiVersion or kind: not a Kubernetes object (a values or configuration file?)"
    return None


def is_list_kind(data: dict[str, Any]) -> bool:
    kind = data.get("kind")
    return (
        isinstance(kind, str)
        and kind.endswith("List")
        and isinstance(data.get("items"), list)
        and data.get("apiVersion") is not None
    )
