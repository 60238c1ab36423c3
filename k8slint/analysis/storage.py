"""Storage facts the storage references rules share: the class a claim or volume asks for, the
default StorageClass, and the static binding test of the PersistentVolume controller
(component-helpers/storage/volume/pv_helpers.go, pkg/controller/volume/persistentvolume)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.model.quantity import Quantity, QuantityError
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, get, items
from k8slint.selectors import Selector, SelectorError

BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"
DEFAULT_CLASS_ANNOTATIONS = (
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
)
NO_PROVISIONER = "kubernetes.io/no-provisioner"


def requested_class(raw: Any) -> str | None:
    """The class a claim (or claim template) asks for: the beta annotation wins over
    ``spec.storageClassName``; None when neither is set ("" is a class of its own: none)."""
    annotation = get(raw, ("metadata", "annotations", BETA_CLASS_ANNOTATION))
    if isinstance(annotation, str):
        return annotation
    value = get(raw, ("spec", "storageClassName"))
    return value if isinstance(value, str) else None


def volume_class(raw: Any) -> str:
    """A PersistentVolume's class ("" when it has none)."""
    annotation = get(raw, ("metadata", "annotations", BETA_CLASS_ANNOTATION))
    if isinstance(annotation, str):
        return annotation
    value = get(raw, ("spec", "storageClassName"))
    return value if isinstance(value, str) else ""


def storage_classes(ctx: AnalysisContext) -> list[Resource]:
    return [r for r in ctx.resources if r.kind == "StorageClass" and r.ref.group == "storage.k8s.io"]


def persistent_volumes(ctx: AnalysisContext) -> list[Resource]:
    return [r for r in ctx.resources if r.kind == "PersistentVolume" and r.ref.group == ""]


def default_class(ctx: AnalysisContext) -> Resource | None:
    """The StorageClass the DefaultStorageClass admission plugin gives a claim without a class."""
    for sc in storage_classes(ctx):
        if any(sc.annotations.get(a) == "true" for a in DEFAULT_CLASS_ANNOTATIONS):
            return sc
    return None


def is_static_class(ctx: AnalysisContext, name: str) -> bool:
    """Whether a PersistentVolume of the set carries class ``name``: static binding needs no
    StorageClass object."""
    return any(volume_class(pv.raw) == name for pv in persistent_volumes(ctx))


def claim_templates(resource: Resource) -> Iterator[tuple[Path, Any]]:
    """A StatefulSet's volumeClaimTemplates, with their paths."""
    for i, template in enumerate(items(get(resource.raw, ("spec",)), "volumeClaimTemplates")):
        if isinstance(template, dict):
            yield ("spec", "volumeClaimTemplates", i), template


def _quantity(raw: Any) -> Quantity | None:
    if raw is None:
        return Quantity.parse(0)
    try:
        return Quantity.parse(raw)
    except QuantityError:
        return None


def _volume_mode(raw: Any) -> Any:
    mode = get(raw, ("spec", "volumeMode"))
    return "Filesystem" if mode is None else mode


def bound_to_claim(pv: Resource, claim: Resource) -> bool:
    """The volume's claimRef names the claim, namespace and name (a pre-bound volume; a claimRef
    without a namespace names no claim: IsVolumeBoundToClaim in pv_helpers.go)."""
    ref = get(pv.raw, ("spec", "claimRef"))
    if not isinstance(ref, dict):
        return False
    return ref.get("name") == claim.name and ref.get("namespace") == claim.namespace


def mismatch(claim: Resource, pv: Resource, effective_class: str, by_name: bool = False) -> str | None:
    """Why ``pv`` cannot bind ``claim`` (None: it can; "?" when the input cannot be judged).
    Capacity, volume mode, class, access modes, claimRef and selector, as the controller checks
    them; a volume pre-bound to the claim skips the class and selector tests, and a volume the
    claim names in ``spec.volumeName`` (``by_name``) skips the selector test."""
    request = _quantity(get(claim.raw, ("spec", "resources", "requests", "storage")))
    capacity = _quantity(get(pv.raw, ("spec", "capacity", "storage")))
    if request is None or capacity is None:
        return "?"
    if capacity < request:
        return f"capacity {capacity} is less than the request {request}"
    if _volume_mode(claim.raw) != _volume_mode(pv.raw):
        return f"volumeMode {_volume_mode(pv.raw)} is not {_volume_mode(claim.raw)}"
    wanted = [m for m in items(get(claim.raw, ("spec",)), "accessModes") if isinstance(m, str)]
    offered = set(items(get(pv.raw, ("spec",)), "accessModes"))
    missing = [m for m in wanted if m not in offered]
    prebound = bound_to_claim(pv, claim)
    if not prebound:
        if isinstance(get(pv.raw, ("spec", "claimRef")), dict):
            return "it is reserved for another claim (spec.claimRef)"
        selector = get(claim.raw, ("spec", "selector"))
        if selector is not None and not by_name:
            try:
                if not Selector.from_label_selector(selector).matches(pv.labels):
                    return "its labels do not match the claim's selector"
            except SelectorError:
                return "?"
        if volume_class(pv.raw) != effective_class:
            has = f'class "{volume_class(pv.raw)}"' if volume_class(pv.raw) else "no class"
            wants = f'class "{effective_class}"' if effective_class else "none"
            return f"it has {has}, the claim asks for {wants}"
    if missing:
        return f"it does not offer access mode {', '.join(missing)}"
    return None
