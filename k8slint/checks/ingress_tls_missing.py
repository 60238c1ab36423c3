from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items


class IngressTlsMissing(ResourceRule):
    """
    ## What it finds
    An Ingress without `spec.tls`.

    ## Why it matters
    Its hosts are served over plain HTTP: credentials and cookies cross the network in clear text.

    ## How to fix
    Add a `tls` entry with the hosts and a Secret (cert-manager can issue it).

    ## Example
    ```yaml
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      rules:
        - host: shop.example.com
          http:
            paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
    ```

    ## Use instead
    ```yaml
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      tls:
        - hosts: [shop.example.com]
          secretName: shop-tls
      rules:
        - host: shop.example.com
          http:
            paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
    ```
    """

    id = "ingress-tls-missing"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Ingress serves its hosts without TLS"
    aliases = ("polaris:tlsSettingsMissing", "kubescape:C-0263")
    targets = frozenset({"Ingress"})
    preset = "strict"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if not items(get(resource.raw, ("spec",)), "tls"):
            yield Violation(
                ("spec",), f"Ingress {resource.name} has no tls section: its hosts are served over plain HTTP"
            )
