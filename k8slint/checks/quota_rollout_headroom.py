import math
from collections.abc import Iterator
from typing import Any

from k8slint.analysis.admission import admit
from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limit_ranges import in_tree
from k8slint.analysis.quota import evaluate, pod_usage, scoped_quotas
from k8slint.analysis.refusals import refusal
from k8slint.analysis.workloads import pod_template
from k8slint.engine.rule import GraphRule, RelatedRef, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


def _resolve(raw: Any, replicas: int, default: str, round_up: bool) -> int | None:
    """intstr.GetScaledValueFromIntOrPercent: a count, or a percentage of the replicas (maxSurge
    rounds up, maxUnavailable down); None when it is neither."""
    value = default if raw is None else raw
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        scaled = int(value[:-1]) * replicas / 100
        return math.ceil(scaled) if round_up else math.floor(scaled)
    return None


class QuotaRolloutHeadroom(GraphRule):
    """
    ## What it finds
    A Deployment whose pods fit their namespace's ResourceQuota once the whole set is applied, but
    whose rolling update cannot: the update first creates up to `maxSurge` extra pods (default
    25% of the replicas, rounded up) and, with `maxUnavailable` resolving to 0 (set to 0, or a
    percentage that rounds down to 0, as the default 25% does below 4 replicas), may not remove an
    old pod before a new one is available. When the quota has no room for the surge pods, the new
    ReplicaSet's pods are refused (`exceeded quota`) and nothing makes room: the rollout stalls
    until `progressDeadlineSeconds` marks it failed. Quota usage is the set's, after every object
    is created in file order (`k8slint quota` shows it). A note when the quota is outside the
    Deployment's directory tree (unless `--assume-complete`).

    ## Why it matters
    Every deploy of a new version hangs, although the running version fits.

    ## How to fix
    Leave room in the quota for `maxSurge` pods, or allow `maxUnavailable: 1` (old pods are
    then replaced one at a time), or use `strategy: {type: Recreate}`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ResourceQuota
    metadata:
      name: team
    spec:
      hard: {pods: "3"}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      strategy:
        rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: "nginx:1.27"}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ResourceQuota
    metadata:
      name: team
    spec:
      hard: {pods: "4"}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      strategy:
        rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: "nginx:1.27"}]
    ```
    """

    id = "quota-rollout-headroom"
    category = Category.RESOURCES
    level = Level.WARNING
    summary = "A rolling update would stall on a ResourceQuota"
    preset = "default"

    def check(self, ctx: AnalysisContext) -> Iterator[Violation]:
        spaces = {ns.namespace: ns for ns in evaluate(ctx)}
        for r in ctx.graph.resources("Deployment"):
            ns = spaces.get(r.namespace or "")
            template = pod_template(r)
            if ns is None or template is None or r.ref.group != "apps":
                continue
            if any(rej.resource is r for rej in ns.rejected):
                continue  # already refused: quota-exceeded reports it
            strategy = get(r.raw, ("spec", "strategy"))
            if get(strategy, ("type",)) == "Recreate":
                continue
            replicas = template.replicas
            if not replicas:
                continue  # a scaled-down Deployment creates no surge pod
            rolling = get(strategy, ("rollingUpdate",))
            surge = _resolve(get(rolling, ("maxSurge",)), replicas, "25%", True)
            unavailable = _resolve(get(rolling, ("maxUnavailable",)), replicas, "25%", False)
            if surge is None or unavailable is None or surge <= 0:
                continue  # ResolveFenceposts: both 0 makes maxUnavailable 1
            if unavailable > 0:
                continue  # old pods make room: the rollout proceeds
            if refusal(ctx, template) is not None:
                continue  # its pods are refused before quota: none to surge
            usage = pod_usage(ctx, admit(ctx, template))
            for q in scoped_quotas(ctx, ns, usage, template):
                short = sorted(
                    n for n, v in usage.items() if n in q.hard and q.used_of(n) + v.times(surge) > q.hard[n]
                )
                if not short:
                    continue
                needs = ",".join(f"{n}={(q.used_of(n) + usage[n].times(surge)).canonical()}" for n in short)
                limited = ",".join(f"{n}={q.hard[n].canonical()}" for n in short)
                yield Violation(
                    ("spec", "strategy") if strategy is not None else ("metadata", "name"),
                    f'Deployment "{r.name}" fits ResourceQuota "{q.name}", but a rolling update adds {surge} '
                    f"pod{'s' if surge > 1 else ''} (maxSurge) before removing any (maxUnavailable 0): it would need "
                    f"{needs}, limited: {limited}; the new pods are refused and the rollout stalls",
                    r,
                    tuple(
                        RelatedRef(q.resource, ("spec", "hard", n), f'ResourceQuota "{q.name}" limits {n}')
                        for n in short
                    ),
                    # a quota of an unrelated directory may only share the namespace's name
                    downgrade=None if in_tree(ctx, q.resource, r) else Level.NOTE,
                )
                break
