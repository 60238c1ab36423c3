"""Objects that controllers create at run time from other objects of the set, so a reference to
them is not dangling: Secrets written by cert-manager Certificates, sealed-secrets SealedSecrets
and external-secrets ExternalSecrets, and the ConfigMap every namespace gets."""

from __future__ import annotations

from k8slint.analysis.context import AnalysisContext
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, text

# the root CA publisher (kube-controller-manager) creates it in every namespace, key ca.crt
ROOT_CA_CONFIGMAP = "kube-root-ca.crt"
# the token controller fills these keys of a kubernetes.io/service-account-token Secret
SERVICE_ACCOUNT_TOKEN_KEYS = frozenset({"token", "ca.crt", "namespace"})


def _secret_written_by(r: Resource) -> str | None:
    spec = get(r.raw, ("spec",))
    if r.ref.group == "cert-manager.io" and r.kind == "Certificate":
        return text(spec, "secretName")
    if r.ref.group == "bitnami.com" and r.kind == "SealedSecret":
        return text(get(spec, ("template", "metadata")), "name") or r.name
    if r.ref.group == "external-secrets.io" and r.kind == "ExternalSecret":
        return text(get(spec, ("target",)), "name") or r.name
    return None


def secret_writer(ctx: AnalysisContext, namespace: str | None, name: str) -> Resource | None:
    """The custom resource of the namespace whose controller writes Secret ``name``."""
    writers = ctx.memo.get("secret-writers")
    if writers is None:
        writers = {}
        for r in ctx.resources:
            written = _secret_written_by(r)
            if written:
                writers.setdefault((r.namespace or "default", written), r)
        ctx.memo["secret-writers"] = writers
    return writers.get((namespace or "default", name))
