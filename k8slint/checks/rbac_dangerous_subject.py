from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import is_default
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items, text

# identity -> (who it is, level)
DANGEROUS = {
    ("User", "system:anonymous"): ("every unauthenticated request", None),
    ("Group", "system:unauthenticated"): ("every unauthenticated request", None),
    ("Group", "system:authenticated"): (
        "every authenticated user and every ServiceAccount of the cluster",
        Level.WARNING,
    ),
    ("Group", "system:serviceaccounts"): ("every ServiceAccount of the cluster", Level.WARNING),
}
# the defaults a standard cluster already grants them
HARMLESS_ROLES = frozenset(
    {
        "system:public-info-viewer",
        "system:discovery",
        "system:basic-user",
        "system:service-account-issuer-discovery",
    }
)


class RbacDangerousSubject(ResourceRule):
    """
    ## What it finds
    A RoleBinding or ClusterRoleBinding with subject User `system:anonymous`, Group
    `system:unauthenticated` (both: anyone who can reach the API server), Group `system:authenticated`
    (every user and every ServiceAccount) or Group `system:serviceaccounts` (every ServiceAccount of the
    cluster); the last two are warnings. Bindings of the discovery roles a
    standard cluster already grants them (`system:public-info-viewer`, `system:discovery`,
    `system:basic-user`, `system:service-account-issuer-discovery`) are not reported.

    ## Why it matters
    The role's permissions go to everyone: with anonymous authentication on (the default), to the
    internet if the API server is exposed; with `system:authenticated` or `system:serviceaccounts`, to
    every pod's ServiceAccount token, so any compromised pod holds them.

    ## How to fix
    Bind the role to the users, groups or ServiceAccounts that need it.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: public-read
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
    subjects: [{kind: Group, name: "system:unauthenticated", apiGroup: rbac.authorization.k8s.io}]
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: team-read
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
    subjects: [{kind: Group, name: team-a, apiGroup: rbac.authorization.k8s.io}]
    ```
    """

    id = "rbac-dangerous-subject"
    category = Category.RBAC
    level = Level.ERROR
    summary = "Binding grants a role to anonymous, unauthenticated or all authenticated users"
    targets = frozenset({"RoleBinding", "ClusterRoleBinding"})
    preset = "minimal"
    aliases = (
        "kubescape:C-0262",
        "kubescape:C-0265",
        "krane:unauthenticated-subject-access",
    )

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "rbac.authorization.k8s.io" or is_default(resource.labels, resource.name):
            return
        ref = get(resource.raw, ("roleRef",))
        role = text(ref, "name")
        if role is None or (text(ref, "kind") == "ClusterRole" and role in HARMLESS_ROLES):
            return
        where = (
            "cluster-wide" if resource.kind == "ClusterRoleBinding" else f"in namespace {resource.namespace}"
        )
        for i, subject in enumerate(items(resource.raw, "subjects")):
            key = (text(subject, "kind") or "", text(subject, "name") or "")
            if key not in DANGEROUS:
                continue
            who, level = DANGEROUS[key]
            yield Violation(
                ("subjects", i, "name"),
                f'{resource.kind} grants {text(ref, "kind") or "role"} "{role}" to {key[0]} {key[1]}: to {who}, {where}',
                downgrade=level,
            )
