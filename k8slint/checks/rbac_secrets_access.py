from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.risks import Probe


class RbacSecretsAccess(BindingRiskRule):
    """
    ## What it finds
    A RoleBinding or ClusterRoleBinding whose role allows `get`, `list` or `watch` on core `secrets` (a
    `get` limited by `resourceNames` is not reported: it reads only the Secrets it names; `list` and
    `watch` return every Secret's data and cannot be limited by name). At a RoleBinding the finding is a
    note. Judged as the RBAC authorizer matches rules: `*` verbs, `*` API groups, `*` and `*/<sub>`
    resources count; a resource of another API group does not. Reported at the binding's `roleRef` with
    the role's matching rules as related locations; a role no binding of the set references is reported
    at its rule as a note. Bindings whose subjects are all `system:` identities, the cluster's defaults,
    and bindings granting `*` on `*` (see rbac-cluster-admin-binding) are not reported.

    ## Why it matters
    Secrets hold credentials: reading them in a namespace yields every credential stored there,
    including ServiceAccount token Secrets, so the subject can act as those ServiceAccounts. Cluster-
    wide read is a path to most of the cluster. Peers differ: KubiScan ignores apiGroups (flagging
    `secrets` of other groups), krane ignores resourceNames.

    ## How to fix
    Grant `get` with `resourceNames` on the Secrets the workload needs, in its namespace only; mount
    Secrets as volumes instead of reading them through the API.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: secret-reader
    rules:
      - {apiGroups: [""], resources: [secrets], verbs: [get, list]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: secret-reader
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: config-reader
      namespace: shop
    rules:
      - {apiGroups: [""], resources: [secrets], resourceNames: [app-config], verbs: [get]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: config-reader
      namespace: shop
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```
    """

    id = "rbac-secrets-access"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Binding lets subjects read Secrets"
    preset = "default"
    aliases = (
        "kube-linter:access-to-secrets",
        "checkov:CKV2_K8S_5",
        "trivy:KSV041",
        "trivy:KSV113",
        "kubescape:C-0015",
        "kubescape:C-0186",
        "rbac-police:retrieve_token_secrets",
        "rbac-police:list_secrets",
    )
    # risk ids of RBAC analyzers that the alias syntax does not name yet
    namespaced_level = Level.NOTE

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return [risks.secrets_read()]
