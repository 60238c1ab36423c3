import os
from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import selected_templates
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.kinds import split_api_version
from k8slint.model.resource import Resource, ResourceRef
from k8slint.parse.sourcemap import get, items, text

MAX_OWNER_DEPTH = 5


def top_owner(ctx: AnalysisContext, resource: Resource) -> tuple[str, str]:
    """(kind, name) of the object at the top of ``resource``'s controller ownerReferences chain."""
    kind, name, current = resource.kind, resource.name, resource
    for _ in range(MAX_OWNER_DEPTH):
        owner = next(
            (o for o in items(get(current.raw, ("metadata",)), "ownerReferences") if get(o, ("controller",))),
            None,
        )
        owner_kind, owner_name = text(owner, "kind"), text(owner, "name")
        if not owner_kind or not owner_name:
            break
        kind, name = owner_kind, owner_name
        api_version = text(owner, "apiVersion") or ""
        group = split_api_version(api_version)[0]
        found = ctx.graph.resource(ResourceRef(group, owner_kind, resource.namespace, owner_name))
        if found is None:
            break
        current = found
    return kind, name


class ServiceSelectorOverlap(ResourceRule):
    """
    ## What it finds
    A Service whose selector matches the pod templates of two or more unrelated workloads of its
    namespace (workloads with different top-level controllers, e.g. a Deployment and a
    StatefulSet that share `app: web`). Objects linked by controller `ownerReferences` (a
    ReplicaSet and its Deployment) count as one workload. Only workloads of the Service's own
    directory are counted (all of them with `--assume-complete`): unrelated examples often share
    labels such as `app: nginx`. Services without a selector and ExternalName Services are not
    reported.

    ## Why it matters
    The Service load-balances across the pods of every matching workload: requests meant for the
    web server reach a worker or a migration Job, which refuses them or answers wrongly. A
    deliberate canary (two Deployments behind one Service) also looks like this, hence a note.

    ## How to fix
    Add a label that tells the workloads apart (`app.kubernetes.io/component`) to the pod
    templates and to the Service's selector.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector: {matchLabels: {app: shop, component: web}}
      template:
        metadata: {labels: {app: shop, component: web}}
        spec:
          containers: [{name: web, image: "nginx:1.27"}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: worker
    spec:
      selector: {matchLabels: {app: shop, component: worker}}
      template:
        metadata: {labels: {app: shop, component: worker}}
        spec:
          containers: [{name: worker, image: "busybox:1.36"}]
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: shop}
      ports: [{port: 80}]
    ```

    ## Use instead
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector: {matchLabels: {app: shop, component: web}}
      template:
        metadata: {labels: {app: shop, component: web}}
        spec:
          containers: [{name: web, image: "nginx:1.27"}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: worker
    spec:
      selector: {matchLabels: {app: shop, component: worker}}
      template:
        metadata: {labels: {app: shop, component: worker}}
        spec:
          containers: [{name: worker, image: "busybox:1.36"}]
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: shop, component: web}
      ports: [{port: 80}]
    ```
    """

    id = "service-selector-overlap"
    category = Category.REFERENCES
    level = Level.NOTE
    summary = "Service selects the pods of several unrelated workloads"
    targets = frozenset({"Service"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        selector = get(resource.raw, ("spec", "selector"))
        if resource.ref.group != "" or not isinstance(selector, dict) or not selector:
            return
        if get(resource.raw, ("spec", "type")) == "ExternalName":
            return
        here = os.path.dirname(resource.doc.file)
        groups: dict[tuple[str, str], list] = {}
        for t in selected_templates(ctx, resource):
            if not ctx.settings.assume_complete and os.path.dirname(t.resource.doc.file) != here:
                continue  # a set of unrelated examples often shares labels across directories
            groups.setdefault(top_owner(ctx, t.resource), []).append(t)
        if len(groups) < 2:
            return
        names = [f"{kind} {name}" for kind, name in groups]
        shown = ", ".join(f"{k}={v}" for k, v in selector.items())
        related = tuple(
            RelatedRef(t.resource, (*t.meta_path, "labels"), f"pods of {kind} {name} match {shown}")
            for (kind, name), templates in groups.items()
            for t in templates[:1]
        )
        yield Violation(
            ("spec", "selector"),
            f"Service {resource.name} selects the pods of {len(groups)} unrelated workloads "
            f"({', '.join(names)}): traffic is spread across all of them",
            related=related,
        )
