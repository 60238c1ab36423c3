from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.risks import Probe


class RbacNodesProxy(BindingRiskRule):
    """
    ## What it finds
    A ClusterRoleBinding whose role allows `get` or `create` on `nodes/proxy` (a RoleBinding cannot
    grant cluster-scoped resources). Judged as the RBAC authorizer matches rules: `*` verbs, `*` API
    groups, `*` and `*/<sub>` resources count; a resource of another API group does not. Reported at the
    binding's `roleRef` with the role's matching rules as related locations; a role no binding of the
    set references is reported at its rule as a note. Bindings whose subjects are all `system:`
    identities, the cluster's defaults, and bindings granting `*` on `*` (see rbac-cluster-admin-
    binding) are not reported.

    ## Why it matters
    `nodes/proxy` reaches each kubelet's API through the API server: running commands in any pod of any
    node, bypassing admission and audit of pod exec. `get` suffices over WebSocket. It is cluster-admin
    in effect.

    ## How to fix
    Use `nodes/metrics`, `nodes/stats` or `nodes/log` for monitoring instead of `nodes/proxy`.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: node-prober
    rules:
      - {apiGroups: [""], resources: [nodes/proxy], verbs: [get]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: node-prober
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-prober}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: node-metrics
    rules:
      - {apiGroups: [""], resources: [nodes/metrics], verbs: [get]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: node-metrics
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-metrics}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```
    """

    id = "rbac-nodes-proxy"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Binding lets subjects reach the kubelet API through nodes/proxy"
    preset = "default"
    aliases = (
        "trivy:KSV047",
        "checkov:CKV2_K8S_2",
        "rbac-police:nodes_proxy",
    )
    # risk ids of RBAC analyzers that the alias syntax does not name yet

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return [risks.nodes_proxy()]
