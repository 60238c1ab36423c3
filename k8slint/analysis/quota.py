"""ResourceQuota admission over the set, in apply order (resources.md §4).

Per namespace, every object of the set is created in file order against the namespace's
ResourceQuotas (``spec.hard``; each quota's ``used`` starts at zero and the quotas are taken to
exist before everything else, the steady state of a re-applied namespace, where every pod a
controller recreates faces them). What an object consumes follows the upstream evaluators:

- Pods (``PodUsageFunc``): ``pods``, ``count/pods``, ``cpu``/``requests.cpu``,
  ``memory``/``requests.memory``, ``ephemeral-storage``/``requests.ephemeral-storage``,
  ``limits.*``, ``hugepages-*``/``requests.hugepages-*`` and ``requests.<extended>``, from the
  pod as admitted (``admission.admit``: API defaulting, then LimitRange defaults) with the
  scheduler's init/sidecar formula, pod-level requests and limits when set, and the pod overhead
  (``spec.overhead``, else the ``overhead.podFixed`` of its RuntimeClass in the set).
- Services: ``services``, ``services.nodeports`` (every port of a NodePort or LoadBalancer
  Service; with ``allocateLoadBalancerNodePorts: false`` only the ports that set ``nodePort``),
  ``services.loadbalancers``.
- PersistentVolumeClaims: ``persistentvolumeclaims``, ``requests.storage`` and the
  ``<class>.storageclass.storage.k8s.io/`` forms, the class from the beta annotation, else
  ``spec.storageClassName``, else the set's default StorageClass (``DefaultStorageClass``
  admission runs before quota).
- Every namespaced object: ``count/<resource>[.<group>]``; ConfigMaps, Secrets,
  ReplicationControllers and ResourceQuotas also under their legacy names.

Workloads create their pods (and a Deployment its ReplicaSet, a CronJob one Job, a StatefulSet
one claim per ``volumeClaimTemplates`` entry and replica) right after themselves: Deployment,
ReplicaSet, ReplicationController and StatefulSet ``spec.replicas`` (default 1) pods, a Job
``min(parallelism, completions)`` pods (parallelism default 1), a CronJob one Job's worth (none when
suspended; workloads.pod_count). The
pods of one workload are identical, so the first replica that does not fit is followed only by
refused ones: the controller keeps ``k`` of ``n`` pods and retries the rest. Argo Rollouts
(``spec.replicas``, default 1, and one ReplicaSet) and OpenShift DeploymentConfigs (a stated
``spec.replicas`` and one ReplicationController) count like Deployments. Not counted: DaemonSet
pods without a node inventory (with one: a pod per node the DaemonSet's node selector, required
node affinity and tolerations admit), other custom workloads' pods (their controllers decide how
many). A HorizontalPodAutoscaler of the set clamps its target's count
to ``[minReplicas, maxReplicas]``. A pod or claim LimitRanger refuses is never created and
consumes nothing.

A quota matches an object when its ``hard`` names a resource the object's evaluator tracks and
all its scopes match; scopes only ever match pods (``Terminating``, ``NotTerminating``,
``BestEffort``, ``NotBestEffort``, ``PriorityClass`` with ``In``/``NotIn``/``Exists``/
``DoesNotExist``, ``CrossNamespacePodAffinity``). A refused object consumes nothing; an object
is refused by the first quota (name order) whose constraints (must-specify) fail, else by the
first one it would exceed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from k8slint.analysis import priority
from k8slint.analysis.admission import AdmittedPod, admit, pod_overhead, pod_totals
from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limit_ranger import check_claim
from k8slint.analysis.limit_ranges import resource_list
from k8slint.analysis.qos import QOSClass, qos_class
from k8slint.analysis.refusals import refusal
from k8slint.analysis.workloads import PodTemplate, pod_count
from k8slint.model.quantity import Quantity
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items, text

ONE = Quantity.parse(1)
POD_RESOURCES = frozenset(
    {
        "pods",
        "count/pods",
        "cpu",
        "memory",
        "ephemeral-storage",
        "requests.cpu",
        "requests.memory",
        "requests.ephemeral-storage",
        "limits.cpu",
        "limits.memory",
        "limits.ephemeral-storage",
    }
)
# podEvaluator.Constraints: every container must set these when a matching quota tracks them
MUST_SPECIFY = {
    "cpu": ("requests", "cpu"),
    "requests.cpu": ("requests", "cpu"),
    "memory": ("requests", "memory"),
    "requests.memory": ("requests", "memory"),
    "limits.cpu": ("limits", "cpu"),
    "limits.memory": ("limits", "memory"),
}
LEGACY_COUNTS = {"configmaps", "secrets", "replicationcontrollers", "resourcequotas"}
STORAGE_CLASS = ".storageclass.storage.k8s.io/"
DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
BETA_CLASS = "volume.beta.kubernetes.io/storage-class"
WORKLOAD_CHILD = {"Deployment": ("replicasets", "apps"), "CronJob": ("jobs", "batch")}

ZERO = Quantity.parse(0)


@dataclass(slots=True)
class Quota:
    resource: Resource
    hard: dict[str, Quantity]
    scopes: list[tuple[str, str, tuple[str, ...]]]  # (scopeName, operator, values)
    used: dict[str, Quantity] = field(default_factory=dict)
    consumers: list[Resource] = field(default_factory=list)  # objects charged, in order

    @property
    def name(self) -> str:
        return self.resource.name

    def used_of(self, name: str) -> Quantity:
        found = self.used.get(name)
        return found if found is not None else ZERO


@dataclass(frozen=True, slots=True)
class Rejection:
    """An object (or a workload's pods) refused by a quota."""

    resource: Resource  # the object, or the workload whose pods or claims are refused
    what: str  # "pods", "persistentvolumeclaims", ... (the refused object's resource)
    message: str  # the reason, from "exceeded quota:" / "failed quota:"
    quota: Quota
    kind: str  # "exceeded" | "must-specify"
    names: tuple[str, ...]  # the quota's resources at fault
    count: int  # objects the workload would create of this kind (1 for a plain object)
    fitted: int  # how many of them fit
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)  # must-specify: name -> containers


@dataclass(slots=True)
class NamespaceQuotas:
    namespace: str
    quotas: list[Quota]
    rejected: list[Rejection] = field(default_factory=list)


def plural(kind: str) -> str:
    """The resource name of a kind (meta.UnsafeGuessKindToResource)."""
    lower = kind.lower()
    if lower in ("endpoints",):
        return lower
    if lower.endswith("s"):
        return lower + "es"
    if lower.endswith("y"):
        return lower[:-1] + "ies"
    return lower + "s"


def custom_plurals(ctx: AnalysisContext) -> dict[tuple[str, str], str]:
    """(group, kind) -> the resource name the set's CustomResourceDefinitions give the kind."""
    found: dict[tuple[str, str], str] | None = ctx.memo.get("crd-plurals")
    if found is None:
        found = {}
        for crd in ctx.graph.resources("CustomResourceDefinition"):
            group, names = get(crd.raw, ("spec", "group")), get(crd.raw, ("spec", "names"))
            kind, name = get(names, ("kind",)), get(names, ("plural",))
            if isinstance(group, str) and isinstance(kind, str) and isinstance(name, str) and name:
                found.setdefault((group, kind), name)
        ctx.memo["crd-plurals"] = found
    return found


def resource_name(ctx: AnalysisContext, r: Resource) -> str:
    """The object's resource name: its CRD's ``spec.names.plural`` when the set holds the CRD,
    else the guess from its kind."""
    return custom_plurals(ctx).get((r.ref.group, r.kind)) or plural(r.kind)


def count_name(resource: str, group: str) -> str:
    return f"count/{resource}" + (f".{group}" if group else "")


def _quota(r: Resource) -> Quota | None:
    hard = resource_list(get(r.raw, ("spec", "hard")))
    if hard is None:
        return None  # a malformed quantity: never stored (invalid-quantity reports it)
    scopes: list[tuple[str, str, tuple[str, ...]]] = []
    for s in items(get(r.raw, ("spec",)), "scopes"):
        if isinstance(s, str):
            scopes.append((s, "Exists", ()))
    for e in items(get(r.raw, ("spec", "scopeSelector")), "matchExpressions"):
        name, op = text(e, "scopeName"), text(e, "operator")
        if name and op:
            values = tuple(v for v in items(e, "values") if isinstance(v, str))
            scopes.append((name, op, values))
    if not _scopes_valid(hard, scopes):
        return None  # ValidateResourceQuotaSpec refuses it: never stored, it limits nothing
    return Quota(r, hard, scopes)


# IsResourceQuotaScopeValidForResource: what each scope may limit (other standard names may not)
_POD_COUNT = frozenset({"pods"})
_POD_COMPUTE = frozenset({"cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"})
_STANDARD_OTHER = frozenset(
    {
        "services",
        "services.nodeports",
        "services.loadbalancers",
        "replicationcontrollers",
        "resourcequotas",
        "secrets",
        "configmaps",
        "persistentvolumeclaims",
        "requests.storage",
    }
)
_OPPOSITES = ({"BestEffort", "NotBestEffort"}, {"Terminating", "NotTerminating"})


def _scopes_valid(hard: dict[str, Quantity], scopes: list[tuple[str, str, tuple[str, ...]]]) -> bool:
    names = {name for name, _, _ in scopes}
    if any(pair <= names for pair in _OPPOSITES):
        return False  # "conflicting scopes"
    for name in names:
        allowed = _POD_COUNT if name == "BestEffort" else _POD_COUNT | _POD_COMPUTE
        for k in hard:
            if (k in _POD_COMPUTE or k in _STANDARD_OTHER) and k not in allowed:
                return False  # "unsupported scope applied to resource"
    return True


# -- what objects consume ------------------------------------------------------------------


def _extended(name: str) -> bool:
    """helper.IsExtendedResourceName: a domain-qualified name outside kubernetes.io."""
    return "/" in name and "kubernetes.io/" not in name and not name.startswith("requests.")


def _pod_totals(ctx: AnalysisContext, pod: AdmittedPod) -> tuple[dict[str, Quantity], dict[str, Quantity]]:
    """PodRequests / PodLimits with the pod's overhead (added to limits only where one is set)."""
    requests, limits = pod_totals(pod)
    for k, q in pod_overhead(ctx, pod.template).items():
        requests[k] = requests[k] + q if k in requests else q
        if k in limits:
            limits[k] = limits[k] + q
    return requests, limits


def pod_usage(ctx: AnalysisContext, pod: AdmittedPod) -> dict[str, Quantity]:
    requests, limits = _pod_totals(ctx, pod)
    usage = {"pods": ONE, "count/pods": ONE}
    for r in ("cpu", "memory", "ephemeral-storage"):
        if r in requests:
            usage[r] = usage[f"requests.{r}"] = requests[r]
        if r in limits:
            usage[f"limits.{r}"] = limits[r]
    for r, q in requests.items():
        if r.startswith("hugepages-"):
            usage[r] = usage[f"requests.{r}"] = q
        elif _extended(r):
            usage[f"requests.{r}"] = q
    return usage


def _pod_tracks(name: str) -> bool:
    """podEvaluator.MatchingResources."""
    return (
        name in POD_RESOURCES
        or name.startswith(("hugepages-", "requests.hugepages-"))
        or (name.startswith("requests.") and _extended(name[len("requests.") :]))
    )


def claim_usage(ctx: AnalysisContext, raw: Any, kind_count: str) -> dict[str, Quantity] | None:
    requests = resource_list(get(raw, ("spec", "resources", "requests")))
    if requests is None:
        return None
    usage = {"persistentvolumeclaims": ONE, kind_count: ONE}
    storage = requests.get("storage")
    if storage is not None:
        usage["requests.storage"] = storage
    cls = get(raw, ("metadata", "annotations", BETA_CLASS))
    if not isinstance(cls, str):
        cls = get(raw, ("spec", "storageClassName"))
        if cls is None:
            cls = _default_class(ctx)
    if isinstance(cls, str) and cls:
        usage[f"{cls}{STORAGE_CLASS}persistentvolumeclaims"] = ONE
        if storage is not None:
            usage[f"{cls}{STORAGE_CLASS}requests.storage"] = storage
    return usage


def _default_class(ctx: AnalysisContext) -> str | None:
    for sc in ctx.graph.resources("StorageClass"):
        if sc.annotations.get(DEFAULT_CLASS) == "true":
            return sc.name
    return None


def service_usage(raw: Any) -> dict[str, Quantity]:
    usage = {"services": ONE, "count/services": ONE}
    spec = get(raw, ("spec",))
    kind = text(spec, "type")
    ports = [p for p in items(spec, "ports") if isinstance(p, dict)]
    if kind == "NodePort" or kind == "LoadBalancer":
        n = len(ports)
        if kind == "LoadBalancer" and get(spec, ("allocateLoadBalancerNodePorts",)) is False:
            n = sum(1 for p in ports if p.get("nodePort"))
        usage["services.nodeports"] = Quantity.parse(n)
    if kind == "LoadBalancer":
        usage["services.loadbalancers"] = ONE
    return usage


def object_usage(ctx: AnalysisContext, r: Resource) -> dict[str, Quantity]:
    """What creating ``r`` counts: ``count/<resource>[.<group>]`` and, for the kinds that have one,
    the legacy object count name."""
    return count_usage(resource_name(ctx, r), r.ref.group)


def count_usage(resource: str, group: str) -> dict[str, Quantity]:
    """One object of ``resource`` in ``group`` (an object of the set, or a controller's child)."""
    usage = {count_name(resource, group): ONE}
    if not group and resource in LEGACY_COUNTS:
        usage[resource] = ONE
    return usage


# -- scopes ----------------------------------------------------------------------------------


def _cross_namespace_affinity(spec: Any) -> bool:
    for kind in ("podAffinity", "podAntiAffinity"):
        node = get(spec, ("affinity", kind))
        terms = list(items(node, "requiredDuringSchedulingIgnoredDuringExecution"))
        terms += [
            get(t, ("podAffinityTerm",))
            for t in items(node, "preferredDuringSchedulingIgnoredDuringExecution")
        ]
        for t in terms:
            if items(t, "namespaces") or isinstance(get(t, ("namespaceSelector",)), dict):
                return True
    return False


def _scope_matches(
    ctx: AnalysisContext, template: PodTemplate, scope: tuple[str, str, tuple[str, ...]]
) -> bool:
    name, op, values = scope
    spec = template.raw_spec
    if name in ("Terminating", "NotTerminating"):
        deadline = get(spec, ("activeDeadlineSeconds",))
        terminating = isinstance(deadline, int) and not isinstance(deadline, bool) and deadline >= 0
        return terminating if name == "Terminating" else not terminating
    if name in ("BestEffort", "NotBestEffort"):
        best_effort = qos_class(ctx, template)[0] is QOSClass.BEST_EFFORT
        return best_effort if name == "BestEffort" else not best_effort
    if name == "PriorityClass":
        # the Priority admission plugin, which runs first, gives a pod without a class the global
        # default's name; an empty name is no label at all
        cls = priority.class_name(ctx, template)
        if op == "Exists":
            return cls is not None
        if op == "DoesNotExist":
            return cls is None
        if op == "In":
            return cls is not None and cls in values
        if op == "NotIn":
            return cls is None or cls not in values
        return False
    if name == "CrossNamespacePodAffinity":
        return _cross_namespace_affinity(spec)
    return False


# -- admission -------------------------------------------------------------------------------


def _fmt(values: dict[str, Quantity], names: list[str]) -> str:
    return ",".join(f"{n}={values[n].canonical()}" for n in names)


def _must_specify(pod: AdmittedPod, hard: dict[str, Quantity]) -> dict[str, tuple[str, ...]]:
    if any(pod.pod_requests) or any(pod.pod_limits):
        return {}  # PodLevelResources: the constraint is skipped
    missing: dict[str, tuple[str, ...]] = {}
    for name in sorted(hard.keys() & MUST_SPECIFY.keys()):
        which, r = MUST_SPECIFY[name]
        names = sorted(
            c.view.name for c in pod.containers if r not in (c.requests if which == "requests" else c.limits)
        )
        if names:
            missing[name] = tuple(names)
    return missing


class _Namespace:
    def __init__(self, ctx: AnalysisContext, ns: NamespaceQuotas) -> None:
        self.ctx = ctx
        self.ns = ns
        self.quotas = sorted(ns.quotas, key=lambda q: q.name)

    def matching(self, usage: dict[str, Quantity], template: PodTemplate | None) -> list[Quota]:
        out = []
        for q in self.quotas:
            if template is None:
                if q.scopes or not (q.hard.keys() & usage.keys()):
                    continue
            elif not any(_pod_tracks(n) for n in q.hard) or not all(
                _scope_matches(self.ctx, template, s) for s in q.scopes
            ):
                continue
            out.append(q)
        return out

    def admit(
        self,
        r: Resource,
        usage: dict[str, Quantity],
        template: PodTemplate | None = None,
        pod: AdmittedPod | None = None,
    ) -> tuple[Quota, str, str, tuple[str, ...], dict[str, tuple[str, ...]]] | None:
        """Charge ``usage``; or (quota, kind, reason, names, missing) when refused."""
        quotas = self.matching(usage, template)
        if pod is not None:
            for q in quotas:
                missing = _must_specify(pod, q.hard)
                if missing:
                    groups = "; ".join(f"{n} for: {','.join(cs)}" for n, cs in missing.items())
                    return (
                        q,
                        "must-specify",
                        f"failed quota: {q.name}: must specify {groups}",
                        tuple(missing),
                        missing,
                    )
        for q in quotas:
            requested = {n: v for n, v in usage.items() if n in q.hard}
            exceeded = sorted(n for n, v in requested.items() if q.used_of(n) + v > q.hard[n])
            if exceeded:
                used = {n: q.used_of(n) for n in exceeded}
                reason = (
                    f"exceeded quota: {q.name}, requested: {_fmt(requested, exceeded)}, "
                    f"used: {_fmt(used, exceeded)}, limited: {_fmt(q.hard, exceeded)}"
                )
                return q, "exceeded", reason, tuple(exceeded), {}
        for q in quotas:
            charged = False
            for n, v in usage.items():
                if n in q.hard:
                    q.used[n] = q.used[n] + v if n in q.used else v
                    charged = True
            if charged:
                q.consumers.append(r)
        return None

    def create(self, r: Resource, what: str, usage: dict[str, Quantity], count: int = 1, **pod: Any) -> bool:
        """Create ``count`` identical objects for ``r``; record the first refusal. True if all fit."""
        for i in range(count):
            refused = self.admit(r, usage, **pod)
            if refused is not None:
                q, kind, reason, names, missing = refused
                self.ns.rejected.append(Rejection(r, what, reason, q, kind, names, count, i, missing))
                return False
        return True


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


# custom workloads whose controllers create spec.replicas pods, and their one child object each
CUSTOM_WORKLOADS = {
    ("argoproj.io", "Rollout"): ("replicasets", "apps"),
    ("apps.openshift.io", "DeploymentConfig"): ("replicationcontrollers", ""),
}
BUILTIN_WORKLOADS = {
    ("", "Pod"),
    ("", "ReplicationController"),
    ("apps", "Deployment"),
    ("apps", "ReplicaSet"),
    ("apps", "StatefulSet"),
    ("apps", "DaemonSet"),
    ("batch", "Job"),
    ("batch", "CronJob"),
}


def scoped_quotas(
    ctx: AnalysisContext, ns: NamespaceQuotas, usage: dict[str, Quantity], template: PodTemplate
) -> list[Quota]:
    """The quotas of ``ns`` that would charge a pod of ``template`` (resources and scopes)."""
    return _Namespace(ctx, ns).matching(usage, template)


def evaluate(ctx: AnalysisContext) -> list[NamespaceQuotas]:
    """Every namespace with a ResourceQuota in the set, its quotas' used after the whole set,
    and the refusals, in apply order."""
    found: list[NamespaceQuotas] | None = ctx.memo.get("quota")
    if found is not None:
        return found
    spaces: dict[str, NamespaceQuotas] = {}
    quota_refs: set[Any] = set()
    for r in ctx.graph.resources("ResourceQuota"):
        if r.ref in quota_refs:
            continue  # a second declaration of one quota (an overlay, a copy) is the same object
        quota_refs.add(r.ref)
        if r.ref.group == "" and r.namespace is not None and (q := _quota(r)) is not None:
            spaces.setdefault(r.namespace, NamespaceQuotas(r.namespace, [])).quotas.append(q)
    templates = {id(t.resource): t for t in ctx.templates}
    engines = {ns: _Namespace(ctx, n) for ns, n in spaces.items()}
    seen: set[Any] = set()
    for r in ctx.resources:
        engine = engines.get(r.namespace or "")
        if engine is None or r.namespaced is False or r.ref in seen:
            continue
        seen.add(r.ref)  # a second declaration of one object updates it: not a creation
        _create(ctx, engine, r, templates.get(id(r)))
    found = sorted(spaces.values(), key=lambda n: n.namespace)
    ctx.memo["quota"] = found
    return found


def _create(ctx: AnalysisContext, engine: _Namespace, r: Resource, template: PodTemplate | None) -> None:
    key = (r.ref.group, r.kind)
    if key == ("", "Pod"):
        _pods(ctx, engine, r, template, 1)
        return
    if key == ("", "Service"):
        engine.create(r, "services", service_usage(r.raw))
        return
    if key == ("", "PersistentVolumeClaim"):
        usage = claim_usage(ctx, r.raw, "count/persistentvolumeclaims")
        if usage is not None and next(iter(check_claim(ctx, r, (), "")), None) is None:
            engine.create(r, "persistentvolumeclaims", usage)
        return
    if not engine.create(r, resource_name(ctx, r), object_usage(ctx, r)):
        return
    if (key not in BUILTIN_WORKLOADS and key not in CUSTOM_WORKLOADS) or template is None:
        return
    child = CUSTOM_WORKLOADS.get(key) or (WORKLOAD_CHILD.get(r.kind) if key in BUILTIN_WORKLOADS else None)
    if child is not None and not engine.create(r, child[0], count_usage(*child)):
        return
    count = pod_count(ctx, r)
    if count is None and key == ("apps", "DaemonSet"):
        from k8slint.schedule.simulate import daemon_pod_count

        count = daemon_pod_count(ctx, template)  # one per eligible node of the inventory
    if count is None:
        return
    if r.kind == "StatefulSet":
        claims = [
            c
            for j, c in enumerate(items(get(r.raw, ("spec",)), "volumeClaimTemplates"))
            if isinstance(c, dict)
            # a claim LimitRanger refuses is never created: it consumes nothing
            and next(iter(check_claim(ctx, r, ("spec", "volumeClaimTemplates", j), "")), None) is None
        ]
        for i in range(count):  # the controller creates a replica's claims, then the pod
            for c in claims:
                usage = claim_usage(ctx, c, "count/persistentvolumeclaims")
                before = len(engine.ns.rejected)
                if usage is not None and not engine.create(r, "persistentvolumeclaims", usage):
                    _restate(engine, before, count, i)  # replica i's claim: i replicas were created
                    return
            if not _pods(ctx, engine, r, template, 1, total=count, done=i):
                return
        return
    _pods(ctx, engine, r, template, count)


def _pods(
    ctx: AnalysisContext,
    engine: _Namespace,
    r: Resource,
    template: PodTemplate | None,
    count: int,
    *,
    total: int | None = None,
    done: int = 0,
) -> bool:
    if template is None or count == 0:
        return True
    if refusal(ctx, template) is not None:
        return True  # refused before quota (Priority, validation, LimitRanger): it consumes nothing
    pod = admit(ctx, template)
    usage = pod_usage(ctx, pod)
    before = len(engine.ns.rejected)
    ok = engine.create(r, "pods", usage, count, template=template, pod=pod)
    if not ok and total is not None:  # a StatefulSet replica at a time: report the workload's count
        _restate(engine, before, total, done)
    return ok


def _restate(engine: _Namespace, index: int, total: int, done: int) -> None:
    """Give the rejection at ``index`` the workload's object count and how many were created."""
    last = engine.ns.rejected[index]
    engine.ns.rejected[index] = Rejection(
        last.resource, last.what, last.message, last.quota, last.kind, last.names, total, done, last.missing
    )


def guarded(ctx: AnalysisContext, rejection: Rejection) -> bool:
    """Whether a refusal stands on objects known to share the quota's namespace: the quota, the
    refused object and every object charged to the quota before it lie in one directory tree
    (unrelated projects in one repository share namespace names); always with --assume-complete."""
    from k8slint.analysis.limit_ranges import in_tree

    quota = rejection.quota.resource
    return in_tree(ctx, quota, rejection.resource) and all(
        in_tree(ctx, quota, c) for c in rejection.quota.consumers
    )


def describe(ctx: AnalysisContext, rejection: Rejection) -> str:
    """The finding's message: the API server's error for a plain object; for a workload, what
    its controller can and cannot create, then the reason its creations fail with."""
    r = rejection.resource
    name = resource_name(ctx, r)
    own = name + (f".{r.ref.group}" if r.ref.group else "")
    if rejection.what == name and rejection.count == 1:
        return f'{own} "{r.name}" is forbidden: {rejection.message}'
    if rejection.fitted == 0:
        head = f"its controller cannot create its {rejection.what}"
        if rejection.count > 1:
            head = f"its controller can create none of its {rejection.count} {rejection.what}"
    else:
        head = (
            f"only {rejection.fitted} of its {rejection.count} {rejection.what} can be created; "
            "the controller keeps retrying the others"
        )
    return f'{r.kind} "{r.name}" is accepted, but {head}: {rejection.message}'
