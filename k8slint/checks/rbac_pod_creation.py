from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.risks import Probe


class RbacPodCreation(BindingRiskRule):
    """
    ## What it finds
    A binding whose role allows `create` on `pods`, or `create`, `update` or `patch` on a pod controller
    (Deployments, ReplicaSets, StatefulSets, DaemonSets, ReplicationControllers, Jobs, CronJobs). Judged
    as the RBAC authorizer matches rules: `*` verbs, `*` API groups, `*` and `*/<sub>` resources count;
    a resource of another API group does not. Reported at the binding's `roleRef` with the role's
    matching rules as related locations; a role no binding of the set references is reported at its rule
    as a note. Bindings whose subjects are all `system:` identities, the cluster's defaults, and
    bindings granting `*` on `*` (see rbac-cluster-admin-binding) are not reported.

    ## Why it matters
    Whoever creates pods in a namespace can run them as any ServiceAccount of that namespace and mount
    any of its Secrets, ConfigMaps and volumes: the permission is worth every ServiceAccount there.
    Cluster-wide it includes the controller ServiceAccounts of kube-system, that is cluster-admin.
    Operators and CI systems need it; the rule is in the strict preset, and rbac-workload-cluster-admin
    reports the cases that reach cluster-admin.

    ## How to fix
    Grant pod creation only in the namespaces the subject owns, and keep powerful ServiceAccounts out of
    those namespaces.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: deployer
      namespace: shop
    rules:
      - {apiGroups: [apps], resources: [deployments], verbs: [create, update]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: deployer
      namespace: shop
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: viewer
      namespace: shop
    rules:
      - {apiGroups: [apps], resources: [deployments], verbs: [get, list]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: viewer
      namespace: shop
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: viewer}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```
    """

    id = "rbac-pod-creation"
    category = Category.RBAC
    level = Level.NOTE
    summary = "Binding lets subjects create pods or pod controllers"
    preset = "strict"
    aliases = (
        "kube-linter:access-to-create-pods",
        "trivy:KSV048",
        "kubescape:C-0188",
        "rbac-police:assign_sa",
    )
    # risk ids of RBAC analyzers that the alias syntax does not name yet

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return [risks.pod_creation()]
