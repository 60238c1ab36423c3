from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.checks._rbac import is_default
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.kinds import BUILTIN_GROUPS
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import items

FIELDS = ("verbs", "resources", "apiGroups")


class RbacWildcardRule(ResourceRule):
    """
    ## What it finds
    A Role or ClusterRole rule with `*` in `verbs`, `resources` or `apiGroups`, or a `*/<subresource>`
    resource. A rule whose `apiGroups` all name custom groups (an operator's own CRDs) is reported as a
    note: the wildcard covers only those. The cluster's default roles (`system:*`, the
    `kubernetes.io/bootstrapping: rbac-defaults` label) are not reported.

    ## Why it matters
    The authorizer expands `*` to every verb, every resource and subresource (`pods/exec` included) and
    every API group, including those that CRDs and later Kubernetes versions add: the role grants more
    than anyone reviewed, and grows silently.

    ## How to fix
    List the verbs, resources and API groups the subject needs.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: app
    rules:
      - {apiGroups: [""], resources: [secrets], verbs: ["*"]}
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: app
    rules:
      - {apiGroups: [""], resources: [configmaps], verbs: [get, list, watch]}
    ```
    """

    id = "rbac-wildcard-rule"
    category = Category.RBAC
    level = Level.WARNING
    summary = "Role rule uses a wildcard"
    targets = frozenset({"Role", "ClusterRole"})
    preset = "default"
    aliases = (
        "kube-linter:wildcard-in-rules",
        "checkov:CKV_K8S_49",
        "trivy:KSV044",
        "trivy:KSV045",
        "trivy:KSV046",
        "kubescape:C-0187",
    )

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "rbac.authorization.k8s.io" or is_default(resource.labels, resource.name):
            return
        for index, rule in enumerate(items(resource.raw, "rules")):
            if not isinstance(rule, dict):
                continue
            found: list[str] = []
            first: tuple[str, int] | None = None
            for field in FIELDS:
                for j, value in enumerate(items(rule, field)):
                    if value == "*" or (
                        field == "resources" and isinstance(value, str) and value.startswith("*/")
                    ):
                        found.append(f'"{value}" in {field}')
                        first = first or (field, j)
            if first is None:
                continue
            groups = [g for g in items(rule, "apiGroups") if isinstance(g, str)]
            custom = bool(groups) and all(g != "*" and g != "" and g not in BUILTIN_GROUPS for g in groups)
            scope = f" of {', '.join(groups)}" if custom else ""
            yield Violation(
                ("rules", index, first[0], first[1]),
                f"rule {index} uses {', '.join(found)}: it grants every match{scope}, including those added later",
                downgrade=Level.NOTE if custom else None,
            )
