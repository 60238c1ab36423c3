from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerKind, ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import dotted, get

HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


class InvalidProbe(ContainerRule):
    """
    ## What it finds
    Probes the API server rejects: none or more than one handler (`exec`, `httpGet`, `tcpSocket`,
    `grpc`); `successThreshold` other than 1 on a liveness or startup probe; any probe on an init
    container that is not a sidecar (`restartPolicy: Always`). Upstream: validateProbe,
    validateHandler, validateInitContainers (pkg/apis/core/validation).

    ## Why it matters
    The pod is rejected: `spec.containers[0].livenessProbe: Forbidden: may not specify more than 1
    handler type`.

    ## How to fix
    Keep exactly one handler; move probes off plain init containers.

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
            httpGet: {path: /healthz, port: 80}
            tcpSocket: {port: 80}
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
    ```
    """

    id = "invalid-probe"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Probe has no handler, several handlers, or is not allowed here"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        raw = get(container.resource.raw, container.path)
        if not isinstance(raw, dict):
            return
        for probe in PROBES:
            spec = raw.get(probe)
            if not isinstance(spec, dict):
                continue
            path = (*container.path, probe)
            if container.kind is ContainerKind.INIT:
                yield Violation(
                    path,
                    f"{dotted(path)}: Forbidden: may not be set for init containers without restartPolicy=Always",
                )
                continue
            handlers = [h for h in HANDLERS if spec.get(h) is not None]
            if len(handlers) > 1:
                yield Violation(path, f"{dotted(path)}: Forbidden: may not specify more than 1 handler type")
            elif not handlers:
                yield Violation(path, f"{dotted(path)}: Required value: must specify a handler type")
            threshold = spec.get("successThreshold")
            if probe != "readinessProbe" and isinstance(threshold, int) and threshold != 1:
                tpath = (*path, "successThreshold")
                yield Violation(tpath, f"{dotted(tpath)}: Invalid value: {threshold}: must be 1")
