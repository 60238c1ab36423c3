from collections.abc import Iterator
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.generated import ROOT_CA_CONFIGMAP, SERVICE_ACCOUNT_TOKEN_KEYS, secret_writer
from k8slint.analysis.references import created_at_runtime, find, missing_level
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, RelatedRef, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import Path, get, items, text

CORE_KIND = {"configMap": "ConfigMap", "secret": "Secret"}


def _keys(obj: Any, kind: str, env: bool) -> set[str]:
    """The keys a reference can read: environment variables only read a ConfigMap's ``data``."""
    fields = ("data",) if kind == "ConfigMap" and env else ("data", "binaryData")
    if kind == "Secret":
        fields = ("data", "stringData")
    out: set[str] = set()
    if kind == "Secret" and get(obj.raw, ("type",)) == "kubernetes.io/service-account-token":
        out.update(SERVICE_ACCOUNT_TOKEN_KEYS)
    for field in fields:
        values = get(obj.raw, (field,))
        if isinstance(values, dict):
            out.update(values)
    return out


class MissingConfigReference(PodTemplateRule):
    """
    ## What it finds
    A pod template that reads a ConfigMap or Secret the set does not have, or a key that the
    ConfigMap or Secret does not hold: `env[].valueFrom.configMapKeyRef` / `secretKeyRef` (name and
    key), `envFrom`, `volumes[].configMap` / `secret` (and their `items[].key`), projected volume
    sources. References marked `optional: true` are skipped. The referenced object is looked up in
    the pod's namespace across every file of the set.

    A set is often partial, so a missing object is an error only when the pod's directory declares
    objects of that kind in that namespace (or with `--assume-complete`); otherwise a note. It
    is also a note when a Role of the namespace (or a ClusterRole bound to one of its
    ServiceAccounts) of the set can create that kind:
    certificate generators and init Jobs create such Secrets after deploy. A missing key in an
    object of the set is always an error (environment variables read only a ConfigMap's `data`,
    not its `binaryData`). Objects that controllers create are present: the `kube-root-ca.crt`
    ConfigMap of every namespace, the keys the token controller fills in a
    `kubernetes.io/service-account-token` Secret, and Secrets written by a cert-manager
    `Certificate`, a `SealedSecret` or an `ExternalSecret` of the namespace.

    A missing `imagePullSecrets` Secret is at most a warning: the kubelet reports
    `FailedToRetrieveImagePullSecret` and pulls without credentials, which fails only for a
    private image.

    ## Why it matters
    The pod never starts: the kubelet reports `configmap "app-config" not found` or `couldn't find
    key LOG_LEVEL in ConfigMap shop/app-config` and the container stays in CreateContainerConfigError
    (volumes: ContainerCreating).

    ## How to fix
    Create the object or key, fix the name, or mark the reference `optional: true`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app-config
    data:
      LOG_LEVEL: info
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: LOG_FORMAT
              valueFrom:
                configMapKeyRef: {name: app-config, key: LOG_FORMAT}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app-config
    data:
      LOG_LEVEL: info
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef: {name: app-config, key: LOG_LEVEL}
    ```
    """

    id = "missing-config-reference"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Pod reads a ConfigMap, Secret or key that does not exist"
    aliases = ("kube-linter:env-value-from",)
    preset = "minimal"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        for kind, name, keys, optional, path in self._references(template):
            if optional or not name:
                continue
            namespace = template.namespace
            target = find(ctx, kind, namespace, name, near=template.resource)
            if target is None and kind == "ConfigMap" and name == ROOT_CA_CONFIGMAP:
                continue  # every namespace has it
            if target is None and kind == "Secret" and secret_writer(ctx, namespace, name) is not None:
                continue  # the pod waits until the controller writes it
            if target is None:
                message = f'{kind.lower()} "{name}" not found in namespace {namespace}'
                level = missing_level(ctx, kind, namespace, template.resource)
                creator = created_at_runtime(ctx, kind, namespace, template.resource)
                if creator is not None:
                    message += (
                        f" (it may be created at run time: {creator.kind} {creator.name} can create {kind}s)"
                    )
                    level = Level.NOTE
                yield Violation(path, message, downgrade=level)
                continue
            for key, key_path in keys:
                if key not in _keys(target, kind, env="env" in key_path):
                    yield Violation(
                        key_path,
                        f"couldn't find key {key} in {kind} {namespace}/{name}",
                        related=(RelatedRef(target, ("metadata", "name"), f"{kind} {name}"),),
                    )

        yield from self._pull_secrets(template, ctx)

    def _pull_secrets(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        """A missing image pull secret does not stop the pod: the kubelet warns and pulls without."""
        for i, entry in enumerate(items(template.raw_spec, "imagePullSecrets")):
            name = text(entry, "name")
            if not name or find(ctx, "Secret", template.namespace, name) is not None:
                continue
            level = missing_level(ctx, "Secret", template.namespace, template.resource)
            if created_at_runtime(ctx, "Secret", template.namespace, template.resource) is not None:
                level = Level.NOTE
            yield Violation(
                (*template.spec_path, "imagePullSecrets", i, "name"),
                f"Unable to retrieve some image pull secrets ({name}); attempting to pull the image may not succeed.",
                downgrade=level or Level.WARNING,
            )

    def _references(
        self, t: PodTemplate
    ) -> Iterator[tuple[str, str | None, list[tuple[str, Path]], bool, Path]]:
        spec, base = t.raw_spec, t.spec_path
        for i, vol in enumerate(items(spec, "volumes")):
            for field, name_field in (("configMap", "name"), ("secret", "secretName")):
                src = get(vol, (field,))
                if isinstance(src, dict):
                    keys = [
                        (text(it, "key") or "", (*base, "volumes", i, field, "items", j, "key"))
                        for j, it in enumerate(items(src, "items"))
                        if text(it, "key")
                    ]
                    yield (
                        CORE_KIND[field],
                        text(src, name_field),
                        keys,
                        src.get("optional") is True,
                        (*base, "volumes", i, field, name_field),
                    )
            for j, source in enumerate(items(get(vol, ("projected",)), "sources")):
                for field in ("configMap", "secret"):
                    src = get(source, (field,))
                    if isinstance(src, dict):
                        path = (*base, "volumes", i, "projected", "sources", j, field)
                        keys = [
                            (text(it, "key") or "", (*path, "items", k, "key"))
                            for k, it in enumerate(items(src, "items"))
                            if text(it, "key")
                        ]
                        yield (
                            CORE_KIND[field],
                            text(src, "name"),
                            keys,
                            src.get("optional") is True,
                            (*path, "name"),
                        )
        for group in ("initContainers", "containers", "ephemeralContainers"):
            for ci, c in enumerate(items(spec, group)):
                cbase = (*base, group, ci)
                for ei, env in enumerate(items(c, "env")):
                    for field, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                        ref = get(env, ("valueFrom", field))
                        if isinstance(ref, dict):
                            path = (*cbase, "env", ei, "valueFrom", field)
                            key = text(ref, "key")
                            keys = [(key, (*path, "key"))] if key else []
                            yield kind, text(ref, "name"), keys, ref.get("optional") is True, (*path, "name")
                for ei, env_from in enumerate(items(c, "envFrom")):
                    for field, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                        ref = get(env_from, (field,))
                        if isinstance(ref, dict):
                            path = (*cbase, "envFrom", ei, field)
                            yield kind, text(ref, "name"), [], ref.get("optional") is True, (*path, "name")
