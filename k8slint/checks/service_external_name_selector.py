from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class ServiceExternalNameSelector(ResourceRule):
    """
    ## What it finds
    A Service of `type: ExternalName` that also sets a `selector`. The API server accepts it, but
    the selector is ignored (core/v1 ServiceSpec: "Ignored if type is ExternalName"): the
    endpoint controllers skip the Service and DNS answers with a CNAME to `externalName`. Ports
    and `targetPort` are not reported: kube-proxy ignores them, but ingress controllers such as
    ingress-nginx connect to the external host on `targetPort`.

    ## Why it matters
    The manifest reads as if traffic went to the selected pods; it goes to the external host. Usually the type was copied from another Service by
    mistake, or the selector is left over from an earlier ClusterIP version.

    ## How to fix
    Drop the selector, or make the Service a ClusterIP Service if the pods are meant.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: db
    spec:
      type: ExternalName
      externalName: db.example.com
      selector: {app: db}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: db
    spec:
      type: ExternalName
      externalName: db.example.com
    ```
    """

    id = "service-external-name-selector"
    category = Category.REFERENCES
    level = Level.WARNING
    summary = "ExternalName Service has a selector, which is ignored"
    targets = frozenset({"Service"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = get(resource.raw, ("spec",))
        if resource.ref.group != "" or get(spec, ("type",)) != "ExternalName":
            return
        target = get(spec, ("externalName",))
        where = target if isinstance(target, str) and target else "its externalName"
        selector = get(spec, ("selector",))
        if isinstance(selector, dict) and selector:
            shown = ", ".join(f"{k}={v}" for k, v in selector.items())
            yield Violation(
                ("spec", "selector"),
                f"ExternalName Service {resource.name} ignores its selector {shown}: no endpoints are "
                f"made and clients are sent to {where}, not to the selected pods",
            )
