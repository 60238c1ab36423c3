from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import items, text

# namespaces whose ServiceAccounts the control plane and add-ons create
SYSTEM_NAMESPACES = frozenset({"kube-system", "kube-public", "kube-node-lease"})


class BindingSubjectMissing(ResourceRule):
    """
    ## What it finds
    A RoleBinding or ClusterRoleBinding subject of kind `ServiceAccount` naming a ServiceAccount
    that the set does not declare. The subject's namespace is its `namespace`, or for a
    RoleBinding the binding's own namespace when omitted (a ClusterRoleBinding subject without a
    namespace is invalid and not reported here). The `default` ServiceAccount (every namespace has
    one) and ServiceAccounts of `kube-system`, `kube-public` and `kube-node-lease` are not
    reported. Reported only when the binding's directory declares ServiceAccounts in that
    namespace (or with `--assume-complete`): the ServiceAccounts of other namespaces usually come
    from other repositories.

    ## Why it matters
    The grant is dormant: no identity receives it until a ServiceAccount of that name is created,
    and then whoever creates it (anyone allowed to create ServiceAccounts in that namespace)
    receives the role. A typo leaves the intended ServiceAccount without the permission.

    ## How to fix
    Create the ServiceAccount, or fix the subject's name and namespace.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: web
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: web-view
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
    subjects: [{kind: ServiceAccount, name: wbe}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: web
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: web-view
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
    subjects: [{kind: ServiceAccount, name: web}]
    ```
    """

    id = "binding-subject-missing"
    category = Category.REFERENCES
    level = Level.NOTE
    summary = "Binding grants a role to a ServiceAccount that does not exist"
    targets = frozenset({"RoleBinding", "ClusterRoleBinding"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "rbac.authorization.k8s.io":
            return
        for i, subject in enumerate(items(resource.raw, "subjects")):
            name = text(subject, "name")
            if text(subject, "kind") != "ServiceAccount" or not name or name == "default":
                continue
            namespace = text(subject, "namespace") or (
                resource.namespace if resource.kind == "RoleBinding" else None
            )
            if namespace is None or namespace in SYSTEM_NAMESPACES:
                continue
            if find(ctx, "ServiceAccount", namespace, name) is not None:
                continue
            if missing_level(ctx, "ServiceAccount", namespace, resource) is not None:
                continue  # the set is partial for ServiceAccounts there
            yield Violation(
                ("subjects", i, "name"),
                f'ServiceAccount "{name}" not found in namespace {namespace}: the {resource.kind} grants '
                "its role to no one until a ServiceAccount of that name is created",
            )
