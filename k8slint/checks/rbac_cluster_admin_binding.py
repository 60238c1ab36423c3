from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import (
    is_default,
    reported_subjects,
    role_text,
    rule_refs,
    subject_refs,
    subjects_text,
    wildcard_rules,
    workloads_of,
)
from k8slint.engine.rule import GraphRule, RelatedRef, Violation
from k8slint.findings import Category, Level
from k8slint.rbac.engine import rbac_engine


class RbacClusterAdminBinding(GraphRule):
    """
    ## What it finds
    A ClusterRoleBinding or RoleBinding whose role grants `*` verbs on `*` resources of `*` API groups:
    the default `cluster-admin` role, or any role with such a rule (aggregation resolved), bound to a
    subject that is not a `system:` identity. At a ClusterRoleBinding it is cluster-admin; at a
    RoleBinding it is full control of that namespace (its Roles, RoleBindings, Secrets and every
    ServiceAccount), reported as a warning. The message names the workloads whose pods run as the
    subjects. The cluster's own `cluster-admin` binding to `system:masters` is not in the set and not
    reported.

    ## Why it matters
    Whoever holds it can do anything, including granting the power to others and erasing traces; a
    compromised workload running with it compromises the cluster. kube-linter and Polaris look only at
    the role's name; a custom role with `*` on `*` is the same grant.

    ## How to fix
    Bind a role with the verbs and resources the subject needs; for humans, bind `admin` or `edit`
    with a RoleBinding in their namespaces.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: ci-admin
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
    subjects: [{kind: ServiceAccount, name: ci, namespace: build}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: ci-edit
      namespace: build
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
    subjects: [{kind: ServiceAccount, name: ci, namespace: build}]
    ```
    """

    id = "rbac-cluster-admin-binding"
    category = Category.RBAC
    level = Level.ERROR
    summary = "Binding grants every permission (cluster-admin or * on *)"
    preset = "minimal"
    aliases = (
        "kube-linter:cluster-admin-role-binding",
        "polaris:clusterrolebindingClusterAdmin",
        "polaris:rolebindingClusterAdminClusterRole",
        "polaris:rolebindingClusterAdminRole",
        "trivy:KSV111",
        "kubescape:C-0035",
        "kubescape:C-0185",
        "krane:subjects-with-open-cluster-wide-access",
        "krane:subjects-with-open-ns-level-access",
        "rbac-police:cluster_admin",
    )

    def check(self, ctx: AnalysisContext) -> Iterator[Violation]:
        model = rbac_engine(ctx).model
        for binding in model.bindings:
            role = binding.role
            if binding.resource is None or role is None or is_default(binding.labels, binding.name):
                continue
            rules = wildcard_rules(ctx, role)
            subjects = reported_subjects(binding)
            if not rules or not subjects:
                continue
            if binding.kind == "ClusterRoleBinding":
                what, level = "cluster-admin: every permission on every resource of the cluster", None
            else:
                what, level = f"full control of namespace {binding.namespace}", Level.WARNING
            related: list[RelatedRef] = subject_refs(binding, subjects)
            if role.resource is not None:
                related.append(RelatedRef(role.resource, (), f"the bound {role_text(role)}"))
                related.extend(rule_refs(rules, "do anything"))
            yield Violation(
                ("roleRef", "name"),
                f'{binding.kind} "{binding.name}" gives {subjects_text(subjects)} {what} through {role_text(role)}'
                f"{workloads_of(ctx, binding, subjects)}",
                resource=binding.resource,
                related=tuple(related),
                downgrade=level,
            )
