"""Pod templates wherever they live, and the containers inside them.

Built-in workloads carry their template at a known path (``spec.template``, CronJob's
``spec.jobTemplate.spec.template``); any other kind that carries a pod template at
``spec.template`` (Argo Rollouts, OpenShift DeploymentConfig, Knative Services, ...) is analyzed
the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from k8slint.model.kinds import POD_TEMPLATE_PATHS
from k8slint.model.pod import Container, PodSpec
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, get

if TYPE_CHECKING:
    from k8slint.analysis.context import AnalysisContext


class ContainerKind(str, Enum):
    CONTAINER = "container"
    INIT = "initContainer"
    SIDECAR = "sidecar"  # an init container with restartPolicy: Always
    EPHEMERAL = "ephemeralContainer"


@dataclass(frozen=True, slots=True)
class PodTemplate:
    """A pod template (or a bare Pod's own spec) inside a resource."""

    resource: Resource
    meta_path: Path
    spec_path: Path
    spec: PodSpec | None
    _raw: list[Any] = field(default_factory=list, compare=False, repr=False)  # raw_spec, once read

    @property
    def raw_spec(self) -> Any:
        if not self._raw:  # rules read it tens of times per template: walk the path once
            self._raw.append(get(self.resource.raw, self.spec_path))
        return self._raw[0]

    @property
    def labels(self) -> dict[str, str]:
        labels = get(self.resource.raw, (*self.meta_path, "labels"))
        return labels if isinstance(labels, dict) else {}

    @property
    def namespace(self) -> str | None:
        return self.resource.namespace

    @property
    def replicas(self) -> int | None:
        """Pods this template yields: ``spec.replicas`` (default 1); None for a DaemonSet."""
        kind = self.resource.kind
        if kind == "DaemonSet":
            return None
        if kind in ("Pod", "CronJob", "PodTemplate"):
            return 1
        if kind == "Job":
            value = get(self.resource.raw, ("spec", "parallelism"), 1)
        else:
            value = get(self.resource.raw, ("spec", "replicas"), 1)
        return value if isinstance(value, int) and not isinstance(value, bool) else 1

    def containers(self, *, init: bool = True, ephemeral: bool = True) -> Iterator[ContainerView]:
        spec = self.spec
        if spec is None:
            return
        groups: list[tuple[str, list[Container] | None, bool]] = [("containers", spec.containers, True)]
        if init:
            groups.append(("initContainers", spec.init_containers, True))
        if ephemeral:
            groups.append(("ephemeralContainers", spec.ephemeral_containers, True))
        for field_name, items, _ in groups:
            for index, container in enumerate(items or ()):
                if container is None:
                    continue
                if field_name == "initContainers":
                    kind = (
                        ContainerKind.SIDECAR if container.restart_policy == "Always" else ContainerKind.INIT
                    )
                elif field_name == "ephemeralContainers":
                    kind = ContainerKind.EPHEMERAL
                else:
                    kind = ContainerKind.CONTAINER
                yield ContainerView(self, kind, (*self.spec_path, field_name, index), container)


@dataclass(frozen=True, slots=True)
class ContainerView:
    template: PodTemplate
    kind: ContainerKind
    path: Path
    model: Container

    @property
    def name(self) -> str:
        return self.model.name or f"{self.path[-2]}[{self.path[-1]}]"

    @property
    def resource(self) -> Resource:
        return self.template.resource


def template_path(resource: Resource) -> Path | None:
    """Where ``resource`` keeps its pod template (``()`` for a Pod itself), or None."""
    if resource.kind == "Pod" and resource.ref.group == "":
        return ()
    if resource.template is not None:
        return ("spec", "template")
    path = POD_TEMPLATE_PATHS.get(resource.kind)
    if path is not None and resource.model is not None:
        return path
    return None


def pod_template(resource: Resource) -> PodTemplate | None:
    path = template_path(resource)
    if path is None:
        return None
    if path == ():
        return PodTemplate(resource, ("metadata",), ("spec",), getattr(resource.model, "spec", None))
    node: Any = resource.template if resource.template is not None else resource.model
    if resource.template is None:
        for part in path:
            node = getattr(node, "job_template" if part == "jobTemplate" else part, None)
    spec = getattr(node, "spec", None)
    return PodTemplate(resource, (*path, "metadata"), (*path, "spec"), spec)


def hpa_clamped(ctx: AnalysisContext, resource: Resource, count: int | None) -> int | None:
    """A HorizontalPodAutoscaler of the set keeps its target between minReplicas and maxReplicas."""
    from k8slint.graph.graph import EdgeKind

    if count is None:
        return None
    for edge in ctx.graph.in_edges(resource.ref, EdgeKind.SCALES):
        hpa = ctx.graph.resource(edge.source)
        if hpa is None:
            continue
        low = get(hpa.raw, ("spec", "minReplicas"))
        low = low if isinstance(low, int) and not isinstance(low, bool) and low >= 0 else 1
        high = get(hpa.raw, ("spec", "maxReplicas"))
        count = max(count, low)
        if isinstance(high, int) and not isinstance(high, bool) and high >= low:
            count = min(count, high)
    return count


REPLICATED = frozenset({"Deployment", "ReplicaSet", "ReplicationController", "StatefulSet"})


def _count(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def pod_count(ctx: AnalysisContext, resource: Resource) -> int | None:
    """The pods a controller keeps running at once: ``spec.replicas`` (default 1; a
    HorizontalPodAutoscaler of the set clamps it) for the replicated built-ins and Argo Rollouts,
    a stated ``spec.replicas`` for DeploymentConfigs, ``min(parallelism, completions)`` for a Job
    (0 when suspended) and one Job's worth for a CronJob (0 when it or its template is suspended),
    1 for a Pod; None where it is not known from the object alone (DaemonSets: one per eligible
    node; other custom workloads)."""
    kind, group, spec = resource.kind, resource.ref.group, get(resource.raw, ("spec",))
    if kind in ("Job", "CronJob"):
        if kind == "CronJob":
            if get(spec, ("suspend",)) is True:
                return 0
            spec = get(spec, ("jobTemplate", "spec"))
        if get(spec, ("suspend",)) is True:
            return 0
        parallelism = _count(get(spec, ("parallelism",)), 1)
        completions = get(spec, ("completions",))
        return min(parallelism, _count(completions, parallelism)) if completions is not None else parallelism
    if kind == "Pod":
        return 1
    if kind in REPLICATED or (group, kind) == ("argoproj.io", "Rollout"):
        return hpa_clamped(ctx, resource, _count(get(spec, ("replicas",)), 1))
    if (group, kind) == ("apps.openshift.io", "DeploymentConfig"):
        replicas = get(spec, ("replicas",))  # counted only when stated
        return hpa_clamped(ctx, resource, replicas) if _count(replicas, -1) >= 0 else None
    return None
