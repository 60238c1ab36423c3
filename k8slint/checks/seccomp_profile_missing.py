from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import effective, security_context_path
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


class SeccompProfileMissing(ContainerRule):
    """
    ## What it finds
    A container whose effective seccomp profile (container, else pod `securityContext.seccompProfile`,
    else the legacy `seccomp.security.alpha.kubernetes.io/pod` annotation) is unset or `Unconfined`.
    `RuntimeDefault` and `Localhost` pass.

    ## Why it matters
    Without a profile every system call is allowed; the runtime default blocks the ones used by
    most container escapes. The Pod Security Standards restricted profile requires one.

    ## How to fix
    Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.

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
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "seccomp-profile-missing"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Container runs without a seccomp profile"
    aliases = ("kube-score:container-seccomp-profile", "checkov:CKV_K8S_31", "trivy:KSV030")
    preset = "strict"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        profile, path = effective(container, "seccompProfile")
        kind = get(profile, ("type",))
        if kind in ("RuntimeDefault", "Localhost"):
            return
        annotations = get(container.resource.raw, (*container.template.meta_path, "annotations"))
        legacy = get(annotations, ("seccomp.security.alpha.kubernetes.io/pod",))
        if (kind is None and isinstance(legacy, str) and legacy in ("runtime/default", "docker/default")) or (
            kind is None and isinstance(legacy, str) and legacy.startswith("localhost/")
        ):
            return
        where = (*path, "type") if kind == "Unconfined" and path else security_context_path(container)
        what = "is Unconfined" if kind == "Unconfined" else "is not set"
        yield Violation(where, f'container "{container.name}" seccomp profile {what}: use RuntimeDefault')
