from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get

HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")


class IdenticalProbes(ContainerRule):
    """
    ## What it finds
    A container whose liveness and readiness probes use the same handler (same command, path and
    port, or same port), whatever their timings.

    ## Why it matters
    When the check fails under load, readiness should take the pod out of rotation while liveness
    leaves it alone; with the same check, liveness restarts a pod that only needed a rest, and an
    outage of a dependency restarts every replica at once.

    ## How to fix
    Make liveness cheap and local (is the process alive?) and readiness meaningful (can it serve?).

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          livenessProbe:
            httpGet: {path: /ready, port: 80}
          readinessProbe:
            httpGet: {path: /ready, port: 80}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          livenessProbe:
            httpGet: {path: /healthz, port: 80}
          readinessProbe:
            httpGet: {path: /ready, port: 80}
    ```
    """

    id = "identical-probes"
    category = Category.RELIABILITY
    level = Level.WARNING
    summary = "Liveness and readiness probes are the same check"
    aliases = ("kube-score:pod-probes-identical",)
    preset = "strict"  # the gRPC health service for both probes is a common, deliberate pattern

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        raw = get(container.resource.raw, container.path)
        live, ready = get(raw, ("livenessProbe",)), get(raw, ("readinessProbe",))
        if not isinstance(live, dict) or not isinstance(ready, dict):
            return
        same = [h for h in HANDLERS if live.get(h) is not None and live.get(h) == ready.get(h)]
        if same:
            yield Violation(
                (*container.path, "livenessProbe"),
                f'container "{container.name}" liveness probe is the same {same[0]} check as its readiness probe',
            )
