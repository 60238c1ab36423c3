from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import capabilities, effective, security_context_path
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level


class AllowPrivilegeEscalation(ContainerRule):
    """
    ## What it finds
    A container that can gain more privileges than its process started with: `allowPrivilegeEscalation:
    true`, or left unset while the container is privileged or adds `CAP_SYS_ADMIN` (in both cases
    the kernel's no_new_privs is off). Init, sidecar and ephemeral containers are included.

    Peers disagree on an unset field: kube-linter flags only the cases above, the others flag any
    container that does not set `false`. k8slint follows kube-linter here, because unset is
    harmless for a non-privileged container without SYS_ADMIN; the Pod Security Standards
    restricted profile, which requires an explicit `false`, is checked by its own rule.

    ## Why it matters
    setuid binaries and file capabilities inside the image can then raise the process to root.

    ## How to fix
    Set `securityContext.allowPrivilegeEscalation: false`.

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
          securityContext:
            allowPrivilegeEscalation: true
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
            allowPrivilegeEscalation: false
    ```
    """

    id = "allow-privilege-escalation"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "Container allows privilege escalation"
    aliases = (
        "kube-linter:privilege-escalation-container",
        "polaris:privilegeEscalationAllowed",
        "checkov:CKV_K8S_20",
        "trivy:KSV001",
    )
    preset = "default"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        value, path = effective(container, "allowPrivilegeEscalation")
        name = container.name
        if value is True and path is not None:
            yield Violation(path, f'container "{name}" sets allowPrivilegeEscalation: true')
        elif value is None:
            privileged, _ = effective(container, "privileged")
            sys_admin = any(
                c.upper() in ("SYS_ADMIN", "CAP_SYS_ADMIN") for c in capabilities(container, "add")
            )
            if privileged is True or sys_admin:
                why = "is privileged" if privileged is True else "adds SYS_ADMIN"
                yield Violation(
                    security_context_path(container),
                    f'container "{name}" {why} and does not set allowPrivilegeEscalation: false, '
                    "so privilege escalation is allowed",
                )
