from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import effective, security_context_path
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level


class WritableRootFilesystem(ContainerRule):
    """
    ## What it finds
    A container without `securityContext.readOnlyRootFilesystem: true`.

    ## Why it matters
    An attacker in the container can rewrite its binaries and drop tools; a read-only root keeps
    the image as built (write to mounted emptyDir volumes instead).

    ## How to fix
    Set `readOnlyRootFilesystem: true` and mount an `emptyDir` where the process writes.

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
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
      volumes:
        - {name: tmp, emptyDir: {}}
    ```
    """

    id = "writable-root-filesystem"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Container root filesystem is writable"
    aliases = (
        "kube-linter:no-read-only-root-fs",
        "kube-score:container-security-context-readonlyrootfilesystem",
        "polaris:notReadOnlyRootFilesystem",
        "checkov:CKV_K8S_22",
    )
    preset = "strict"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        value, path = effective(container, "readOnlyRootFilesystem")
        if value is not True:
            where = path if path is not None else security_context_path(container)
            yield Violation(where, f'container "{container.name}" root filesystem is writable')
