from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import BUILTIN_CLUSTER_ROLES, BUILTIN_KUBE_SYSTEM_ROLES, find, missing_level
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, text


class RoleBindingRoleMissing(ResourceRule):
    """
    ## What it finds
    A RoleBinding or ClusterRoleBinding whose `roleRef` names a Role (in the binding's namespace) or
    ClusterRole that the set does not declare. Built-in ClusterRoles (`cluster-admin`, `admin`,
    `edit`, `view` and the `system:*` roles) exist in every cluster. An error only when the binding's directory
    declares objects of that kind there (or with `--assume-complete`); otherwise a note.

    ## Why it matters
    The binding grants nothing: the subjects get `forbidden` errors for what it was meant to allow.

    ## How to fix
    Create the role or fix `roleRef` (its kind and name).

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: reader
    rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: read
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
    subjects: [{kind: ServiceAccount, name: web}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: reader
    rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: read
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
    subjects: [{kind: ServiceAccount, name: web}]
    ```
    """

    id = "role-binding-role-missing"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Binding refers to a role that does not exist"
    targets = frozenset({"RoleBinding", "ClusterRoleBinding"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        ref = get(resource.raw, ("roleRef",))
        kind, name = text(ref, "kind"), text(ref, "name")
        if kind not in ("Role", "ClusterRole") or not name:
            return
        if name.startswith("system:") or (kind == "ClusterRole" and name in BUILTIN_CLUSTER_ROLES):
            return
        if kind == "Role" and resource.namespace == "kube-system" and name in BUILTIN_KUBE_SYSTEM_ROLES:
            return
        namespace = resource.namespace if kind == "Role" else None
        if find(ctx, kind, namespace, name, near=resource) is None:
            where = f" in namespace {namespace}" if namespace else ""
            yield Violation(
                ("roleRef", "name"),
                f'{kind} "{name}" not found{where}: the binding grants nothing',
                downgrade=missing_level(ctx, kind, namespace, resource),
            )
