from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.quota import describe, evaluate, guarded
from k8slint.engine.rule import GraphRule, RelatedRef, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import Path, get


class QuotaExceeded(GraphRule):
    """
    ## What it finds
    Objects that the ResourceQuota admission plugin refuses because the set, applied in file
    order, would exceed a ResourceQuota's `spec.hard` in their namespace: pods (every replica of a
    Deployment, ReplicaSet, ReplicationController or StatefulSet, a Job's `parallelism` pods, one
    Job's worth of a CronJob; compute resources from the pod as admitted, LimitRange defaults,
    init containers, sidecars and overhead included), Services (`services.nodeports`,
    `services.loadbalancers`), PersistentVolumeClaims (`requests.storage`, per-StorageClass
    forms, StatefulSet claim templates) and object counts (`count/<resource>.<group>`,
    `configmaps`, `secrets`, ...). Quota scopes (`Terminating`, `NotTerminating`, `BestEffort`,
    `NotBestEffort`, `PriorityClass`, `CrossNamespacePodAffinity`) decide which pods count.

    A refused object consumes nothing: later objects are checked as if it did not exist. The pods
    of one workload are identical, so the first one that does not fit is followed only by refused
    ones: the finding says how many replicas can be created. Argo Rollouts and DeploymentConfigs
    count like Deployments; DaemonSet pods count one per eligible node when a node inventory is
    given (Nodes in the set, `--nodes`), else not at all; other custom workloads' pods are not
    counted. A pod without `priorityClassName` gets the global default PriorityClass's name before
    quota scopes are matched. The message carries the API server's reason verbatim
    (`exceeded quota: q, requested: ..., used: ..., limited: ...`). The finding is a note when the
    quota, the object or an object charged before it lies outside one directory tree (unrelated
    projects in one repository may share a namespace name); `--assume-complete` makes it an error.

    ## Why it matters
    The API server refuses the object. For a workload, the workload is accepted but its controller
    cannot create the missing pods; the failure only shows as events on the ReplicaSet, Job or
    StatefulSet, and the workload runs short of replicas.

    ## How to fix
    Lower the replicas or the requests and limits, or raise the quota's `hard` value.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ResourceQuota
    metadata:
      name: team
    spec:
      hard:
        pods: "2"
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ResourceQuota
    metadata:
      name: team
    spec:
      hard:
        pods: "3"
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27
    ```
    """

    id = "quota-exceeded"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "The set exceeds a ResourceQuota: objects or pods are refused"

    def check(self, ctx: AnalysisContext) -> Iterator[Violation]:
        for ns in evaluate(ctx):
            for rejection in ns.rejected:
                if rejection.kind != "exceeded":
                    continue
                q = rejection.quota
                related = tuple(
                    RelatedRef(
                        q.resource,
                        ("spec", "hard", name),
                        f'ResourceQuota "{q.name}" limits {name} to {q.hard[name].canonical()}',
                    )
                    for name in rejection.names
                )
                yield Violation(
                    _where(rejection.resource.raw, rejection.what, rejection.resource.kind),
                    describe(ctx, rejection),
                    rejection.resource,
                    related,
                    downgrade=None if guarded(ctx, rejection) else Level.NOTE,
                )


def _where(raw: object, what: str, kind: str) -> Path:
    """The field that sets how many objects are created, else the object's name."""
    if what in ("pods", "persistentvolumeclaims"):
        for path in (
            ("spec", "replicas"),
            ("spec", "parallelism"),
            ("spec", "jobTemplate", "spec", "parallelism"),
        ):
            if get(raw, path) is not None:
                return path
    return ("metadata", "name")
