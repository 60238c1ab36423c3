from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.checks._limit_range import (
    MAX_MILLI_VALUE,
    Item,
    Q,
    admitted_containers,
    comparable,
    limit_ranges,
    pod_totals,
    resource_list,
)
from k8slint.engine.rule import GraphRule, RelatedRef, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, get, items

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


class LimitRangeViolation(GraphRule):
    """
    ## What it finds
    Pods and PersistentVolumeClaims that the LimitRanger admission plugin refuses, checked against
    the LimitRanges of their namespace in the set (upstream `PodValidateLimitFunc`,
    `PersistentVolumeClaimValidateLimitFunc`):
    - `type: Container` items: every container and init container, as admitted (a limit without
      a request makes the request equal to it; missing values come from the LimitRanges'
      `default` and `defaultRequest`, which default to `max`, then `min`), against `min`, `max`
      and `maxLimitRequestRatio`;
    - `type: Pod` items: the pod's total (init containers and sidecars counted as the scheduler
      counts them, no overhead; pod-level cpu/memory when set);
    - `type: PersistentVolumeClaim` items: a claim's `spec.resources.requests.storage` (and
      StatefulSet `volumeClaimTemplates`) against `min` and `max`.

    Only LimitRanges of the same namespace and of the object's directory tree count (the whole
    set with `--assume-complete`). LimitRanges are checked in name order and, as upstream, only the
    first one that refuses the object is reported; each of its errors is one finding (the API
    server joins several as `[e1, e2]`). A pod whose defaulted limit falls below its request is
    refused by object validation first and is left to other rules.

    Messages carry the upstream reason verbatim. A bare Pod reads as the API server's error
    (`pods "web" is forbidden: ...`). A workload is accepted: its controller's pod creations fail,
    so the message names the workload and then the error its controller records, with the pod
    name the controller would use (`<name>-` for Jobs, DaemonSets and ReplicaSets, `<name>-0` for
    StatefulSets; a Deployment's ReplicaSet hash and a CronJob's schedule time are shown as
    placeholders).

    ## Why it matters
    `pods "web-7d4b9-" is forbidden: maximum memory usage per Container is 1Gi, but limit is
    2Gi`: the Deployment is created, but none of its pods ever exists; the failure only shows in
    the ReplicaSet's events.

    ## How to fix
    Keep each container's requests and limits (after defaults) inside the namespace's LimitRange,
    or change the LimitRange.

    ## Example
    ```yaml
    apiVersion: v1
    kind: LimitRange
    metadata:
      name: limits
    spec:
      limits:
        - type: Container
          min: {cpu: 100m}
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: {cpu: 50m}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: LimitRange
    metadata:
      name: limits
    spec:
      limits:
        - type: Container
          min: {cpu: 100m}
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: {cpu: 200m}
    ```
    """

    id = "limit-range-violation"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Pod or PersistentVolumeClaim is refused by the namespace's LimitRange"

    def check(self, ctx: AnalysisContext) -> Iterator[Violation]:
        if not any(True for _ in ctx.graph.resources("LimitRange")):
            return
        for template in ctx.templates:
            if template.resource.kind != "PodTemplate":
                yield from _check_pod(ctx, template)
        for claim in ctx.graph.resources("PersistentVolumeClaim"):
            if claim.ref.group == "":
                name = get(claim.raw, ("metadata", "name"))
                yield from _check_claim(ctx, claim, (), f'persistentvolumeclaims "{name}" is forbidden: ')
        for sts in ctx.graph.resources("StatefulSet"):
            if sts.ref.group != "apps":
                continue
            for j, tmpl in enumerate(items(get(sts.raw, ("spec",)), "volumeClaimTemplates")):
                name = f"{get(tmpl, ('metadata', 'name'))}-{sts.name}-0"
                prefix = (
                    f'StatefulSet "{sts.name}" is accepted, but its controller cannot create its claims: '
                    f'persistentvolumeclaims "{name}" is forbidden: '
                )
                yield from _check_claim(ctx, sts, ("spec", "volumeClaimTemplates", j), prefix)


def _envelope(template: PodTemplate) -> str:
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


def _check_pod(ctx: AnalysisContext, template: PodTemplate) -> Iterator[Violation]:
    ranges = limit_ranges(ctx, template.resource)
    if not ranges:
        return
    admitted = admitted_containers(template, ranges)
    if admitted is None:
        return
    envelope = _envelope(template)
    for lr, parsed in ranges:
        found: list[Violation] = []
        for item in parsed:
            if item.type == "Container":
                for a in admitted:
                    for which, k, reason in _constraints(item, "Container", a.requests, a.limits):
                        found.append(
                            Violation(
                                a.where, envelope + reason, template.resource, _related(lr, item, which, k)
                            )
                        )
            elif item.type == "Pod":
                requests, limits = pod_totals(template, admitted)
                for which, k, reason in _constraints(item, "Pod", requests, limits):
                    found.append(
                        Violation(
                            template.spec_path,
                            envelope + reason,
                            template.resource,
                            _related(lr, item, which, k),
                        )
                    )
        if found:
            yield from found
            return  # admission stops at the first LimitRange that refuses the pod


def _check_claim(ctx: AnalysisContext, owner: Resource, base: Path, prefix: str) -> Iterator[Violation]:
    ranges = limit_ranges(ctx, owner)
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
                    found.append(_claim_violation(owner, base, k, prefix + reason, lr, item, "min"))
            for k, enforced in sorted(item.get("max").items()):
                req = requests.get(k)
                if req is None:
                    reason = (
                        f"maximum {k} usage per PersistentVolumeClaim is {enforced}.  No request is specified"
                    )
                else:
                    observed, _, bound = comparable(req, None, enforced)
                    reason = (
                        f"maximum {k} usage per PersistentVolumeClaim is {enforced}, but request is {req}"
                        if observed > bound
                        else ""
                    )
                if reason:
                    found.append(_claim_violation(owner, base, k, prefix + reason, lr, item, "max"))
        if found:
            yield from found
            return


def _claim_violation(
    owner: Resource, base: Path, k: str, message: str, lr: Resource, item: Item, which: str
) -> Violation:
    return Violation(
        (*base, "spec", "resources", "requests", k), message, owner, _related(lr, item, which, k)
    )


def _constraints(
    item: Item, limit_type: str, requests: dict[str, Q], limits: dict[str, Q]
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


def _min(k: str, t: str, enforced: Q, requests: dict[str, Q], limits: dict[str, Q]) -> str:
    req, lim = requests.get(k), limits.get(k)
    observed_req, observed_lim, bound = comparable(req, lim, enforced)
    if req is None:
        return f"minimum {k} usage per {t} is {enforced}.  No request is specified"
    if observed_req < bound:
        return f"minimum {k} usage per {t} is {enforced}, but request is {req}"
    if lim is not None and observed_lim < bound:
        return f"minimum {k} usage per {t} is {enforced}, but limit is {lim}"
    return ""


def _max(k: str, t: str, enforced: Q, requests: dict[str, Q], limits: dict[str, Q]) -> str:
    req, lim = requests.get(k), limits.get(k)
    observed_req, observed_lim, bound = comparable(req, lim, enforced)
    if lim is None:
        return f"maximum {k} usage per {t} is {enforced}.  No limit is specified"
    if observed_lim > bound:
        return f"maximum {k} usage per {t} is {enforced}, but limit is {lim}"
    if req is not None and observed_req > bound:
        return f"maximum {k} usage per {t} is {enforced}, but request is {req}"
    return ""


def _ratio(k: str, t: str, enforced: Q, requests: dict[str, Q], limits: dict[str, Q]) -> str:
    req, lim = requests.get(k), limits.get(k)
    observed_req, observed_lim, _ = comparable(req, lim, enforced)
    if req is None or observed_req == 0:
        return f"{k} max limit to request ratio per {t} is {enforced}, but no request is specified or request is 0"
    if lim is None or observed_lim == 0:
        return (
            f"{k} max limit to request ratio per {t} is {enforced}, but no limit is specified or limit is 0"
        )
    observed = float(observed_lim) / float(observed_req)
    shown, bound = observed, float(enforced.whole())
    if enforced.whole() <= MAX_MILLI_VALUE:
        observed, bound = observed * 1000, float(enforced.milli())
    if observed > bound:
        return f"{k} max limit to request ratio per {t} is {enforced}, but provided ratio is {shown:f}"
    return ""
