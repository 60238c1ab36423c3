from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import has_pod_templates, operator_owner, selected_templates
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class ServiceSelectsNothing(ResourceRule):
    """
    ## What it finds
    A Service with a selector that matches the pod template labels of no workload (or bare Pod) in
    its namespace, across every file of the set. All selector labels must match (AND). Services
    without a selector (manually managed endpoints) and ExternalName Services are not reported.
    The finding is a note when the Service's directory has no pod template in that namespace (the
    set is probably partial), or when a custom resource of the namespace carries the selected labels (an
    operator such as the Prometheus operator creates the pods), or in `kube-system` (static
    control-plane pods). Labels that controllers add to
    their pods (`statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index`, `job-name`)
    are taken into account.

    ## Why it matters
    The Service has no endpoints: connections are refused or time out, and an Ingress in front of
    it answers 503.

    ## How to fix
    Make the selector match the pod template labels (a typo is the usual cause).

    ## Example
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
          containers: [{name: web, image: "nginx:1.27"}]
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: wbe}
      ports: [{port: 80}]
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
          containers: [{name: web, image: "nginx:1.27"}]
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports: [{port: 80}]
    ```
    """

    id = "service-selects-nothing"
    category = Category.REFERENCES
    level = Level.WARNING
    summary = "Service selector matches no pod in its namespace"
    aliases = ("kube-linter:dangling-service", "kube-score:service-targets-pod")
    targets = frozenset({"Service"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        selector = get(resource.raw, ("spec", "selector"))
        if resource.ref.group != "" or not isinstance(selector, dict) or not selector:
            return
        if get(resource.raw, ("spec", "type")) == "ExternalName":
            return
        if not selected_templates(ctx, resource):
            shown = ", ".join(f"{k}={v}" for k, v in selector.items())
            message = f"Service {resource.name} selects no pods: no pod template in namespace {resource.namespace} has labels {shown}"
            owner = operator_owner(ctx, resource.namespace, selector)
            if owner is not None:
                message += f" (its pods may be created by {owner.kind} {owner.name})"
            # kube-system Services often select static control-plane pods, which no manifest declares
            partial = (
                owner is not None
                or resource.namespace == "kube-system"
                or not has_pod_templates(ctx, resource.namespace, resource)
            )
            yield Violation(("spec", "selector"), message, downgrade=Level.NOTE if partial else None)
