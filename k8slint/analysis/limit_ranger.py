"""The LimitRanger admission plugin's validation (plugin/pkg/admission/limitranger): min, max and
maxLimitRequestRatio of the namespace's LimitRanges against pods (as admitted) and claims. Shared
by limit-range-violation and the quota engine (a pod LimitRanger refuses never reaches quota)."""

from collections.abc import Iterable, Iterator

from k8slint.analysis.admission import (
    AdmittedContainer,
    admissible,
    admit,
    pod_totals,
    quantities,
)
from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limit_ranges import (
    MAX_MILLI_VALUE,
    Item,
    comparable,
    in_tree,
    limit_ranges,
    milli,
    resource_list,
    whole,
)
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import RelatedRef, Violation
from k8slint.findings import Level
from k8slint.model.quantity import Quantity
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, get

# the name LimitRanger sees for a controller's pod (its generateName, or the StatefulSet pod's name)
_POD_NAMES = {
    "ReplicaSet": "{}-",
    "ReplicationController": "{}-",
    "DaemonSet": "{}-",
    "Job": "{}-",
    "StatefulSet": "{}-0",
    "Deployment": "{}-<pod-template-hash>-",
    "CronJob": "{}-<scheduled-time>-",
}


def forbidden_envelope(template: PodTemplate) -> str:
    r = template.resource
    if r.kind == "Pod":
        name = get(r.raw, ("metadata", "name")) or get(r.raw, ("metadata", "generateName"))
        return f'pods "{name}" is forbidden: '
    accepted = f'{r.kind} "{r.name}" is accepted, but its controller cannot create its pods: '
    pattern = _POD_NAMES.get(r.kind)
    if pattern is None:
        return f"{accepted}pods are forbidden: "
    return f'{accepted}pods "{pattern.format(r.name)}" is forbidden: '


def _related(lr: Resource, item: Item, which: str, k: str) -> tuple[RelatedRef, ...]:
    return (
        RelatedRef(lr, ("spec", "limits", item.index, which, k), f'LimitRange "{lr.name}" sets {which}[{k}]'),
    )


def check_pod(ctx: AnalysisContext, template: PodTemplate) -> Iterator[Violation]:
    ranges = limit_ranges(ctx, template.namespace)
    if not ranges:
        return
    pod = admit(ctx, template)
    if not admissible(pod):
        return
    envelope = forbidden_envelope(template)
    guard = {lr.name for lr, _ in ranges if in_tree(ctx, lr, template.resource)}
    for lr, parsed in ranges:
        found: list[Violation] = []
        for item in parsed:
            if item.type == "Container":
                for c in pod.containers:
                    requests, limits = quantities(c.requests), quantities(c.limits)
                    for which, k, reason in _constraints(item, "Container", requests, limits):
                        unrelated = lr.name not in guard or not _sources_in(guard, [c], k)
                        found.append(
                            Violation(
                                _where(c),
                                envelope + reason,
                                template.resource,
                                _related(lr, item, which, k),
                                downgrade=Level.NOTE if unrelated else None,
                            )
                        )
            elif item.type == "Pod":
                requests, limits = pod_totals(pod)
                for which, k, reason in _constraints(item, "Pod", requests, limits):
                    unrelated = lr.name not in guard or not _sources_in(guard, pod.containers, k)
                    found.append(
                        Violation(
                            template.spec_path,
                            envelope + reason,
                            template.resource,
                            _related(lr, item, which, k),
                            downgrade=Level.NOTE if unrelated else None,
                        )
                    )
        if found:
            yield from found
            return  # admission stops at the first LimitRange that refuses the pod


def _sources_in(guard: set[str], containers: Iterable[AdmittedContainer], k: str) -> bool:
    """Whether every LimitRange default behind resource ``k`` of ``containers`` is in the guard."""
    return all(
        v.source.name in guard
        for c in containers
        for v in (c.requests.get(k), c.limits.get(k))
        if v is not None and v.source.kind == "limitrange"
    )


def _where(c: AdmittedContainer) -> Path:
    resources = get(c.view.resource.raw, (*c.view.path, "resources"))
    return (*c.view.path, "resources") if isinstance(resources, dict) else c.view.path


def check_claim(ctx: AnalysisContext, owner: Resource, base: Path, prefix: str) -> Iterator[Violation]:
    ranges = limit_ranges(ctx, owner.namespace)
    if not ranges:
        return
    requests = resource_list(get(owner.raw, (*base, "spec", "resources", "requests")))
    if requests is None or "storage" not in requests:
        return  # object validation refuses a claim without a storage request first
    for lr, parsed in ranges:
        found: list[Violation] = []
        for item in parsed:
            if item.type != "PersistentVolumeClaim":
                continue
            for k, enforced in sorted(item.get("min").items()):
                reason = _min(k, "PersistentVolumeClaim", enforced, requests, {})
                if reason:
                    found.append(_claim_violation(ctx, owner, base, k, prefix + reason, lr, item, "min"))
            for k, enforced in sorted(item.get("max").items()):
                req = requests.get(k)
                if req is None:
                    reason = f"maximum {k} usage per PersistentVolumeClaim is {enforced.canonical()}.  No request is specified"
                else:
                    observed, _, bound = comparable(req, None, enforced)
                    reason = (
                        f"maximum {k} usage per PersistentVolumeClaim is {enforced.canonical()}, but request is {req.canonical()}"
                        if observed > bound
                        else ""
                    )
                if reason:
                    found.append(_claim_violation(ctx, owner, base, k, prefix + reason, lr, item, "max"))
        if found:
            yield from found
            return


def _claim_violation(
    ctx: AnalysisContext,
    owner: Resource,
    base: Path,
    k: str,
    message: str,
    lr: Resource,
    item: Item,
    which: str,
) -> Violation:
    return Violation(
        (*base, "spec", "resources", "requests", k),
        message,
        owner,
        _related(lr, item, which, k),
        downgrade=None if in_tree(ctx, lr, owner) else Level.NOTE,
    )


def _constraints(
    item: Item, limit_type: str, requests: dict[str, Quantity], limits: dict[str, Quantity]
) -> Iterator[tuple[str, str, str]]:
    for k, enforced in sorted(item.get("min").items()):
        if reason := _min(k, limit_type, enforced, requests, limits):
            yield "min", k, reason
    for k, enforced in sorted(item.get("max").items()):
        if reason := _max(k, limit_type, enforced, requests, limits):
            yield "max", k, reason
    for k, enforced in sorted(item.get("maxLimitRequestRatio").items()):
        if reason := _ratio(k, limit_type, enforced, requests, limits):
            yield "maxLimitRequestRatio", k, reason


def _min(
    k: str, t: str, enforced: Quantity, requests: dict[str, Quantity], limits: dict[str, Quantity]
) -> str:
    req, lim = requests.get(k), limits.get(k)
    observed_req, observed_lim, bound = comparable(req, lim, enforced)
    if req is None:
        return f"minimum {k} usage per {t} is {enforced.canonical()}.  No request is specified"
    if observed_req < bound:
        return f"minimum {k} usage per {t} is {enforced.canonical()}, but request is {req.canonical()}"
    if lim is not None and observed_lim < bound:
        return f"minimum {k} usage per {t} is {enforced.canonical()}, but limit is {lim.canonical()}"
    return ""


def _max(
    k: str, t: str, enforced: Quantity, requests: dict[str, Quantity], limits: dict[str, Quantity]
) -> str:
    req, lim = requests.get(k), limits.get(k)
    observed_req, observed_lim, bound = comparable(req, lim, enforced)
    if lim is None:
        return f"maximum {k} usage per {t} is {enforced.canonical()}.  No limit is specified"
    if observed_lim > bound:
        return f"maximum {k} usage per {t} is {enforced.canonical()}, but limit is {lim.canonical()}"
    if req is not None and observed_req > bound:
        return f"maximum {k} usage per {t} is {enforced.canonical()}, but request is {req.canonical()}"
    return ""


def _ratio(
    k: str, t: str, enforced: Quantity, requests: dict[str, Quantity], limits: dict[str, Quantity]
) -> str:
    req, lim = requests.get(k), limits.get(k)
    observed_req, observed_lim, _ = comparable(req, lim, enforced)
    if req is None or observed_req == 0:
        return f"{k} max limit to request ratio per {t} is {enforced.canonical()}, but no request is specified or request is 0"
    if lim is None or observed_lim == 0:
        return f"{k} max limit to request ratio per {t} is {enforced.canonical()}, but no limit is specified or limit is 0"
    observed = float(observed_lim) / float(observed_req)
    shown, bound = observed, float(whole(enforced))
    if whole(enforced) <= MAX_MILLI_VALUE:
        observed, bound = observed * 1000, float(milli(enforced))
    if observed > bound:
        return f"{k} max limit to request ratio per {t} is {enforced.canonical()}, but provided ratio is {shown:f}"
    return ""
