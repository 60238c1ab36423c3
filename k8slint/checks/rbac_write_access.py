from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.risks import Probe


class RbacWriteAccess(BindingRiskRule):
    """
    ## What it finds
    A binding whose role allows creating, changing or deleting `roles`, `rolebindings`, `clusterroles`
    or `clusterrolebindings`. Judged as the RBAC authorizer matches rules: `*` verbs, `*` API groups,
    `*` and `*/<sub>` resources count; a resource of another API group does not. Reported at the
    binding's `roleRef` with the role's matching rules as related locations; a role no binding of the
    set references is reported at its rule as a note. Bindings whose subjects are all `system:`
    identities, the cluster's defaults, and bindings granting `*` on `*` (see rbac-cluster-admin-
    binding) are not reported.

    ## Why it matters
    The escalation check limits what the subject can grant to what it holds (unless it can `escalate` or
    `bind`, see rbac-escalate-bind), but it can hand its own permissions to anyone, and delete the
    bindings others depend on. The default `admin` role holds this in its namespace.

    ## How to fix
    Leave RBAC changes to the deployment pipeline; grant read access for auditing.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: rbac-editor
    rules:
      - {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create, update]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: rbac-editor
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: rbac-editor}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: rbac-auditor
    rules:
      - {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [get, list]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: rbac-auditor
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: rbac-auditor}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```
    """

    id = "rbac-write-access"
    category = Category.RBAC
    level = Level.NOTE
    summary = "Binding lets subjects write RBAC objects"
    preset = "strict"
    aliases = (
        "trivy:KSV055",
        "krane:subjects-with-rbac-management",
    )
    # risk ids of RBAC analyzers that the alias syntax does not name yet

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return risks.rbac_write()
