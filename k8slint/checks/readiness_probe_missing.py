from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerKind, ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.graph import EdgeKind
from k8slint.parse.sourcemap import get


class ReadinessProbeMissing(ContainerRule):
    """
    ## What it finds
    An application container without a `readinessProbe` in a pod template that a Service of the
    set selects. Like kube-score, and unlike kube-linter and Polaris, pods that no Service sends
    traffic to are not reported: readiness only gates Service endpoints.

    ## Why it matters
    Without it the pod receives traffic as soon as its process starts, before it can serve, and
    keeps receiving it while it cannot.

    ## How to fix
    Add a `readinessProbe` that checks the pod can serve.

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
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports: [{port: 80}]
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
              readinessProbe:
                httpGet: {path: /, port: 80}
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports: [{port: 80}]
    ```
    """

    id = "readiness-probe-missing"
    category = Category.RELIABILITY
    level = Level.WARNING
    summary = "Container behind a Service has no readiness probe"
    aliases = (
        "kube-linter:no-readiness-probe",
        "kube-score:pod-probes",
        "polaris:readinessProbeMissing",
        "checkov:CKV_K8S_9",
    )
    preset = "default"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        if container.kind is not ContainerKind.CONTAINER:
            return
        if get(container.resource.raw, (*container.path, "readinessProbe")) is not None:
            return
        services = ctx.graph.in_edges(container.resource.ref, EdgeKind.SELECTS)
        if services:
            svc = services[0].source
            yield Violation(
                container.path,
                f'container "{container.name}" has no readiness probe, and Service {svc.name} sends it traffic',
            )
