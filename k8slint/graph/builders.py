"""One small builder per edge kind. Each reads models, never YAML, and adds typed edges."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from k8slint.analysis.workloads import PodTemplate, pod_template
from k8slint.graph.graph import Edge, EdgeKind, Origin, ResourceGraph
from k8slint.model.resource import Resource, ResourceRef
from k8slint.parse.sourcemap import get
from k8slint.selectors import Selector, SelectorError

CORE = ""
RBAC = "rbac.authorization.k8s.io"


def ref(kind: str, namespace: str | None, name: str, group: str = CORE) -> ResourceRef:
    return ResourceRef(group, kind, namespace, name)


class BuildContext:
    """What the builders share: the graph and the pod templates, indexed by namespace."""

    def __init__(self, graph: ResourceGraph, resources: list[Resource]) -> None:
        self.graph = graph
        self.resources = resources
        self.templates: list[PodTemplate] = [t for r in resources if (t := pod_template(r)) is not None]
        self.templates_by_ns: dict[str | None, list[PodTemplate]] = defaultdict(list)
        for t in self.templates:
            self.templates_by_ns[t.namespace].append(t)

    def select(self, namespace: str | None, selector: Selector) -> Iterator[PodTemplate]:
        for t in self.templates_by_ns.get(namespace, ()):
            if any(selector.matches(labels) for labels in runtime_labels(t, selector)):
                yield t


MAX_REPLICA_LABELS = 100
MAX_COMPLETION_INDEXES = 1000
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
COMPLETION_INDEX_LABEL = "batch.kubernetes.io/job-completion-index"


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _completion_indexes(job_spec: object, selector: Selector | None) -> list[int] | None:
    """The completion indexes of an Indexed Job's pods (None for any other Job): 0 to
    ``completions - 1`` (pkg/controller/job/indexed_job_utils.go); above a cap, the first ones and
    those ``selector`` names (any index is possible)."""
    if get(job_spec, ("completionMode",)) != "Indexed":
        return None
    completions = max(_int(get(job_spec, ("completions",)), 1), 0)
    indexes = list(range(min(completions, MAX_COMPLETION_INDEXES)))
    if completions > MAX_COMPLETION_INDEXES and selector is not None:
        named = {
            int(v)
            for r in selector.requirements
            if r.key == COMPLETION_INDEX_LABEL
            for v in r.values
            if v.isdigit() and str(int(v)) == v
        }
        indexes += sorted(i for i in named if MAX_COMPLETION_INDEXES <= i < completions)
    return indexes


def runtime_labels(t: PodTemplate, selector: Selector | None = None) -> Iterator[dict[str, str]]:
    """The label sets the template's pods get once created: controllers add their own labels
    (a StatefulSet names and numbers each pod from ``spec.ordinals.start``, a Job labels its pods
    with its name, an Indexed Job with their completion index). ``selector``, when given, names
    completion indexes beyond the cap that must be tried."""
    labels = t.labels
    kind, name, group = t.resource.kind, t.resource.name, t.resource.ref.group
    if kind == "StatefulSet" and group == "apps":
        start = max(_int(get(t.resource.raw, ("spec", "ordinals", "start")), 0), 0)
        for i in range(start, start + min(t.replicas or 1, MAX_REPLICA_LABELS)):
            yield {
                **labels,
                "statefulset.kubernetes.io/pod-name": f"{name}-{i}",
                POD_INDEX_LABEL: str(i),
            }
    elif kind in ("Job", "CronJob") and group == "batch":
        spec_path = ("spec",) if kind == "Job" else ("spec", "jobTemplate", "spec")
        # a CronJob's Jobs are named at run time: only a Job's own name is known
        base = {**labels, "job-name": name, "batch.kubernetes.io/job-name": name} if kind == "Job" else labels
        indexes = _completion_indexes(get(t.resource.raw, spec_path), selector)
        if indexes is None:
            yield base
        for i in indexes or ():
            yield {**base, COMPLETION_INDEX_LABEL: str(i)}
    else:
        yield labels


Builder = Callable[[BuildContext], None]
BUILDERS: list[Builder] = []


def builder(fn: Builder) -> Builder:
    BUILDERS.append(fn)
    return fn


@builder
def namespaces(ctx: BuildContext) -> None:
    for r in ctx.resources:
        if r.namespace and r.namespaced:
            ctx.graph.add_edge(
                Edge(r.ref, ref("Namespace", None, r.namespace), EdgeKind.IN_NAMESPACE, ("metadata",)),
                Origin.IMPLIED,
            )


@builder
def service_selectors(ctx: BuildContext) -> None:
    for svc in ctx.graph.resources("Service"):
        selector_raw = get(svc.raw, ("spec", "selector"))
        try:
            selector = Selector.from_map(selector_raw)
        except SelectorError:
            continue
        for t in ctx.select(svc.namespace, selector):
            ctx.graph.add_edge(Edge(svc.ref, t.resource.ref, EdgeKind.SELECTS, ("spec", "selector")))


def _label_selector_edges(ctx: BuildContext, kind: str, path: tuple[str, ...], edge: EdgeKind) -> None:
    for obj in ctx.graph.resources(kind):
        raw = get(obj.raw, path)
        if kind == "NetworkPolicy" and raw is None:
            raw = {}  # podSelector is not a pointer: omitted is empty, every pod of the namespace
        if kind == "PodDisruptionBudget" and obj.api_version == "policy/v1beta1" and raw == {}:
            raw = None  # in policy/v1beta1 an empty selector selects no pod
        try:
            selector = Selector.from_label_selector(raw)
        except SelectorError:
            continue
        for t in ctx.select(obj.namespace, selector):
            ctx.graph.add_edge(Edge(obj.ref, t.resource.ref, edge, path))


@builder
def pdb_selectors(ctx: BuildContext) -> None:
    _label_selector_edges(ctx, "PodDisruptionBudget", ("spec", "selector"), EdgeKind.GUARDS)


@builder
def network_policy_selectors(ctx: BuildContext) -> None:
    _label_selector_edges(ctx, "NetworkPolicy", ("spec", "podSelector"), EdgeKind.POLICY_SELECTS)


@builder
def hpa_targets(ctx: BuildContext) -> None:
    for hpa in ctx.graph.resources("HorizontalPodAutoscaler"):
        target = get(hpa.raw, ("spec", "scaleTargetRef"))
        if not isinstance(target, dict):
            continue
        kind, name, api_version = target.get("kind"), target.get("name"), target.get("apiVersion", "")
        if isinstance(kind, str) and isinstance(name, str):
            group = api_version.rpartition("/")[0] if isinstance(api_version, str) else ""
            ctx.graph.add_edge(
                Edge(
                    hpa.ref,
                    ref(kind, hpa.namespace, name, group),
                    EdgeKind.SCALES,
                    ("spec", "scaleTargetRef"),
                )
            )


@builder
def pod_references(ctx: BuildContext) -> None:
    """Service accounts, volumes, env and envFrom, image pull secrets, priority classes."""
    for t in ctx.templates:
        spec = t.spec
        if spec is None:
            continue
        src, ns, base = t.resource.ref, t.namespace, t.spec_path
        sa = spec.service_account_name or spec.service_account or "default"
        sa_ref = ref("ServiceAccount", ns, sa)
        origin = Origin.IMPLIED if sa == "default" else Origin.ABSENT
        ctx.graph.add_edge(Edge(src, sa_ref, EdgeKind.RUNS_AS, (*base, "serviceAccountName")), origin)
        for i, vol in enumerate(spec.volumes or ()):
            if vol is None:
                continue
            vpath = (*base, "volumes", i)
            if vol.config_map and vol.config_map.name:
                ctx.graph.add_edge(
                    Edge(src, ref("ConfigMap", ns, vol.config_map.name), EdgeKind.MOUNTS, vpath)
                )
            if vol.secret and vol.secret.secret_name:
                ctx.graph.add_edge(
                    Edge(src, ref("Secret", ns, vol.secret.secret_name), EdgeKind.MOUNTS, vpath)
                )
            if vol.persistent_volume_claim and vol.persistent_volume_claim.claim_name:
                claim = ref("PersistentVolumeClaim", ns, vol.persistent_volume_claim.claim_name)
                ctx.graph.add_edge(Edge(src, claim, EdgeKind.MOUNTS, vpath))
            for source in (vol.projected.sources or ()) if vol.projected else ():
                if source and source.config_map and source.config_map.name:
                    ctx.graph.add_edge(
                        Edge(src, ref("ConfigMap", ns, source.config_map.name), EdgeKind.MOUNTS, vpath)
                    )
                if source and source.secret and source.secret.name:
                    ctx.graph.add_edge(
                        Edge(src, ref("Secret", ns, source.secret.name), EdgeKind.MOUNTS, vpath)
                    )
        for c in t.containers():
            for i, env in enumerate(c.model.env or ()):
                vf = env.value_from if env else None
                if vf and vf.config_map_key_ref and vf.config_map_key_ref.name:
                    target = ref("ConfigMap", ns, vf.config_map_key_ref.name)
                    ctx.graph.add_edge(Edge(src, target, EdgeKind.REFERENCES, (*c.path, "env", i), c.name))
                if vf and vf.secret_key_ref and vf.secret_key_ref.name:
                    target = ref("Secret", ns, vf.secret_key_ref.name)
                    ctx.graph.add_edge(Edge(src, target, EdgeKind.REFERENCES, (*c.path, "env", i), c.name))
            for i, env_from in enumerate(c.model.env_from or ()):
                if env_from and env_from.config_map_ref and env_from.config_map_ref.name:
                    target = ref("ConfigMap", ns, env_from.config_map_ref.name)
                    ctx.graph.add_edge(
                        Edge(src, target, EdgeKind.REFERENCES, (*c.path, "envFrom", i), c.name)
                    )
                if env_from and env_from.secret_ref and env_from.secret_ref.name:
                    target = ref("Secret", ns, env_from.secret_ref.name)
                    ctx.graph.add_edge(
                        Edge(src, target, EdgeKind.REFERENCES, (*c.path, "envFrom", i), c.name)
                    )
        for i, pull in enumerate(spec.image_pull_secrets or ()):
            if pull and pull.name:
                path = (*base, "imagePullSecrets", i)
                ctx.graph.add_edge(Edge(src, ref("Secret", ns, pull.name), EdgeKind.REFERENCES, path))
        if spec.priority_class_name:
            target = ref("PriorityClass", None, spec.priority_class_name, "scheduling.k8s.io")
            origin = Origin.IMPLIED if spec.priority_class_name.startswith("system-") else Origin.ABSENT
            ctx.graph.add_edge(Edge(src, target, EdgeKind.USES_CLASS, (*base, "priorityClassName")), origin)


@builder
def ingress_routes(ctx: BuildContext) -> None:
    for ing in ctx.graph.resources("Ingress"):
        spec = getattr(ing.model, "spec", None)
        if spec is None:
            continue
        backends = []
        for key in ("default_backend", "backend"):
            backend = getattr(spec, key)
            if backend is not None:
                backends.append(
                    (("spec", "defaultBackend" if key == "default_backend" else "backend"), backend)
                )
        for i, rule in enumerate(spec.rules or ()):
            for j, p in enumerate((rule.http.paths or ()) if rule and rule.http else ()):
                if p and p.backend:
                    backends.append((("spec", "rules", i, "http", "paths", j, "backend"), p.backend))
        for path, backend in backends:
            name = backend.service.name if backend.service else backend.service_name
            if name:
                ctx.graph.add_edge(
                    Edge(ing.ref, ref("Service", ing.namespace, name), EdgeKind.ROUTES_TO, path)
                )
        if spec.ingress_class_name:
            target = ref("IngressClass", None, spec.ingress_class_name, "networking.k8s.io")
            ctx.graph.add_edge(Edge(ing.ref, target, EdgeKind.USES_CLASS, ("spec", "ingressClassName")))
        for i, tls in enumerate(spec.tls or ()):
            if tls and tls.secret_name:
                target = ref("Secret", ing.namespace, tls.secret_name)
                ctx.graph.add_edge(
                    Edge(ing.ref, target, EdgeKind.REFERENCES, ("spec", "tls", i, "secretName"))
                )


@builder
def rbac_bindings(ctx: BuildContext) -> None:
    for binding in ctx.graph.resources("RoleBinding", "ClusterRoleBinding"):
        model = binding.model
        role_ref = getattr(model, "role_ref", None)
        if role_ref is not None and role_ref.kind in ("Role", "ClusterRole") and role_ref.name:
            ns = binding.namespace if role_ref.kind == "Role" else None
            target = ref(role_ref.kind, ns, role_ref.name, RBAC)
            builtin = role_ref.kind == "ClusterRole" and (
                role_ref.name in ("cluster-admin", "admin", "edit", "view")
                or role_ref.name.startswith("system:")
            )
            origin = Origin.IMPLIED if builtin else Origin.ABSENT
            ctx.graph.add_edge(Edge(binding.ref, target, EdgeKind.GRANTS, ("roleRef",)), origin)
        for i, subject in enumerate(getattr(model, "subjects", None) or ()):
            if subject is None or not subject.name or subject.kind not in ("User", "Group", "ServiceAccount"):
                continue
            if subject.kind == "ServiceAccount":
                ns = subject.namespace or (binding.namespace if binding.kind == "RoleBinding" else None)
                target = ref("ServiceAccount", ns, subject.name)
                origin = Origin.IMPLIED if subject.name == "default" else Origin.ABSENT
            else:
                target = ref(subject.kind, None, subject.name, RBAC)
                origin = Origin.IMPLIED
            ctx.graph.add_edge(Edge(binding.ref, target, EdgeKind.BINDS, ("subjects", i)), origin)


@builder
def role_aggregation(ctx: BuildContext) -> None:
    roles = list(ctx.graph.resources("ClusterRole"))
    for role in roles:
        rule = get(role.raw, ("aggregationRule", "clusterRoleSelectors"))
        if not isinstance(rule, list):
            continue
        for i, raw_selector in enumerate(rule):
            try:
                selector = Selector.from_label_selector(raw_selector)
            except SelectorError:
                continue
            for other in roles:
                if other is not role and selector.matches(other.labels):
                    path = ("aggregationRule", "clusterRoleSelectors", i)
                    ctx.graph.add_edge(Edge(role.ref, other.ref, EdgeKind.AGGREGATES, path))


SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror"
LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader"


def mirrored(endpoints: Resource) -> bool:
    """Whether the EndpointSlice mirroring controller copies these Endpoints into EndpointSlices
    (pkg/controller/endpointslicemirroring, shouldMirror): not when labeled
    ``endpointslice.kubernetes.io/skip-mirror: "true"`` or annotated as a leader-election lock."""
    return (
        endpoints.labels.get(SKIP_MIRROR_LABEL) != "true" and LEADER_ANNOTATION not in endpoints.annotations
    )


@builder
def endpoints_backing(ctx: BuildContext) -> None:
    for ep in ctx.graph.resources("Endpoints"):
        if not mirrored(ep):
            continue  # kube-proxy reads EndpointSlices: these Endpoints reach no Service
        ctx.graph.add_edge(
            Edge(ep.ref, ref("Service", ep.namespace, ep.name), EdgeKind.BACKS, ("metadata", "name"))
        )
    for slice_ in ctx.graph.resources("EndpointSlice"):
        service = slice_.labels.get("kubernetes.io/service-name")
        if service:
            path = ("metadata", "labels", "kubernetes.io/service-name")
            ctx.graph.add_edge(
                Edge(slice_.ref, ref("Service", slice_.namespace, service), EdgeKind.BACKS, path)
            )


@builder
def storage_claims(ctx: BuildContext) -> None:
    for pvc in ctx.graph.resources("PersistentVolumeClaim"):
        spec = getattr(pvc.model, "spec", None)
        if spec is None:
            continue
        if spec.storage_class_name:
            target = ref("StorageClass", None, spec.storage_class_name, "storage.k8s.io")
            ctx.graph.add_edge(Edge(pvc.ref, target, EdgeKind.USES_CLASS, ("spec", "storageClassName")))
        if spec.volume_name:
            target = ref("PersistentVolume", None, spec.volume_name)
            ctx.graph.add_edge(Edge(pvc.ref, target, EdgeKind.CLAIMS, ("spec", "volumeName")))


def build_graph(resources: list[Resource]) -> tuple[ResourceGraph, BuildContext]:
    graph = ResourceGraph()
    for r in resources:
        graph.add_resource(r)
    ctx = BuildContext(graph, resources)
    for build in BUILDERS:
        build(ctx)
    return graph, ctx
