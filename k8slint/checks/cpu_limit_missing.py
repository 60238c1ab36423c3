from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limits import resource_source
from k8slint.analysis.workloads import ContainerKind, ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


class CpuLimitMissing(ContainerRule):
    """
    ## What it finds
    A container (init and sidecar containers included; ephemeral containers, which cannot have
    resources, are not) without `resources.limits.cpu` once admission has run: a
    a LimitRange of the
    namespace in the set whose `default` (or, through the LimitRange's own defaulting,
    `max`) covers cpu satisfies the rule. No peer takes LimitRanges
    into account; k8slint does, so a namespace-wide default is not reported container by container.

    ## Why it matters
    Without a CPU limit a busy container can use every idle core. Many teams deliberately run without CPU limits to avoid throttling; this rule is in the strict preset for that reason.

    ## How to fix
    Set `resources.limits.cpu`, or give the namespace a LimitRange with a default.

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

    id = "cpu-limit-missing"
    category = Category.RESOURCES
    level = Level.NOTE
    summary = "Container has no CPU limit"
    aliases = (
        "kube-linter:unset-cpu-requirements",
        "kube-score:container-resources",
        "polaris:cpuLimitsMissing",
        "checkov:CKV_K8S_11",
    )
    preset = "strict"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        if container.kind is ContainerKind.EPHEMERAL:
            return
        if resource_source(ctx, container, "limits", "cpu") is None:
            resources = get(container.resource.raw, (*container.path, "resources"))
            where = (*container.path, "resources") if isinstance(resources, dict) else container.path
            yield Violation(where, f'container "{container.name}" has no cpu limit')
