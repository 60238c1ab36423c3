from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource

SNIPPETS = (
    "nginx.ingress.kubernetes.io/configuration-snippet",
    "nginx.ingress.kubernetes.io/server-snippet",
    "nginx.ingress.kubernetes.io/auth-snippet",
    "nginx.ingress.kubernetes.io/stream-snippet",
)


class IngressNginxSnippet(ResourceRule):
    """
    ## What it finds
    An Ingress with an ingress-nginx snippet annotation (`configuration-snippet`, `server-snippet`,
    `auth-snippet`, `stream-snippet`).

    ## Why it matters
    Snippets inject raw NGINX configuration into the shared controller: anyone who can create an
    Ingress can read the controller's service account token and every Secret it sees
    (CVE-2021-25742, CVE-2025-1974). Recent ingress-nginx releases disable them by default.

    ## How to fix
    Use the dedicated annotations or a ConfigMap setting instead of a snippet.

    ## Example
    ```yaml
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
      annotations:
        nginx.ingress.kubernetes.io/configuration-snippet: |
          more_set_headers "X-Frame-Options: DENY";
    spec:
      ingressClassName: nginx
      defaultBackend: {service: {name: web, port: {number: 80}}}
    ```

    ## Use instead
    ```yaml
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      ingressClassName: nginx
      defaultBackend: {service: {name: web, port: {number: 80}}}
    ```
    """

    id = "ingress-nginx-snippet"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "Ingress injects raw NGINX configuration through a snippet annotation"
    aliases = ("checkov:CKV_K8S_153", "kubescape:C-0263")
    targets = frozenset({"Ingress"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        for key in resource.annotations:
            if key in SNIPPETS:
                yield Violation(
                    ("metadata", "annotations", key),
                    f"Ingress {resource.name} uses {key.split('/')[1]}: snippets run as the controller (CVE-2021-25742)",
                )
