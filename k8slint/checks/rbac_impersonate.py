from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.risks import Probe


class RbacImpersonate(BindingRiskRule):
    """
    ## What it finds
    A binding whose role allows `impersonate` on `users`, `groups` or `serviceaccounts` (core group), or
    on `userextras/*` or `uids` (`authentication.k8s.io`); `resourceNames` only narrow whom. At a
    RoleBinding (ServiceAccounts of its namespace) the finding is a note. Judged as the RBAC authorizer
    matches rules: `*` verbs, `*` API groups, `*` and `*/<sub>` resources count; a resource of another
    API group does not. Reported at the binding's `roleRef` with the role's matching rules as related
    locations; a role no binding of the set references is reported at its rule as a note. Bindings whose
    subjects are all `system:` identities, the cluster's defaults, and bindings granting `*` on `*` (see
    rbac-cluster-admin-binding) are not reported.

    ## Why it matters
    Impersonation acts with the other identity's permissions: impersonating `groups` includes
    `system:masters`, that is cluster-admin; impersonating ServiceAccounts yields their permissions. The
    default `edit` role grants `impersonate serviceaccounts` in its namespace, which this rule reports
    where `edit` is bound.

    ## How to fix
    Remove the verb, or limit it with `resourceNames` to the identities really needed.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: impersonator
    rules:
      - {apiGroups: [""], resources: [users, groups], verbs: [impersonate]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: impersonator
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonator}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: user-reader
    rules:
      - {apiGroups: [""], resources: [serviceaccounts], verbs: [get]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: user-reader
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: user-reader}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```
    """

    id = "rbac-impersonate"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Binding lets subjects impersonate other identities"
    preset = "default"
    aliases = (
        "trivy:KSV043",
        "checkov:CKV2_K8S_3",
        "kubescape:C-0065",
        "rbac-police:impersonate",
    )
    # risk ids of RBAC analyzers that the alias syntax does not name yet

    namespaced_level = Level.NOTE

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return risks.impersonate()
