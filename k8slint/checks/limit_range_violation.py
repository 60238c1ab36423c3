from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limit_ranger import check_claim, check_pod
from k8slint.engine.rule import GraphRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items


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

    Every valid LimitRange of the object's namespace anywhere in the set applies, as in the
    cluster: its defaults fill the containers (the admitted pod that QoS and the resources rules
    see), and its bounds are checked. A refusal is an error only when the refusing LimitRange, and
    any LimitRange whose default a refused value comes from, lies in the object's directory tree
    (and, for a file whose namespace a kustomization sets, is set the same way); otherwise it is a
    note, since unrelated projects in one repository share namespace names. With
    `--assume-complete` every refusal is an error. LimitRanges are checked in name order and, as upstream, only the
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
                yield from check_pod(ctx, template)
        for claim in ctx.graph.resources("PersistentVolumeClaim"):
            if claim.ref.group == "":
                name = get(claim.raw, ("metadata", "name"))
                yield from check_claim(ctx, claim, (), f'persistentvolumeclaims "{name}" is forbidden: ')
        for sts in ctx.graph.resources("StatefulSet"):
            if sts.ref.group != "apps":
                continue
            for j, tmpl in enumerate(items(get(sts.raw, ("spec",)), "volumeClaimTemplates")):
                name = f"{get(tmpl, ('metadata', 'name'))}-{sts.name}-0"
                prefix = (
                    f'StatefulSet "{sts.name}" is accepted, but its controller cannot create its claims: '
                    f'persistentvolumeclaims "{name}" is forbidden: '
                )
                yield from check_claim(ctx, sts, ("spec", "volumeClaimTemplates", j), prefix)
