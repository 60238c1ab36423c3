"""What rules see: the graph, the resources, derived facts (computed on first use) and settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from k8slint.analysis.workloads import ContainerView, PodTemplate
from k8slint.graph.builders import BuildContext
from k8slint.graph.graph import ResourceGraph
from k8slint.model.resource import Resource


@dataclass(frozen=True)
class Settings:
    """Cluster and policy assumptions from the configuration, shared by every rule."""

    kube_version: tuple[int, int] = (1, 37)
    required_labels: tuple[str, ...] = ()
    required_annotations: tuple[str, ...] = ()
    nodes: str | None = None
    # the set holds every object of the cluster: a reference to an absent object is an error even
    # in a namespace whose objects of that kind are not in the set
    assume_complete: bool = False


class AnalysisContext:
    def __init__(
        self,
        graph: ResourceGraph,
        build: BuildContext,
        settings: Settings,
        image_overrides: dict[str, str] | None = None,
        kustomize_patched: set[str] | None = None,
        kustomize_namespaced: set[str] | None = None,
    ) -> None:
        self.graph = graph
        # kustomize `images:` entries of the set that give an image a tag or digest at build time
        self.image_overrides: dict[str, str] = image_overrides or {}
        # files that kustomize patches at build time (what they lack may be added there)
        self.kustomize_patched: set[str] = kustomize_patched or set()
        # files whose namespace a kustomization sets at build time
        self.kustomize_namespaced: set[str] = kustomize_namespaced or set()
        self.resources: list[Resource] = build.resources
        self.templates: list[PodTemplate] = build.templates
        self.settings = settings
        # per-run caches of derived facts, keyed by the fact's name
        self.memo: dict[str, Any] = {}

    @cached_property
    def containers(self) -> list[ContainerView]:
        return [c for t in self.templates for c in t.containers()]
