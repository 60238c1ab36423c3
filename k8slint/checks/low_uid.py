from collections.abc import Iterator

from pydantic import Field

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import effective
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, RuleOptions, Violation
from k8slint.findings import Category, Level


class LowUidOptions(RuleOptions):
    minimum: int = Field(10000, ge=1, description="The smallest acceptable UID.")


class LowUid(ContainerRule):
    """
    ## What it finds
    A container whose effective `runAsUser` is set, non-zero, and below the minimum (default
    10000). UID 0 is `run-as-root`'s business; an unset UID is not reported here.

    ## Why it matters
    Low UIDs usually exist on the node too (system accounts); after an escape the process holds
    that account's files and permissions.

    ## How to fix
    Run as a high UID (`runAsUser: 10001`).

    ## Options
    - `minimum` (integer, default 10000).

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      securityContext:
        runAsUser: 1000
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
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "low-uid"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Container runs with a low UID that may exist on the node"
    aliases = ("checkov:CKV_K8S_40", "trivy:KSV020", "kube-score:container-security-context-user-group-id")
    preset = "strict"
    Options = LowUidOptions

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        assert isinstance(self.options, LowUidOptions)
        uid, path = effective(container, "runAsUser")
        if (
            isinstance(uid, int)
            and not isinstance(uid, bool)
            and 0 < uid < self.options.minimum
            and path is not None
        ):
            yield Violation(
                path, f'container "{container.name}" runs as UID {uid}, below {self.options.minimum}'
            )
