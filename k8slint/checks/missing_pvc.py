import re
from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.analysis.storage import claim_templates
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items, text


def _template_names(template: PodTemplate) -> set[str]:
    """The volumeClaimTemplates of a StatefulSet: the controller replaces the pod volume of the
    same name with the pod's own claim."""
    resource = template.resource
    if resource.kind != "StatefulSet":
        return set()
    return {n for _, t in claim_templates(resource) if isinstance(n := get(t, ("metadata", "name")), str)}


def _statefulset_claim(ctx: AnalysisContext, namespace: str | None, claim: str) -> bool:
    """``<template>-<statefulset>-<ordinal>``: a claim a StatefulSet of the set creates."""
    for sts in ctx.resources:
        if sts.kind != "StatefulSet" or sts.namespace != namespace:
            continue
        for _, t in claim_templates(sts):
            name = get(t, ("metadata", "name"))
            if isinstance(name, str) and re.fullmatch(rf"{re.escape(name)}-{re.escape(sts.name)}-\d+", claim):
                return True
    return False


class MissingPvc(PodTemplateRule):
    """
    ## What it finds
    A pod volume whose `persistentVolumeClaim.claimName` names a PersistentVolumeClaim that the
    set does not have in the pod's namespace. A StatefulSet volume named like one of its
    `volumeClaimTemplates` is replaced by the pod's own claim and is not checked, nor are the
    claims a StatefulSet of the set creates (`<template>-<statefulset>-<ordinal>`); generic
    ephemeral volumes (`ephemeral.volumeClaimTemplate`) create their claim with the pod. An error
    only when the pod's directory declares PersistentVolumeClaims in that namespace (or with
    `--assume-complete`); otherwise a note.

    ## Why it matters
    The scheduler keeps the pod `Pending`: `persistentvolumeclaim "data" not found`.

    ## How to fix
    Create the PersistentVolumeClaim in the pod's namespace, or fix the name.

    ## Example
    ```yaml
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: db
    spec:
      containers:
        - name: db
          image: postgres:17
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
      volumes:
        - name: data
          persistentVolumeClaim: {claimName: db-data}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: db
    spec:
      containers:
        - name: db
          image: postgres:17
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
      volumes:
        - name: data
          persistentVolumeClaim: {claimName: data}
    ```
    """

    id = "missing-pvc"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Pod mounts a PersistentVolumeClaim that does not exist"
    preset = "minimal"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        replaced = _template_names(template)
        namespace = template.namespace
        for i, volume in enumerate(items(template.raw_spec, "volumes")):
            claim = text(get(volume, ("persistentVolumeClaim",)), "claimName")
            if not claim or get(volume, ("name",)) in replaced:
                continue
            if find(ctx, "PersistentVolumeClaim", namespace, claim) is not None:
                continue
            if _statefulset_claim(ctx, namespace, claim):
                continue
            yield Violation(
                (*template.spec_path, "volumes", i, "persistentVolumeClaim", "claimName"),
                f'persistentvolumeclaim "{claim}" not found in namespace {namespace}: the pod stays Pending',
                downgrade=missing_level(ctx, "PersistentVolumeClaim", namespace, template.resource),
            )
