from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerKind, ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get

LONG_RUNNING = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"}


class LivenessProbeMissing(ContainerRule):
    """
    ## What it finds
    An application container of a long-running workload (Deployment, StatefulSet, DaemonSet,
    ReplicaSet, ReplicationController, and custom workloads) without a `livenessProbe`. Jobs,
    CronJobs, bare Pods, init and ephemeral containers are not reported.

    ## Why it matters
    A deadlocked process keeps its container running forever without one.

    ## How to fix
    Add a cheap `livenessProbe` (an HTTP health endpoint or a TCP check).

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - name: web
              image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - name: web
              image: nginx:1.27
              livenessProbe:
                tcpSocket: {port: 80}
    ```
    """

    id = "liveness-probe-missing"
    category = Category.RELIABILITY
    level = Level.NOTE
    summary = "Long-running container has no liveness probe"
    aliases = (
        "kube-linter:no-liveness-probe",
        "kube-score:pod-probes",
        "polaris:livenessProbeMissing",
        "checkov:CKV_K8S_8",
    )
    preset = "strict"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        kind = container.resource.kind
        if container.kind is not ContainerKind.CONTAINER or kind in ("Pod", "Job", "CronJob", "PodTemplate"):
            return
        if get(container.resource.raw, (*container.path, "livenessProbe")) is None:
            yield Violation(container.path, f'container "{container.name}" has no liveness probe')
