from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import effective
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items


class RootGroup(ContainerRule):
    """
    ## What it finds
    A container that runs with group 0 (root): an effective `runAsGroup: 0`, or the pod's
    `fsGroup: 0` or a 0 in `supplementalGroups`.

    ## Why it matters
    Files owned by group root on the node and in volumes (often group-writable) become writable
    by the container; a UID that is not root does not help then.

    ## How to fix
    Use a non-zero `runAsGroup` and `fsGroup`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      securityContext:
        runAsUser: 10001
        runAsGroup: 0
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
      securityContext:
        runAsUser: 10001
        runAsGroup: 10001
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "root-group"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Container runs with the root group"
    aliases = ("trivy:KSV116",)
    preset = "strict"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        group, path = effective(container, "runAsGroup")
        if group == 0 and path is not None:
            yield Violation(path, f'container "{container.name}" runs with group 0 (runAsGroup)')
            return
        pod = get(container.template.raw_spec, ("securityContext",))
        base = (*container.template.spec_path, "securityContext")
        if get(pod, ("fsGroup",)) == 0:
            yield Violation(
                (*base, "fsGroup"), f'container "{container.name}" gets group 0 through the pod fsGroup'
            )
        elif 0 in items(pod, "supplementalGroups"):
            yield Violation(
                (*base, "supplementalGroups"),
                f'container "{container.name}" gets group 0 through supplementalGroups',
            )
