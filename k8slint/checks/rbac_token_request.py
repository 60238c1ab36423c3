from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.risks import Probe


class RbacTokenRequest(BindingRiskRule):
    """
    ## What it finds
    A binding whose role allows `create` on `serviceaccounts/token` (the TokenRequest API);
    `resourceNames` only narrow which ServiceAccounts. At a RoleBinding the finding is a note. Judged as
    the RBAC authorizer matches rules: `*` verbs, `*` API groups, `*` and `*/<sub>` resources count; a
    resource of another API group does not. Reported at the binding's `roleRef` with the role's matching
    rules as related locations; a role no binding of the set references is reported at its rule as a
    note. Bindings whose subjects are all `system:` identities, the cluster's defaults, and bindings
    granting `*` on `*` (see rbac-cluster- admin-binding) are not reported.

    ## Why it matters
    A token for a ServiceAccount is that ServiceAccount: the subject acts with its permissions for the
    token's lifetime. In kube-system that includes the controller manager's accounts.

    ## How to fix
    Grant it only with `resourceNames` naming the ServiceAccounts the subject must mint tokens for.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: token-minter
      namespace: shop
    rules:
      - {apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: token-minter
      namespace: shop
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: token-minter}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: sa-reader
      namespace: shop
    rules:
      - {apiGroups: [""], resources: [serviceaccounts], verbs: [get]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: sa-reader
      namespace: shop
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: sa-reader}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```
    """

    id = "rbac-token-request"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Binding lets subjects create ServiceAccount tokens"
    preset = "default"
    aliases = ("rbac-police:token_request",)
    # risk ids of RBAC analyzers that the alias syntax does not name yet

    namespaced_level = Level.NOTE

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return [risks.token_request()]
