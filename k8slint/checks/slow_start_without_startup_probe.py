from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get

SLOW = 60


class SlowStartWithoutStartupProbe(ContainerRule):
    """
    ## What it finds
    A container whose liveness probe waits 60 seconds or more (`initialDelaySeconds`) and that has
    no `startupProbe`.

    ## Why it matters
    A long initial delay is a guess at the start time: too short and the container is killed in a
    loop on a slow day, too long and a hung container goes unnoticed that long on every restart. A
    startup probe waits exactly as long as needed, then hands over to liveness.

    ## How to fix
    Add a `startupProbe` (same check, `failureThreshold` x `periodSeconds` covering the slowest
    start) and drop the liveness delay.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: app
    spec:
      containers:
        - name: app
          image: example/app:1.0
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            initialDelaySeconds: 120
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: app
    spec:
      containers:
        - name: app
          image: example/app:1.0
          startupProbe:
            httpGet: {path: /healthz, port: 8080}
            failureThreshold: 30
            periodSeconds: 5
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
    ```
    """

    id = "slow-start-without-startup-probe"
    category = Category.RELIABILITY
    level = Level.NOTE
    summary = "Liveness probe waits long instead of a startup probe"
    preset = "default"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        raw = get(container.resource.raw, container.path)
        delay = get(raw, ("livenessProbe", "initialDelaySeconds"))
        if (
            isinstance(delay, int)
            and not isinstance(delay, bool)
            and delay >= SLOW
            and get(raw, ("startupProbe",)) is None
        ):
            yield Violation(
                (*container.path, "livenessProbe", "initialDelaySeconds"),
                f'container "{container.name}" liveness probe waits {delay}s: use a startupProbe instead',
            )
