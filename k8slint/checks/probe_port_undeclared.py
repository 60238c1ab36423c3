from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items

PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


class ProbePortUndeclared(ContainerRule):
    """
    ## What it finds
    A probe (`httpGet`, `tcpSocket` or `grpc`) whose port is a name that the container does not
    declare in `ports[].name`. Numbered ports are not reported: declaring a port is informational,
    and a probe on an undeclared number works.

    ## Why it matters
    A named port is resolved against the container's declared ports only: the probe fails at run
    time (`port "http" not found`), so a liveness probe restarts the container forever and a
    readiness probe keeps it out of its Services.

    ## How to fix
    Declare the port with that name, or probe the number.

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
          ports:
            - {name: web, containerPort: 80}
          readinessProbe:
            httpGet: {path: /, port: http}
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
          ports:
            - {name: http, containerPort: 80}
          readinessProbe:
            httpGet: {path: /, port: http}
    ```
    """

    id = "probe-port-undeclared"
    category = Category.RELIABILITY
    level = Level.ERROR
    summary = "Probe names a port the container does not declare"
    aliases = ("kube-linter:liveness-port", "kube-linter:readiness-port", "kube-linter:startup-port")
    preset = "minimal"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        raw = get(container.resource.raw, container.path)
        declared = {get(p, ("name",)) for p in items(raw, "ports")}
        for probe in PROBES:
            for handler in ("httpGet", "tcpSocket", "grpc"):
                port = get(raw, (probe, handler, "port"))
                if isinstance(port, str) and port and not port.isdigit() and port not in declared:
                    path = (*container.path, probe, handler, "port")
                    yield Violation(
                        path,
                        f'container "{container.name}" {probe} uses port "{port}", which the container does not declare',
                    )
