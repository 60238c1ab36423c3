from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.risks import Probe


class RbacPodExec(BindingRiskRule):
    """
    ## What it finds
    A binding whose role allows `create` on `pods/exec`, `pods/attach` or `pods/portforward`, or
    `update`/`patch` on `pods/ephemeralcontainers`. Before Kubernetes 1.35 a WebSocket upgrade is
    authorized as `get`, so `get` on those subresources counts too for an older `--kube-version`. Rules
    limited by `resourceNames` are not reported (controller pods have generated names). At a RoleBinding
    the finding is a note. Judged as the RBAC authorizer matches rules: `*` verbs, `*` API groups, `*`
    and `*/<sub>` resources count; a resource of another API group does not. Reported at the binding's
    `roleRef` with the role's matching rules as related locations; a role no binding of the set
    references is reported at its rule as a note. Bindings whose subjects are all `system:` identities,
    the cluster's defaults, and bindings granting `*` on `*` (see rbac-cluster-admin-binding) are not
    reported.

    ## Why it matters
    A shell in a running container yields its ServiceAccount token, its mounted Secrets and its network
    position: the subject acts as every ServiceAccount running in the namespace.

    ## How to fix
    Grant exec only to break-glass roles, in the namespaces concerned; prefer logs and debugging images.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: debugger
    rules:
      - {apiGroups: [""], resources: [pods/exec], verbs: [create]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: debugger
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: debugger}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: log-reader
    rules:
      - {apiGroups: [""], resources: [pods, pods/log], verbs: [get]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: log-reader
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: log-reader}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```
    """

    id = "rbac-pod-exec"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Binding lets subjects exec, attach or port-forward into pods"
    preset = "default"
    aliases = (
        "polaris:clusterrolePodExecAttach",
        "polaris:rolePodExecAttach",
        "polaris:clusterrolebindingPodExecAttach",
        "polaris:rolebindingClusterRolePodExecAttach",
        "polaris:rolebindingRolePodExecAttach",
        "trivy:KSV053",
        "trivy:KSV054",
        "checkov:CKV2_K8S_2",
        "kubescape:C-0002",
        "kubescape:C-0063",
        "rbac-police:pods_exec",
        "rbac-police:pods_ephemeral_ctrs",
    )
    # risk ids of RBAC analyzers that the alias syntax does not name yet
    namespaced_level = Level.NOTE

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return [risks.pod_exec(ctx.settings.kube_version)]
