from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.generated import secret_writer
from k8slint.analysis.references import created_at_runtime, find, missing_level
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items, text

# cert-manager's ingress-shim creates a Certificate, and so the Secret, for Ingresses annotated so
SHIM_ANNOTATIONS = ("cert-manager.io/cluster-issuer", "cert-manager.io/issuer", "kubernetes.io/tls-acme")


def _set(value: object) -> bool:
    return isinstance(value, str) and value not in ("", "false")


class IngressTlsSecretMissing(ResourceRule):
    """
    ## What it finds
    An Ingress `spec.tls` entry whose `secretName` is not a Secret of the Ingress's namespace. A
    Secret that a cert-manager `Certificate`, a `SealedSecret` or an `ExternalSecret` of the namespace
    writes counts as present. The
    finding is a note when cert-manager issues the certificate from the Ingress's own
    annotations (`cert-manager.io/cluster-issuer`, `cert-manager.io/issuer`, or
    `kubernetes.io/tls-acme: "true"` with a default issuer), when a Role of the
    set may create Secrets there, or when the directory declares no Secrets in that namespace.
    An entry without `secretName` uses the controller's default certificate and is not reported.

    ## Why it matters
    The ingress controller cannot load the certificate and serves its default (usually
    self-signed) certificate for those hosts: clients fail TLS verification.

    ## How to fix
    Create the `kubernetes.io/tls` Secret in the Ingress's namespace, or let cert-manager issue
    it.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Secret
    metadata:
      name: other-tls
    type: kubernetes.io/tls
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      tls:
        - hosts: [shop.example.com]
          secretName: shop-tls
      defaultBackend:
        service: {name: web, port: {number: 80}}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Secret
    metadata:
      name: shop-tls
    type: kubernetes.io/tls
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      tls:
        - hosts: [shop.example.com]
          secretName: shop-tls
      defaultBackend:
        service: {name: web, port: {number: 80}}
    ```
    """

    id = "ingress-tls-secret-missing"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Ingress TLS names a Secret that does not exist"
    targets = frozenset({"Ingress"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        namespace = resource.namespace
        for i, tls in enumerate(items(get(resource.raw, ("spec",)), "tls")):
            name = text(tls, "secretName")
            if not name or find(ctx, "Secret", namespace, name) is not None:
                continue
            if secret_writer(ctx, namespace, name) is not None:
                continue
            message = (
                f'secret "{name}" not found in namespace {namespace}: '
                f"Ingress {resource.name} is served with the controller's default certificate"
            )
            level = missing_level(ctx, "Secret", namespace, resource)
            shim = next((a for a in SHIM_ANNOTATIONS if _set(resource.annotations.get(a))), None)
            creator = created_at_runtime(ctx, "Secret", namespace, resource)
            if shim is not None:
                message += f" until cert-manager issues it (annotation {shim})"
                level = Level.NOTE
            elif creator is not None:
                message += (
                    f" (it may be created at run time: {creator.kind} {creator.name} can create Secrets)"
                )
                level = Level.NOTE
            yield Violation(("spec", "tls", i, "secretName"), message, downgrade=level)
