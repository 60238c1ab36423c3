"""ObjectMeta, owner references and label selectors."""

from __future__ import annotations

from k8slint.model.base import K8sModel, StrMap


class OwnerReference(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    name: str | None = None
    controller: bool | None = None


class ObjectMeta(K8sModel):
    name: str | None = None
    generate_name: str | None = None
    namespace: str | None = None
    labels: StrMap | None = None
    annotations: StrMap | None = None
    owner_references: list[OwnerReference] | None = None


class LabelSelectorRequirement(K8sModel):
    key: str | None = None
    operator: str | None = None
    values: list[str] | None = None


class LabelSelector(K8sModel):
    match_labels: StrMap | None = None
    match_expressions: list[LabelSelectorRequirement] | None = None
