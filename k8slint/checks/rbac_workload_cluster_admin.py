from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import GraphRule, RelatedRef, Violation
from k8slint.findings import Category, Level
from k8slint.rbac.engine import rbac_engine
from k8slint.rbac.escalation import Step
from k8slint.rbac.model import Principal, Workload, folder


def _via(step: Step) -> tuple[str, list[RelatedRef]]:
    if step.via is None:
        return "", []
    grant = step.via.grant
    rule, binding = grant.rule, grant.binding
    refs: list[RelatedRef] = []
    if binding.resource is not None:
        refs.append(RelatedRef(binding.resource, ("roleRef", "name"), f"{binding} grants {grant.role}"))
    if rule.resource is not None:
        refs.append(
            RelatedRef(
                rule.resource,
                rule.path,
                f'{rule.role_kind} "{rule.role_name}" rule {rule.index}: {rule.describe()}',
            )
        )
    where = f"{binding.kind} {binding.name}" if binding.resource is not None else "a default binding"
    return f" ({where} -> {grant.role.kind} {grant.role.name} rule {rule.index})", refs


class RbacWorkloadClusterAdmin(GraphRule):
    """
    ## What it finds
    A pod template whose ServiceAccount reaches cluster-admin power through a chain of escalations, as
    the RBAC authorizer and the API server allow them: creating pods or pod controllers where the
    controller manager's ServiceAccounts live (kube-system, or cluster-wide), minting their tokens or
    token Secrets, impersonating `system:masters` or any ServiceAccount there, `escalate` with write
    access to roles, `bind` with write access to bindings, `nodes/proxy`, writing mutating webhook
    configurations, and through every identity reached on the way (ServiceAccounts whose pods it can
    exec into, whose token Secrets it can read, ...). The message shows the chain; each step's
    binding and rule are related locations. A ServiceAccount bound directly to `*` on `*` is reported
    by rbac-cluster-admin-binding instead. When the pods hold no token (`automountServiceAccountToken:
    false` on the pod or the ServiceAccount), the finding is a note. Only the bindings, pods and token
    Secrets of the workload's directory tree count (files of its directory, above or below it): a
    repository of alternative variants or unrelated projects reuses namespace and account names;
    `--assume-complete` treats the whole set as one deployment.

    ## Why it matters
    A compromise of the pod (a vulnerable dependency, a leaked token) is a compromise of the cluster,
    even though no role of the set says cluster-admin.

    ## How to fix
    Break the chain at its first step: grant pod creation, token and impersonation rights only in
    namespaces without powerful ServiceAccounts, limit them with `resourceNames`, or run the workload
    with a ServiceAccount that does not hold them.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: deployer
      namespace: ci
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: deployer
    rules:
      - {apiGroups: [apps], resources: [deployments], verbs: [create, update, patch]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: deployer
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}
    subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: deployer
      namespace: ci
    spec:
      selector: {matchLabels: {app: deployer}}
      template:
        metadata: {labels: {app: deployer}}
        spec:
          serviceAccountName: deployer
          containers: [{name: main, image: "registry.example/deployer:1.0"}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: deployer
      namespace: ci
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: deployer
    rules:
      - {apiGroups: [apps], resources: [deployments], verbs: [create, update, patch]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: deployer
      namespace: apps
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}
    subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: deployer
      namespace: ci
    spec:
      selector: {matchLabels: {app: deployer}}
      template:
        metadata: {labels: {app: deployer}}
        spec:
          serviceAccountName: deployer
          containers: [{name: main, image: "registry.example/deployer:1.0"}]
    ```
    """

    id = "rbac-workload-cluster-admin"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Workload's ServiceAccount can escalate to cluster-admin"
    preset = "default"
    aliases = (
        "rbac-police:assign_sa",
        "rbac-police:token_request",
    )

    def check(self, ctx: AnalysisContext) -> Iterator[Violation]:
        engine = rbac_engine(ctx)
        by_tree: dict[str, list[Workload]] = {}
        for workload in engine.model.workloads:
            by_tree.setdefault(folder(workload.resource), []).append(workload)
        chains: dict[str, dict[Principal, list[Step]]] = {
            tree: engine.escalation_for(tree).admins(w.service_account for w in workloads)
            for tree, workloads in by_tree.items()
        }
        for workload in engine.model.workloads:
            sa = workload.service_account
            path = chains[folder(workload.resource)].get(sa)
            if not path:
                continue
            if len(path) == 1 and path[0].reason.startswith("holds "):
                continue  # bound directly to * on *: rbac-cluster-admin-binding reports the binding
            texts: list[str] = []
            related: list[RelatedRef] = []
            for step in path:
                via, refs = _via(step)
                texts.append(step.text() + via)
                related.extend(refs)
            token = ""
            if not workload.automount:
                token = " (its pods hold no token: the account's credentials, not the pods, carry the risk)"
            r = workload.resource
            yield Violation(
                workload.sa_path,
                f"{r.kind} {r.namespace}/{r.name} runs as {sa}, which can reach cluster-admin{token}: "
                + "; then ".join(texts),
                resource=r,
                related=tuple(related),
                downgrade=None if workload.automount else Level.NOTE,
            )
