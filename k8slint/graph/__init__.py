"""The resource graph: resources, implied objects and typed edges, built once per run."""

from k8slint.graph.graph import Edge, EdgeKind, GraphNode, Origin, ResourceGraph

__all__ = ["Edge", "EdgeKind", "GraphNode", "Origin", "ResourceGraph"]
