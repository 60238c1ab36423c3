from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import BindingRiskRule
from k8slint.findings import Category, Level
from k8slint.rbac import risks
from k8slint.rbac.authorizer import Rule
from k8slint.rbac.risks import Probe


class RbacCsrApproval(BindingRiskRule):
    """
    ## What it finds
    A ClusterRoleBinding whose role allows both `update` (or `patch`) on
    `certificatesigningrequests/approval` and `approve` on `signers` for the
    `kubernetes.io/kube-apiserver-client` signer (by that name, `kubernetes.io/*`, or unrestricted), in
    group `certificates.k8s.io`. Judged as the RBAC authorizer matches rules; reported at the binding's
    `roleRef` with the matching rules as related locations. Bindings whose subjects are all `system:`
    identities and bindings granting `*` on `*` are not reported.

    ## Why it matters
    Approving client-certificate requests mints credentials for any user name and any group but
    `system:masters` (which `CertificateSubjectRestriction` refuses): the subject can become any user or
    group bound to powerful roles.

    ## How to fix
    Leave CSR approval to the controller manager; an approver for a custom signer should be limited to
    that signer with `resourceNames`.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: csr-approver
    rules:
      - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}
      - {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: csr-approver
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: csr-approver}
    subjects: [{kind: ServiceAccount, name: approver, namespace: pki}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: csr-approver
    rules:
      - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}
      - apiGroups: [certificates.k8s.io]
        resources: [signers]
        resourceNames: [example.com/internal-serving]
        verbs: [approve]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: csr-approver
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: csr-approver}
    subjects: [{kind: ServiceAccount, name: approver, namespace: pki}]
    ```
    """

    id = "rbac-csr-approval"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Binding lets subjects approve client certificates for any identity"
    preset = "default"
    aliases = (
        "checkov:CKV_K8S_156",
        "rbac-police:approve_csrs",
    )

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        return list(risks.csr_approval())

    def risky(self, ctx: AnalysisContext, rules: list[Rule], cluster: bool) -> tuple[list[Rule], str] | None:
        if not cluster:
            return None  # both resources are cluster-scoped
        approval, signers = risks.csr_approval()
        approving = [r for r in rules if approval.allows(r)]
        signing = [r for r in rules if signers.allows(r)]
        if not approving or not signing:
            return None
        return approving + [
            r for r in signing if r not in approving
        ], "approve kube-apiserver-client certificates"
