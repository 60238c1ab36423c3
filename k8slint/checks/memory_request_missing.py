from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limits import resource_source
from k8slint.analysis.workloads import ContainerKind, ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


class MemoryRequestMissing(ContainerRule):
    """
    ## What it finds
    A container (init and sidecar containers included; ephemeral containers, which cannot have
    resources, are not) without `resources.requests.memory` once admission has run: a
    limit also sets the request (API defaulting), and a LimitRange of the
    namespace in the set whose `defaultRequest` (or, through the LimitRange's own defaulting,
    `default` or `max`) covers memory satisfies the rule. No peer takes LimitRanges
    into account; k8slint does, so a namespace-wide default is not reported container by container.

    ## Why it matters
    Without a memory request the scheduler can pack the node beyond its memory, and the pod is among the first evicted under memory pressure.

    ## How to fix
    Set `resources.requests.memory`, or give the namespace a LimitRange with a default.

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

    id = "memory-request-missing"
    category = Category.RESOURCES
    level = Level.NOTE
    summary = "Container has no memory request"
    aliases = (
        "kube-linter:unset-memory-requirements",
        "kube-score:container-resources",
        "polaris:memoryRequestsMissing",
        "checkov:CKV_K8S_12",
    )
    preset = "default"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        if container.kind is ContainerKind.EPHEMERAL:
            return
        if resource_source(ctx, container, "requests", "memory") is None:
            resources = get(container.resource.raw, (*container.path, "resources"))
            where = (*container.path, "resources") if isinstance(resources, dict) else container.path
            yield Violation(where, f'container "{container.name}" has no memory request')
