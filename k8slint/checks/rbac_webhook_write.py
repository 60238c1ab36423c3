from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.risks import Probe


class RbacWebhookWrite(BindingRiskRule):
    """
    ## What it finds
    A ClusterRoleBinding whose role allows `create` on, or `update`/`patch` of,
    `mutatingwebhookconfigurations` or `validatingwebhookconfigurations`
    (`admissionregistration.k8s.io`). `resourceNames` do not narrow the risk: changing one webhook's
    `clientConfig` is enough. Judged as the RBAC authorizer matches rules: `*` verbs, `*` API groups,
    `*` and `*/<sub>` resources count; a resource of another API group does not. Reported at the
    binding's `roleRef` with the role's matching rules as related locations; a role no binding of the
    set references is reported at its rule as a note. Bindings whose subjects are all `system:`
    identities, the cluster's defaults, and bindings granting `*` on `*` (see rbac-cluster-admin-
    binding) are not reported.

    ## Why it matters
    An admission webhook sees every object written in its scope and a mutating one rewrites them (pods
    included): cluster-admin in effect. A validating webhook can read Secrets as they are written and
    refuse any request.

    ## How to fix
    Let the webhook's own certificate manager patch only the `caBundle` of its named configuration, or
    inject certificates with cert-manager's CA injector.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: webhook-admin
    rules:
      - {apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [create, patch]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: webhook-admin
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: webhook-admin}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: webhook-reader
    rules:
      - {apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [get]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: webhook-reader
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: webhook-reader}
    subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
    ```
    """

    id = "rbac-webhook-write"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Binding lets subjects create or change admission webhooks"
    preset = "default"
    aliases = (
        "checkov:CKV_K8S_155",
        "rbac-police:control_webhooks",
    )
    # risk ids of RBAC analyzers that the alias syntax does not name yet

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return [risks.webhook_write()]
