"""The node inventory: Node objects of the set and the ``--nodes`` file (``nodes:`` in the config).

The file holds Node manifests (one per YAML document, or a ``v1 List`` / ``NodeList`` as
``kubectl get nodes -o yaml`` exports it), or the compact pool form (schemas/node-pools.schema.json)::

    pools:
      - name: general          # nodes general-0, general-1, ...
        count: 3
        allocatable: {cpu: "4", memory: 16Gi, pods: 110}
        zones: [a, b, c]       # topology.kubernetes.io/zone, round-robin
        labels: {pool: general}
        taints: [{key: dedicated, value: db, effect: NoSchedule}]

Pool nodes carry the kubelet's ``kubernetes.io/os: linux`` and ``kubernetes.io/arch: amd64`` unless
their labels say otherwise. A node contributes ``status.allocatable`` (``status.capacity`` when allocatable is absent),
``metadata.labels`` (the kubelet's ``kubernetes.io/hostname`` = the node name is implied),
``spec.taints`` and ``spec.unschedulable``. A missing ``pods`` count is taken as the kubelet's
default of 110 and said so; a Node with neither allocatable nor capacity is left out (a Node
manifest without status is no real node).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.model.quantity import Quantity, QuantityError
from k8slint.parse.sourcemap import get, items, locate, text

HOSTNAME = "kubernetes.io/hostname"
ZONE = "topology.kubernetes.io/zone"
DEFAULT_PODS = 110
# the kubelet labels every node with its OS and architecture; a pool says otherwise in its labels
POOL_DEFAULT_LABELS = {"kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}


class InventoryError(Exception):
    """The inventory file cannot be used: every problem, each as ``file:line: message``."""


@dataclass(frozen=True, slots=True)
class Taint:
    key: str
    value: str
    effect: str


@dataclass(slots=True)
class Node:
    name: str
    labels: dict[str, str]
    taints: tuple[Taint, ...]
    unschedulable: bool
    allocatable: dict[str, int]  # cpu in millicores, memory and the rest in whole units
    origin: str  # "file:line"
    capacity: dict[str, int] = field(default_factory=dict)  # status.capacity (a pool: its allocatable)


@dataclass(slots=True)
class Inventory:
    nodes: list[Node] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # assumptions made, said in the output
    source: str | None = None  # the inventory file, if any

    @property
    def empty(self) -> bool:
        return not self.nodes


def amount(name: str, q: Quantity) -> int:
    """The scheduler's unit: millicores for cpu (MilliValue), whole units (Value) otherwise."""
    return q.milli() if name == "cpu" else q.ceil()


def _resources(raw: Any) -> dict[str, int] | None:
    if not isinstance(raw, dict) or not raw:
        return None
    out: dict[str, int] = {}
    for name, value in raw.items():
        if not isinstance(name, str) or value is None or isinstance(value, bool):
            continue
        try:
            out[name] = max(amount(name, Quantity.parse(value)), 0)
        except (QuantityError, ValueError, TypeError):
            continue
    return out


def _taints(raw: Any) -> tuple[Taint, ...]:
    out = []
    for t in raw if isinstance(raw, list) else ():
        key = text(t, "key")
        effect = text(t, "effect")
        if key is None or effect is None:
            continue
        value = t.get("value") if isinstance(t, dict) else None
        out.append(Taint(key, value if isinstance(value, str) else "", effect))
    return tuple(out)


def _labels(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {str(k): v if isinstance(v, str) else str(v) for k, v in raw.items() if v is not None}


def node_from_manifest(raw: Any, origin: str, notes: list[str]) -> Node | None:
    name = text(get(raw, ("metadata",)), "name")
    if name is None:
        notes.append(f"{origin}: a Node without metadata.name is left out")
        return None
    resources = _resources(get(raw, ("status", "allocatable")))
    if resources is None:
        resources = _resources(get(raw, ("status", "capacity")))
        if resources is None:
            notes.append(f"{origin}: Node {name} has no status.allocatable or status.capacity: left out")
            return None
        notes.append(f"{origin}: Node {name} has no status.allocatable: its status.capacity is used")
    if "pods" not in resources:
        resources["pods"] = DEFAULT_PODS
        notes.append(
            f"{origin}: Node {name} states no pods count: the kubelet default {DEFAULT_PODS} is assumed"
        )
    labels = _labels(get(raw, ("metadata", "labels")))
    labels.setdefault(HOSTNAME, name)
    unschedulable = get(raw, ("spec", "unschedulable")) is True
    capacity = _resources(get(raw, ("status", "capacity"))) or dict(resources)
    return Node(
        name, labels, _taints(get(raw, ("spec", "taints"))), unschedulable, resources, origin, capacity
    )


def _pool_schema() -> dict[str, Any]:
    from k8slint.resources_data import data_dir

    with open(data_dir("schemas") / "node-pools.schema.json", encoding="utf-8") as fh:
        return json.load(fh)


def _pool_nodes(doc: Any, shown: str, errors: list[str], notes: list[str]) -> list[Node]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(_pool_schema())
    problems = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    for e in problems:
        path = tuple(e.absolute_path)
        line, _, _ = locate(doc, path)
        where = ".".join(str(p) for p in path) or "(top level)"
        errors.append(f"{shown}:{line}: {where}: {e.message}")
    if problems:
        return []
    nodes: list[Node] = []
    for i, pool in enumerate(items(doc, "pools")):
        line, _, _ = locate(doc, ("pools", i))
        resources = _resources(pool.get("allocatable")) or {}
        if "pods" not in resources:
            resources["pods"] = DEFAULT_PODS
            notes.append(
                f"{shown}:{line}: pool {pool['name']} states no pods count: {DEFAULT_PODS} is assumed"
            )
        zones = pool.get("zones") or []
        for n in range(pool["count"]):
            name = f"{pool['name']}-{n}"
            labels = {**POOL_DEFAULT_LABELS, **_labels(pool.get("labels"))}
            if zones:
                labels[ZONE] = zones[n % len(zones)]
            labels.setdefault(HOSTNAME, name)
            nodes.append(
                Node(
                    name,
                    labels,
                    _taints(pool.get("taints")),
                    bool(pool.get("unschedulable")),
                    dict(resources),
                    f"{shown}:{line}",
                    dict(resources),
                )
            )
    return nodes


def read_file(path: str) -> tuple[list[Node], list[str]]:
    """The nodes of an inventory file and the assumptions made; InventoryError when unusable."""
    from k8slint.parse.loader import display_path, new_yaml
    from k8slint.parse.tree import TreeBuilder

    shown = display_path(path)
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            source = fh.read()
    except OSError as exc:
        raise InventoryError(f"{shown}: cannot read the node inventory: {exc.strerror or exc}") from None
    try:
        documents = [TreeBuilder().build(d) for d in new_yaml(False).compose_all(source) if d is not None]
    except Exception as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise InventoryError(f"{shown}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    errors: list[str] = []
    notes: list[str] = []
    nodes: list[Node] = []
    for doc in documents:
        if doc is None:
            continue
        if not isinstance(doc, dict):
            errors.append(f"{shown}:{getattr(doc, 'line', 1)}: expected Node manifests, a List or pools")
            continue
        kind = doc.get("kind")
        if kind is None and "pools" in doc:
            nodes += _pool_nodes(doc, shown, errors, notes)
        elif kind in ("List", "NodeList"):
            for i, item in enumerate(items(doc, "items")):
                line, _, _ = locate(doc, ("items", i))
                if get(item, ("kind",)) in ("Node", None) and isinstance(item, dict):
                    node = node_from_manifest(item, f"{shown}:{line}", notes)
                    if node is not None:
                        nodes.append(node)
        elif kind == "Node":
            node = node_from_manifest(doc, f"{shown}:{getattr(doc, 'line', 1)}", notes)
            if node is not None:
                nodes.append(node)
        else:
            line, _, _ = locate(doc, ("kind",))
            errors.append(f"{shown}:{line}: expected Node manifests, a List or pools, not kind {kind!r}")
    if errors:
        raise InventoryError("\n".join(errors))
    return nodes, notes


def inventory(ctx: AnalysisContext) -> Inventory:
    """Nodes of the set, then of the inventory file; a name seen twice keeps its first definition.
    Memoized; InventoryError (also memoized) when the file is unusable."""
    found = ctx.memo.get("schedule-inventory")
    if isinstance(found, InventoryError):
        raise found
    if found is not None:
        return found
    inv = Inventory(source=ctx.settings.nodes)
    candidates: list[Node] = []
    for r in ctx.graph.resources("Node"):
        node = node_from_manifest(r.raw, f"{r.doc.file}:{r.doc.line}", inv.notes)
        if node is not None:
            candidates.append(node)
    if ctx.settings.nodes:
        try:
            nodes, notes = read_file(ctx.settings.nodes)
        except InventoryError as exc:
            ctx.memo["schedule-inventory"] = exc
            raise
        candidates += nodes
        inv.notes += notes
    seen: set[str] = set()
    for node in candidates:
        if node.name in seen:
            continue
        seen.add(node.name)
        inv.nodes.append(node)
    ctx.memo["schedule-inventory"] = inv
    return inv


def for_rules(ctx: AnalysisContext) -> Inventory | None:
    """The inventory for a rule; an unusable inventory file raises once per run (one internal-error
    finding that quotes every problem), then None (the other rules stay silent)."""
    try:
        return inventory(ctx)
    except InventoryError:
        if ctx.memo.get("schedule-inventory-reported"):
            return None
        ctx.memo["schedule-inventory-reported"] = True
        raise
