from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, text


class IngressClassMissing(ResourceRule):
    """
    ## What it finds
    An Ingress whose `spec.ingressClassName` names an IngressClass that the set does not declare.
    The legacy `kubernetes.io/ingress.class` annotation is read by each controller on its own
    terms, not resolved against IngressClass objects, and is not checked. An error only when the
    Ingress's directory declares IngressClasses (or with `--assume-complete`); otherwise a note.

    ## Why it matters
    Each ingress controller serves only the Ingresses of its own class: no controller picks this
    one up, it gets no address, and its hosts answer 404 or do not resolve.

    ## How to fix
    Name the IngressClass of the controller that should serve the Ingress
    (`kubectl get ingressclass`), or create it.

    ## Example
    ```yaml
    apiVersion: networking.k8s.io/v1
    kind: IngressClass
    metadata:
      name: nginx
    spec:
      controller: k8s.io/ingress-nginx
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      ingressClassName: ngnix
      defaultBackend:
        service: {name: web, port: {number: 80}}
    ```

    ## Use instead
    ```yaml
    apiVersion: networking.k8s.io/v1
    kind: IngressClass
    metadata:
      name: nginx
    spec:
      controller: k8s.io/ingress-nginx
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      ingressClassName: nginx
      defaultBackend:
        service: {name: web, port: {number: 80}}
    ```
    """

    id = "ingress-class-missing"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Ingress names an IngressClass that does not exist"
    targets = frozenset({"Ingress"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        name = text(get(resource.raw, ("spec",)), "ingressClassName")
        if not name or find(ctx, "IngressClass", None, name) is not None:
            return
        yield Violation(
            ("spec", "ingressClassName"),
            f'IngressClass "{name}" not found: no ingress controller serves Ingress {resource.name}',
            downgrade=missing_level(ctx, "IngressClass", None, resource),
        )
