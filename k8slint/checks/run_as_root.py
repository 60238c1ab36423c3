from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import effective, security_context_path
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level


class RunAsRoot(ContainerRule):
    """
    ## What it finds
    A container that may run as root, from its effective settings (the container's
    `securityContext`, else the pod's): `runAsNonRoot` is not `true` and `runAsUser` is unset or 0.
    A container that sets `runAsNonRoot: true` together with `runAsUser: 0` is reported too: the
    kubelet refuses to start it. Peers disagree on pod-level settings: trivy requires the setting
    on the container, kube-linter and checkov use the effective value; k8slint uses the effective
    value, as the kubelet does. An image's USER cannot be seen from the manifest: set the UID
    explicitly or `runAsNonRoot: true`.

    ## Why it matters
    Root in a container is root on the node after any container escape, and owns every file the
    container can reach.

    ## How to fix
    Set `runAsNonRoot: true` (pod or container) and a non-zero `runAsUser`.

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
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "run-as-root"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "Container may run as root"
    aliases = (
        "kube-linter:run-as-non-root",
        "polaris:runAsRootAllowed",
        "checkov:CKV_K8S_23",
        "trivy:KSV012",
    )
    preset = "strict"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        non_root, _ = effective(container, "runAsNonRoot")
        user, user_path = effective(container, "runAsUser")
        name = container.name
        if non_root is True and user == 0 and user_path is not None:
            yield Violation(
                user_path,
                f'container "{name}" sets runAsNonRoot: true and runAsUser: 0: the kubelet will not start it',
            )
        elif non_root is not True and (user is None or user == 0):
            where = user_path if user == 0 and user_path is not None else security_context_path(container)
            yield Violation(
                where, f'container "{name}" may run as root: set runAsNonRoot: true and a non-zero runAsUser'
            )
