from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limits import resource_source
from k8slint.analysis.workloads import ContainerKind, ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


class MemoryLimitMissing(ContainerRule):
    """
    ## What it finds
    A container (init and sidecar containers included; ephemeral containers, which cannot have
    resources, are not) without `resources.limits.memory` once admission has run: a
    a LimitRange of the
    namespace in the set whose `default` (or, through the LimitRange's own defaulting,
    `max`) covers memory satisfies the rule. No peer takes LimitRanges
    into account; k8slint does, so a namespace-wide default is not reported container by container.

    ## Why it matters
    A container without a memory limit can use all of the node's memory: the kernel then kills processes of other pods, or the kubelet evicts them.

    ## How to fix
    Set `resources.limits.memory`, or give the namespace a LimitRange with a default.

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

    id = "memory-limit-missing"
    category = Category.RESOURCES
    level = Level.WARNING
    summary = "Container has no memory limit"
    aliases = (
        "kube-linter:unset-memory-requirements",
        "kube-score:container-resources",
        "polaris:memoryLimitsMissing",
        "checkov:CKV_K8S_13",
    )
    preset = "default"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        if container.kind is ContainerKind.EPHEMERAL:
            return
        if resource_source(ctx, container, "limits", "memory") is None:
            resources = get(container.resource.raw, (*container.path, "resources"))
            where = (*container.path, "resources") if isinstance(resources, dict) else container.path
            yield Violation(where, f'container "{container.name}" has no memory limit')
