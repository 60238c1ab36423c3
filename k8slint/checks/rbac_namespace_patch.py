from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.risks import Probe


class RbacNamespacePatch(BindingRiskRule):
    """
    ## What it finds
    A binding whose role allows `patch` or `update` on `namespaces`. Through a RoleBinding it applies to
    the binding's own Namespace object. Judged as the RBAC authorizer matches rules: `*` verbs, `*` API
    groups, `*` and `*/<sub>` resources count; a resource of another API group does not. Reported at the
    binding's `roleRef` with the role's matching rules as related locations; a role no binding of the
    set references is reported at its rule as a note. Bindings whose subjects are all `system:`
    identities, the cluster's defaults, and bindings granting `*` on `*` (see rbac-cluster-admin-
    binding) are not reported.

    ## Why it matters
    Pod Security Admission reads its policy from the namespace labels `pod-security.kubernetes.io/*`,
    and NetworkPolicies select namespaces by label: whoever edits the labels can allow privileged pods
    (node root) and slip into other namespaces' allowed peers.

    ## How to fix
    Manage namespaces from the pipeline; grant `get`, `list` and `watch` only.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: namespace-editor
    rules:
      - {apiGroups: [""], resources: [namespaces], verbs: [patch]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: namespace-editor
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: namespace-editor}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: namespace-reader
    rules:
      - {apiGroups: [""], resources: [namespaces], verbs: [get, list]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: namespace-reader
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: namespace-reader}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```
    """

    id = "rbac-namespace-patch"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Binding lets subjects change Namespace labels"
    preset = "strict"
    aliases = ()

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return [risks.namespace_patch()]
