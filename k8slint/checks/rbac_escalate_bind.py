from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.risks import Probe


class RbacEscalateBind(BindingRiskRule):
    """
    ## What it finds
    A binding whose role allows `escalate` on `roles` or `clusterroles` (with or without
    `resourceNames`), or `bind` on them without `resourceNames`, in group `rbac.authorization.k8s.io`.
    Judged as the RBAC authorizer matches rules: `*` verbs, `*` API groups, `*` and `*/<sub>` resources
    count; a resource of another API group does not. Reported at the binding's `roleRef` with the role's
    matching rules as related locations; a role no binding of the set references is reported at its rule
    as a note. Bindings whose subjects are all `system:` identities, the cluster's defaults, and
    bindings granting `*` on `*` (see rbac-cluster-admin-binding) are not reported.

    ## Why it matters
    The API server refuses to let anyone create a role or binding that grants more than they hold,
    unless they have `escalate` (write any rule into a role) or `bind` (bind any role). With either,
    together with write access to roles or bindings, the subject can give itself every permission in the
    scope: cluster-admin when cluster-wide. rbac-police checks `bind` on the bindings instead of the
    roles and misses real grants.

    ## How to fix
    Remove `escalate`; limit `bind` with `resourceNames` to the roles the subject may hand out.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: role-manager
    rules:
      - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind, escalate]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: role-manager
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: role-manager}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: view-binder
    rules:
      - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [view], verbs: [bind]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: view-binder
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view-binder}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```
    """

    id = "rbac-escalate-bind"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Binding lets subjects escalate or bind roles"
    preset = "default"
    aliases = (
        "checkov:CKV_K8S_157",
        "checkov:CKV_K8S_158",
        "checkov:CKV2_K8S_1",
        "trivy:KSV050",
        "trivy:KSV051",
        "trivy:KSV052",
        "rbac-police:escalate_roles",
        "rbac-police:bind_roles",
    )
    # risk ids of RBAC analyzers that the alias syntax does not name yet

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return [*risks.escalate(), risks.bind()]
