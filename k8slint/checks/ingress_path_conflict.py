import os
import re
from collections.abc import Iterator
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, get, items, text

CLASS_ANNOTATION = "kubernetes.io/ingress.class"
CANARY_ANNOTATION = "nginx.ingress.kubernetes.io/canary"

# a host the API server accepts: anything else is a placeholder of a template to fill in
VALID_HOST = re.compile(r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")

Claim = tuple[str | None, str, str, str]  # class, host, pathType, path


def _class(ingress: Resource) -> str | None:
    return text(get(ingress.raw, ("spec",)), "ingressClassName") or text(
        ingress.annotations, CLASS_ANNOTATION
    )


def _claims(ingress: Resource) -> Iterator[tuple[Claim, Path, Any]]:
    cls = _class(ingress)
    for i, rule in enumerate(items(get(ingress.raw, ("spec",)), "rules")):
        host = get(rule, ("host",))
        host = host if isinstance(host, str) else ""
        for j, entry in enumerate(items(get(rule, ("http",)), "paths")):
            path, kind = get(entry, ("path",)), get(entry, ("pathType",))
            if not isinstance(path, str) or not isinstance(kind, str | None):
                continue
            kind = kind or "ImplementationSpecific"
            # Prefix matches element by element: a trailing slash does not change what it matches
            key = (path.rstrip("/") or "/") if kind == "Prefix" else path
            yield (cls, host, kind, key), ("spec", "rules", i, "http", "paths", j, "path"), path


def _order(r: Resource) -> tuple[str, int, int]:
    return r.doc.file, r.doc.index, r.doc.item if r.doc.item is not None else -1


def _conflicts(ctx: AnalysisContext) -> dict[int, list[Violation]]:
    memo = ctx.memo.get("ingress-path-conflicts")
    if memo is not None:
        return memo
    memo = {}
    first: dict[tuple[str | None, Claim], tuple[Resource, Path]] = {}
    ingresses = [
        r
        for r in ctx.resources
        if r.kind == "Ingress" and r.ref.group in ("networking.k8s.io", "extensions")
        if r.annotations.get(CANARY_ANNOTATION) != "true"  # canaries share the main Ingress's paths
    ]
    for ingress in sorted(ingresses, key=_order):
        scope = None if ctx.settings.assume_complete else os.path.dirname(ingress.doc.file)
        for claim, path, shown in _claims(ingress):
            seen = first.get((scope, claim))
            if seen is None:
                first[(scope, claim)] = (ingress, path)
                continue
            other, other_path = seen
            if other.ref == ingress.ref:
                continue  # the same object declared twice (duplicate-name) or one Ingress repeating a path
            host = f'host "{claim[1]}"' if claim[1] else "any host"
            where = f"{other.namespace}/{other.name}" if other.namespace else other.name
            message = (
                f'{host} and path "{shown}" ({claim[2]}) are already defined in Ingress {where}: '
                "the controller serves only one of them (ingress-nginx's admission webhook rejects this one)"
            )
            related = (RelatedRef(other, other_path, f"the same host and path in Ingress {where}"),)
            placeholder = bool(claim[1]) and not VALID_HOST.match(claim[1])
            if placeholder:
                message += " (the host is a placeholder: the two files may be alternatives)"
            memo.setdefault(id(ingress), []).append(
                Violation(path, message, related=related, downgrade=Level.NOTE if placeholder else None)
            )
    ctx.memo["ingress-path-conflicts"] = memo
    return memo


class IngressPathConflict(ResourceRule):
    """
    ## What it finds
    An Ingress path that an earlier Ingress (in file order) of the same ingress class (given by
    `spec.ingressClassName` or the `kubernetes.io/ingress.class` annotation; both unset counts as
    the same) already defines: the same `host` (compared as written; no host means any host), the
    same `pathType` and the same `path` (for `Prefix`, a trailing slash makes no difference).
    Only Ingresses of the same directory are compared, unless `--assume-complete`; a host that is
    a template placeholder (not a valid host name, e.g. `__INGRESS_HOST__`) gives a note. Canary
    Ingresses (`nginx.ingress.kubernetes.io/canary: "true"`) share their main Ingress's paths on
    purpose and are skipped.

    ## Why it matters
    Only one of the two backends receives the traffic: ingress-nginx keeps the oldest Ingress and
    its admission webhook rejects the newer one with
    `host "shop.example.com" and path "/" is already defined in ingress shop/web`; other
    controllers pick one silently.

    ## How to fix
    Merge the two Ingresses, or give them different hosts or paths.

    ## Example
    ```yaml
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      ingressClassName: nginx
      rules:
        - host: shop.example.com
          http:
            paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: web, port: {number: 80}}}
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web-v2
    spec:
      ingressClassName: nginx
      rules:
        - host: shop.example.com
          http:
            paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: web-v2, port: {number: 80}}}
    ```

    ## Use instead
    ```yaml
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec:
      ingressClassName: nginx
      rules:
        - host: shop.example.com
          http:
            paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: web, port: {number: 80}}}
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web-v2
    spec:
      ingressClassName: nginx
      rules:
        - host: shop.example.com
          http:
            paths:
              - path: /v2
                pathType: Prefix
                backend: {service: {name: web-v2, port: {number: 80}}}
    ```
    """

    id = "ingress-path-conflict"
    category = Category.REFERENCES
    level = Level.WARNING
    summary = "Two Ingresses claim the same host and path"
    targets = frozenset({"Ingress"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        yield from _conflicts(ctx).get(id(resource), ())
