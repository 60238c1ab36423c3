"""ResourceGraph: typed nodes and edges with indexes; a networkx view on demand.

Edges and indexes are plain Python structures built once; ``nx`` materializes a
``networkx.MultiDiGraph`` (nodes keyed by ResourceRef, edges keyed by EdgeKind) the first time an
analysis needs graph algorithms, so runs that need none never import networkx.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from k8slint.model.resource import Resource, ResourceRef
from k8slint.parse.sourcemap import Path

if TYPE_CHECKING:
    import networkx


class EdgeKind(str, Enum):
    SELECTS = "selects"  # Service -> workload or Pod whose template it selects
    GUARDS = "guards"  # PodDisruptionBudget -> workload
    POLICY_SELECTS = "policy-selects"  # NetworkPolicy -> workload it applies to
    SCALES = "scales"  # HorizontalPodAutoscaler -> scale target
    RUNS_AS = "runs-as"  # workload -> ServiceAccount
    MOUNTS = "mounts"  # workload -> ConfigMap, Secret or PersistentVolumeClaim volume
    REFERENCES = "references"  # env, envFrom, imagePullSecrets, TLS secrets, ...
    ROUTES_TO = "routes-to"  # Ingress -> Service
    USES_CLASS = "uses-class"  # Ingress -> IngressClass, PVC -> StorageClass, pod -> PriorityClass
    BINDS = "binds"  # RoleBinding -> subject
    GRANTS = "grants"  # RoleBinding -> Role or ClusterRole
    AGGREGATES = "aggregates"  # ClusterRole -> ClusterRole it aggregates
    BACKS = "backs"  # Endpoints / EndpointSlice -> Service
    CLAIMS = "claims"  # PersistentVolumeClaim -> PersistentVolume
    IN_NAMESPACE = "in-namespace"  # namespaced object -> Namespace


class Origin(str, Enum):
    DECLARED = "declared"  # an object of the manifest set
    IMPLIED = "implied"  # exists in any cluster: a referenced namespace, RBAC subjects, default SA
    ABSENT = "absent"  # referenced, but not in the set


@dataclass(frozen=True, slots=True)
class GraphNode:
    ref: ResourceRef
    origin: Origin
    resource: Resource | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    source: ResourceRef
    target: ResourceRef
    kind: EdgeKind
    path: Path = ()  # the referencing field in the source object
    detail: str = ""  # e.g. the container name, the port


@dataclass
class ResourceGraph:
    nodes: dict[ResourceRef, GraphNode] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    _out: dict[ResourceRef, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    _in: dict[ResourceRef, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    by_kind: dict[str, list[Resource]] = field(default_factory=lambda: defaultdict(list))

    # -- construction -----------------------------------------------------------------------------
    def add_resource(self, resource: Resource) -> None:
        existing = self.nodes.get(resource.ref)
        if existing is None or existing.origin is not Origin.DECLARED:
            self.nodes[resource.ref] = GraphNode(resource.ref, Origin.DECLARED, resource)
        self.by_kind[resource.kind].append(resource)

    def ensure(self, ref: ResourceRef, origin: Origin) -> None:
        if ref not in self.nodes:
            self.nodes[ref] = GraphNode(ref, origin)

    def add_edge(self, edge: Edge, target_origin: Origin = Origin.ABSENT) -> None:
        self.ensure(edge.target, target_origin)
        self.edges.append(edge)
        self._out[edge.source].append(edge)
        self._in[edge.target].append(edge)

    # -- queries ----------------------------------------------------------------------------------
    def resource(self, ref: ResourceRef) -> Resource | None:
        node = self.nodes.get(ref)
        return node.resource if node else None

    def resources(self, *kinds: str) -> Iterator[Resource]:
        for kind in kinds:
            yield from self.by_kind.get(kind, ())

    def out_edges(self, ref: ResourceRef, kind: EdgeKind | None = None) -> list[Edge]:
        edges = self._out.get(ref, [])
        return edges if kind is None else [e for e in edges if e.kind is kind]

    def in_edges(self, ref: ResourceRef, kind: EdgeKind | None = None) -> list[Edge]:
        edges = self._in.get(ref, [])
        return edges if kind is None else [e for e in edges if e.kind is kind]

    def edges_of(self, kind: EdgeKind) -> Iterable[Edge]:
        return (e for e in self.edges if e.kind is kind)

    @cached_property
    def nx(self) -> networkx.MultiDiGraph:  # type: ignore[type-arg]
        import networkx

        graph: Any = networkx.MultiDiGraph()
        for ref, node in self.nodes.items():
            graph.add_node(ref, origin=node.origin, resource=node.resource)
        for edge in self.edges:
            graph.add_edge(edge.source, edge.target, key=edge.kind, path=edge.path, detail=edge.detail)
        return graph

    def to_json(self) -> dict[str, Any]:
        def ref_json(ref: ResourceRef) -> dict[str, Any]:
            return {"group": ref.group, "kind": ref.kind, "namespace": ref.namespace, "name": ref.name}

        return {
            "nodes": [{**ref_json(n.ref), "origin": n.origin.value} for n in self.nodes.values()],
            "edges": [
                {
                    "source": ref_json(e.source),
                    "target": ref_json(e.target),
                    "kind": e.kind.value,
                    "detail": e.detail,
                }
                for e in self.edges
            ],
        }
