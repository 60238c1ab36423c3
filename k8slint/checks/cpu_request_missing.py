from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limits import resource_source
from k8slint.analysis.workloads import ContainerKind, ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


class CpuRequestMissing(ContainerRule):
    """
    ## What it finds
    A container (init and sidecar containers included; ephemeral containers, which cannot have
    resources, are not) without `resources.requests.cpu` once admission has run: a
    limit also sets the request (API defaulting), and a LimitRange of the
    namespace in the set whose `defaultRequest` (or, through the LimitRange's own defaulting,
    `default` or `max`) covers cpu satisfies the rule. No peer takes LimitRanges
    into account; k8slint does, so a namespace-wide default is not reported container by container.

    ## Why it matters
    Without a CPU request the scheduler places the pod as if it used no CPU, and under contention it gets the smallest share: a noisy neighbour starves it.

    ## How to fix
    Set `resources.requests.cpu`, or give the namespace a LimitRange with a default.

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
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi, cpu: 500m}
    ```
    """

    id = "cpu-request-missing"
    category = Category.RESOURCES
    level = Level.NOTE
    summary = "Container has no CPU request"
    aliases = (
        "kube-linter:unset-cpu-requirements",
        "kube-score:container-resources",
        "polaris:cpuRequestsMissing",
        "checkov:CKV_K8S_10",
    )
    preset = "default"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        if container.kind is ContainerKind.EPHEMERAL:
            return
        if resource_source(ctx, container, "requests", "cpu") is None:
            resources = get(container.resource.raw, (*container.path, "resources"))
            where = (*container.path, "resources") if isinstance(resources, dict) else container.path
            yield Violation(where, f'container "{container.name}" has no cpu request')
