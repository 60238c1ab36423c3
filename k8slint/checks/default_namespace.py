from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class DefaultNamespace(ResourceRule):
    """
    ## What it finds
    A namespaced object placed in `default`, explicitly or by leaving `metadata.namespace` out.
    The default ServiceAccount and the `kubernetes` Service are exempt, as are objects whose
    namespace is left to the tool that applies them (pass `--ignore default-namespace` for sets
    applied with `kubectl -n`).

    ## Why it matters
    The default namespace has no quota, policy or ownership of its own: everything there shares
    one blast radius.

    ## How to fix
    Give the object a namespace.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
      namespace: shop
    ```
    """

    id = "default-namespace"
    category = Category.HYGIENE
    level = Level.NOTE
    summary = "Object lives in the default namespace"
    aliases = ("kube-linter:use-namespace", "checkov:CKV_K8S_21", "trivy:KSV110")
    preset = "strict"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if not resource.namespaced or resource.namespace != "default":
            return
        if (resource.kind, resource.name) in (("ServiceAccount", "default"), ("Service", "kubernetes")):
            return
        explicit = get(resource.raw, ("metadata", "namespace")) is not None
        where = ("metadata", "namespace") if explicit else ("metadata",)
        yield Violation(where, f"{resource.kind} {resource.name} is in the default namespace")
