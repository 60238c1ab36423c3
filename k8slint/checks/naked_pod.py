from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class NakedPod(ResourceRule):
    """
    ## What it finds
    A bare `kind: Pod` that no controller owns (no `metadata.ownerReferences` with `controller: true`).

    ## Why it matters
    Nothing recreates it when its node fails or is drained: the workload simply disappears.

    ## How to fix
    Run it from a Deployment (or a Job for one-off work).

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - name: web
              image: nginx:1.27
    ```
    """

    id = "naked-pod"
    category = Category.RELIABILITY
    level = Level.NOTE
    summary = "Pod is not managed by a controller"
    aliases = ("kubescape:C-0073",)
    targets = frozenset({"Pod"})
    preset = "strict"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "":
            return
        owners = get(resource.raw, ("metadata", "ownerReferences"))
        if isinstance(owners, list) and any(get(o, ("controller",)) is True for o in owners):
            return
        yield Violation(
            ("kind",),
            f"Pod {resource.name} is not managed by a controller: nothing recreates it if its node goes away",
        )
