import os
from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items
from k8slint.selectors import Selector, SelectorError, selector_text

API_SERVER_LABELS = {"component": "apiserver", "provider": "kubernetes"}


class ServiceMonitorSelectsNothing(ResourceRule):
    """
    ## What it finds
    A Prometheus operator ServiceMonitor (`monitoring.coreos.com`) whose `spec.selector` matches
    the labels of no Service in the namespaces it watches: `spec.namespaceSelector.matchNames`, or
    the ServiceMonitor's own namespace when `namespaceSelector` is empty (`any: true`: every
    namespace). The Service's own labels are compared, not its selector; the API server's Service
    (`default/kubernetes`, labels `component=apiserver`, `provider=kubernetes`) exists in every
    cluster. The finding is a note
    when the ServiceMonitor's directory declares no Service in those namespaces (the set is
    probably partial).

    ## Why it matters
    Prometheus gets no target from it: the metrics silently never arrive, and alerts on them never
    fire.

    ## How to fix
    Make `spec.selector` match the Service's `metadata.labels` and list its namespace in
    `namespaceSelector.matchNames`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
      labels: {app: web}
    spec:
      selector: {app: web}
      ports: [{name: metrics, port: 9090}]
    ---
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata:
      name: web
    spec:
      selector:
        matchLabels: {app: webapp}
      endpoints: [{port: metrics}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
      labels: {app: web}
    spec:
      selector: {app: web}
      ports: [{name: metrics, port: 9090}]
    ---
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata:
      name: web
    spec:
      selector:
        matchLabels: {app: web}
      endpoints: [{port: metrics}]
    ```
    """

    id = "service-monitor-selects-nothing"
    category = Category.REFERENCES
    level = Level.WARNING
    summary = "ServiceMonitor selects no Service"
    aliases = ("kube-linter:dangling-servicemonitor",)
    targets = frozenset({"ServiceMonitor"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "monitoring.coreos.com":
            return
        spec = get(resource.raw, ("spec",))
        try:
            selector = Selector.from_label_selector(get(spec, ("selector",)) or {})
        except SelectorError:
            return
        watched = get(spec, ("namespaceSelector",))
        if get(watched, ("any",)) is True:
            namespaces = None
        else:
            names = [n for n in items(watched, "matchNames") if isinstance(n, str)]
            namespaces = set(names) if names else {resource.namespace or "default"}  # a namespaced kind
        services = [
            s
            for s in ctx.graph.resources("Service")
            if s.ref.group == "" and (namespaces is None or s.namespace in namespaces)
        ]
        if any(selector.matches(s.labels) for s in services):
            return
        if (namespaces is None or "default" in namespaces) and selector.matches(API_SERVER_LABELS):
            return  # the API server's own Service, default/kubernetes, exists in every cluster
        here = os.path.dirname(resource.doc.file)
        partial = not ctx.settings.assume_complete and not any(
            os.path.dirname(s.doc.file) == here for s in services
        )
        where = "any namespace" if namespaces is None else "namespace " + ", ".join(sorted(namespaces))
        shown = selector_text(selector) or "everything"
        path = ("spec", "selector") if get(spec, ("selector",)) is not None else ("spec",)
        yield Violation(
            path,
            f"ServiceMonitor {resource.name} selects no Service: none in {where} has labels {shown}",
            downgrade=Level.NOTE if partial else None,
        )
