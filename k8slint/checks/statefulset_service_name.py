from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.analysis.workloads import PodTemplate, pod_template
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.builders import runtime_labels
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, text
from k8slint.selectors import Selector, SelectorError


def selects(service: Resource, template: PodTemplate | None) -> bool:
    try:
        selector = Selector.from_map(get(service.raw, ("spec", "selector")))
    except SelectorError:
        return False
    return template is not None and any(selector.matches(labels) for labels in runtime_labels(template))


NOT_HEADLESS = "is not headless (its clusterIP is not None)"


class StatefulSetServiceName(ResourceRule):
    """
    ## What it finds
    A StatefulSet whose `spec.serviceName` names a Service that is not in its namespace (a note
    unless its directory declares Services in that namespace, or with `--assume-complete`), or
    names a Service whose selector does not select the StatefulSet's pods. Nothing is rejected, so
    these are warnings: the pods run, only their DNS names are missing. A Service that selects the
    pods but is not headless (`clusterIP: None`) is a note: the DNS specification promises per-pod
    names only for headless Services, though CoreDNS also serves them for ClusterIP Services. An absent or empty `serviceName` is not reported: the field is optional
    (kubernetes/kubernetes#130233); such pods simply get no per-pod DNS names.

    ## Why it matters
    The StatefulSet controller sets each pod's `subdomain` to `serviceName`; the per-pod DNS names
    (`web-0.web.shop.svc.cluster.local`) that peers of a clustered database use to find each other
    exist only when a headless Service of that name selects the pods. Without it the pods start
    but cannot reach each other by name.

    ## How to fix
    Create the headless Service (`clusterIP: None`) with a selector matching the pod template,
    or point `serviceName` at it.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: db
    spec:
      selector: {app: db}
      ports: [{port: 5432}]
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db
    spec:
      serviceName: db
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db}}
        spec:
          containers: [{name: db, image: "postgres:17"}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: db
    spec:
      clusterIP: None
      selector: {app: db}
      ports: [{port: 5432}]
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db
    spec:
      serviceName: db
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db}}
        spec:
          containers: [{name: db, image: "postgres:17"}]
    ```
    """

    id = "statefulset-service-name"
    category = Category.REFERENCES
    level = Level.WARNING
    summary = "StatefulSet's serviceName is not a headless Service selecting its pods"
    aliases = ("kube-score:statefulset-has-servicename",)
    targets = frozenset({"StatefulSet"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "apps":
            return
        name = text(get(resource.raw, ("spec",)), "serviceName")
        if not name:
            return
        ns = resource.namespace
        path = ("spec", "serviceName")
        service = find(ctx, "Service", ns, name, near=resource)
        if service is None:
            yield Violation(
                path,
                f'serviceName "{name}" names no Service in namespace {ns}: the pods of StatefulSet '
                f"{resource.name} get no per-pod DNS names ({resource.name}-0.{name}.{ns}.svc)",
                downgrade=missing_level(ctx, "Service", ns, resource),
            )
            return
        problems = []
        svc_type = get(service.raw, ("spec", "type")) or "ClusterIP"
        if svc_type == "ExternalName":
            problems.append("is of type ExternalName, not a headless Service")
        else:
            if get(service.raw, ("spec", "clusterIP")) != "None":
                problems.append(NOT_HEADLESS)
            if not selects(service, pod_template(resource)):
                selector = get(service.raw, ("spec", "selector"))
                if isinstance(selector, dict) and selector:
                    shown = ", ".join(f"{k}={v}" for k, v in selector.items())
                    problems.append(f"has selector {shown}, which does not select the pods")
                else:
                    problems.append("has no selector, so its endpoints do not list the pods")
        if problems == [NOT_HEADLESS]:
            yield Violation(
                path,
                f"Service {name} {NOT_HEADLESS}: the DNS specification gives per-pod names "
                f"({resource.name}-0.{name}.{ns}.svc) only for headless Services (CoreDNS also serves them "
                "for a ClusterIP Service, other DNS servers may not)",
                related=(RelatedRef(service, ("spec",), f"Service {name}"),),
                downgrade=Level.NOTE,
            )
        elif problems:
            yield Violation(
                path,
                f"Service {name} " + " and ".join(problems) + f": the pods of StatefulSet {resource.name} "
                f"get no per-pod DNS names ({resource.name}-0.{name}.{ns}.svc)",
                related=(RelatedRef(service, ("spec",), f"Service {name}"),),
            )
