from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.validity.rbac import RBAC_GROUP, binding_errors, role_errors

# rbac/v1alpha1 subjects name an apiVersion rather than an apiGroup: not checked
_VERSIONS = frozenset({f"{RBAC_GROUP}/v1", f"{RBAC_GROUP}/v1beta1"})


class InvalidRbac(ResourceRule):
    """
    ## What it finds
    Roles, ClusterRoles, RoleBindings and ClusterRoleBindings the API server rejects in API
    validation, as defaulted (an empty `roleRef.apiGroup`, and the `apiGroup` of a User or Group
    subject, default to `rbac.authorization.k8s.io`):

    - a rule with an empty `verbs` list; a resource rule without `apiGroups` or `resources`;
      `nonResourceURLs` in a Role, or together with `apiGroups`, `resources` or `resourceNames`;
    - an `aggregationRule` without `clusterRoleSelectors`, or with an invalid label selector;
    - a `roleRef.apiGroup` other than `rbac.authorization.k8s.io`, an empty `roleRef.kind` or
      `roleRef.name`, a `roleRef.name` containing `/` or `%`;
    - a subject with an empty `name` or `kind`, a ServiceAccount subject with an `apiGroup`, a
      name that is not a DNS subdomain, or (in a ClusterRoleBinding) no `namespace`; a User or
      Group subject of another `apiGroup`.

    Faults the schema already reports (a missing `verbs` or `roleRef`, an unknown `kind`) are left
    to missing-required-field and invalid-field-value. Upstream: ValidateRole, ValidateClusterRole,
    ValidatePolicyRule, ValidateRoleBinding, ValidateClusterRoleBinding and
    ValidateRoleBindingSubject (pkg/apis/rbac/validation), ValidateLabelSelector
    (apimachinery/pkg/apis/meta/v1/validation), defaults from pkg/apis/rbac/v1.

    ## Why it matters
    The whole object is rejected, so it grants nothing:
    `rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot
    apply to non-resource URLs`.

    ## How to fix
    Grant non-resource URLs with a ClusterRole and a ClusterRoleBinding, give every resource rule
    `apiGroups` (`""` for the core group) and `resources`, give ServiceAccount subjects of a
    ClusterRoleBinding their namespace, and leave the `apiGroup` of ServiceAccount subjects empty.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: health
      namespace: app
    rules:
      - nonResourceURLs: ["/healthz"]
        verbs: ["get"]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: health
    rules:
      - nonResourceURLs: ["/healthz"]
        verbs: ["get"]
    ```
    """

    id = "invalid-rbac"
    category = Category.VALIDITY
    level = Level.ERROR
    preset = "minimal"
    summary = "RBAC object is rejected by API validation"
    targets = frozenset({"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"})

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != RBAC_GROUP or resource.api_version not in _VERSIONS:
            return
        kind = resource.kind
        if kind in ("Role", "ClusterRole"):
            errors = role_errors(resource.raw, kind == "Role")
        else:
            errors = binding_errors(resource.raw, kind == "RoleBinding")
        seen: set[str] = set()
        for error in errors:
            message = error.message
            if not error.covered and message not in seen:  # the API server drops duplicate lines
                seen.add(message)
                yield Violation(error.location, message)
