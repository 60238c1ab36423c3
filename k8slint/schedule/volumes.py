"""VolumeBinding for local volumes: a claim whose StorageClass binds on first consumer
(``volumeBindingMode: WaitForFirstConsumer``) and provisions nothing
(``provisioner: kubernetes.io/no-provisioner``) can only bind one of the PersistentVolumes of the
set, and only on a node their ``nodeAffinity`` admits. The scheduler picks, per node, the smallest
available volume that fits each claim; a node without one fails with
``node(s) didn't find available persistent volumes to bind``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.storage import (
    NO_PROVISIONER,
    default_class,
    persistent_volumes,
    requested_class,
    volume_class,
)
from k8slint.model.quantity import Quantity, QuantityError
from k8slint.parse.sourcemap import get, items, text
from k8slint.schedule.pods import NodeTerm, Shape, node_term

if TYPE_CHECKING:
    from k8slint.schedule.simulate import Pod


@dataclass(frozen=True, slots=True)
class LocalPV:
    name: str
    capacity: int
    terms: tuple[NodeTerm, ...]  # empty: any node
    claim: str | None  # spec.claimRef name (in the pod's namespace), None: available to any claim


def _bytes(raw: Any) -> int | None:
    try:
        return Quantity.parse(raw if raw is not None else 0).ceil()
    except QuantityError:
        return None


def _claims(ctx: AnalysisContext, shape: Shape) -> list[tuple[Callable[[Pod], str], Any]]:
    """(claim name for a replica, the claim's raw object) for the unbound claims of the pod."""
    out: list[tuple[Callable[[Pod], str], Any]] = []
    pvcs = {
        r.name: r.raw
        for r in ctx.graph.resources("PersistentVolumeClaim")
        if (r.namespace or "default") == shape.namespace
    }
    for name in shape.claims:
        raw = pvcs.get(name)
        if raw is not None and text(get(raw, ("spec",)), "volumeName") is None:
            out.append((lambda _pod, name=name: name, raw))
    r = shape.resource
    if r.kind == "StatefulSet":
        start = get(r.raw, ("spec", "ordinals", "start"))
        start = start if isinstance(start, int) and not isinstance(start, bool) and start > 0 else 0
        for template in items(get(r.raw, ("spec",)), "volumeClaimTemplates"):
            base = text(get(template, ("metadata",)), "name")
            if base is None:
                continue

            def claim_name(pod: Pod, base: str = base) -> str:
                return f"{base}-{r.name}-{start + pod.replica}"

            existing = pvcs.get(f"{base}-{r.name}-{start}")
            if existing is not None and text(get(existing, ("spec",)), "volumeName") is not None:
                continue
            out.append((claim_name, template))
    return out


def local_claims(ctx: AnalysisContext, shape: Shape) -> list[tuple[Callable[[Pod], str], list[LocalPV]]]:
    classes = {r.name: r for r in ctx.graph.resources("StorageClass")}
    default = default_class(ctx)
    out: list[tuple[Callable[[Pod], str], list[LocalPV]]] = []
    for claim_name, raw in _claims(ctx, shape):
        wanted = requested_class(raw)
        if wanted is None:
            wanted = default.name if default is not None else ""
        sc = classes.get(wanted)
        if sc is None or get(sc.raw, ("provisioner",)) != NO_PROVISIONER:
            continue
        if get(sc.raw, ("volumeBindingMode",)) != "WaitForFirstConsumer":
            continue
        request = _bytes(get(raw, ("spec", "resources", "requests", "storage")))
        modes = {m for m in items(get(raw, ("spec",)), "accessModes") if isinstance(m, str)}
        if request is None:
            continue
        candidates = []
        for pv in persistent_volumes(ctx):
            capacity = _bytes(get(pv.raw, ("spec", "capacity", "storage")))
            if capacity is None or capacity < request or volume_class(pv.raw) != wanted:
                continue
            if not modes <= set(items(get(pv.raw, ("spec",)), "accessModes")):
                continue
            ref = get(pv.raw, ("spec", "claimRef"))
            claim = None
            if isinstance(ref, dict):
                if ref.get("namespace") != shape.namespace or not isinstance(ref.get("name"), str):
                    continue
                claim = ref["name"]
            required = get(pv.raw, ("spec", "nodeAffinity", "required"))
            terms = tuple(node_term(t) for t in items(required, "nodeSelectorTerms"))
            candidates.append(LocalPV(pv.name, capacity, terms, claim))
        candidates.sort(key=lambda pv: (pv.capacity, pv.name))
        out.append((claim_name, candidates))
    return out
