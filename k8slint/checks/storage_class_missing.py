from collections.abc import Iterator
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.analysis.storage import BETA_CLASS_ANNOTATION, claim_templates, is_static_class, requested_class
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, get


class StorageClassMissing(ResourceRule):
    """
    ## What it finds
    A PersistentVolumeClaim, or a StatefulSet `volumeClaimTemplates` entry, whose
    `storageClassName` (or the old `volume.beta.kubernetes.io/storage-class` annotation) names a
    StorageClass that the set does not declare. `storageClassName: ""` asks for no class (static
    binding only) and is not a reference; neither is a class that a PersistentVolume of the set
    carries, nor the class of a claim pre-bound with `spec.volumeName`: static binding needs no
    StorageClass object. An error only when the claim's directory declares StorageClasses (or with
    `--assume-complete`); otherwise a note.

    ## Why it matters
    The claim stays `Pending`: the volume controller reports
    `storageclass.storage.k8s.io "fast" not found`, and every pod that mounts the claim stays
    unscheduled.

    ## How to fix
    Create the StorageClass, or name one the cluster has.

    ## Example
    ```yaml
    apiVersion: storage.k8s.io/v1
    kind: StorageClass
    metadata:
      name: standard
    provisioner: ebs.csi.aws.com
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: data
    spec:
      storageClassName: fast
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
    ```

    ## Use instead
    ```yaml
    apiVersion: storage.k8s.io/v1
    kind: StorageClass
    metadata:
      name: standard
    provisioner: ebs.csi.aws.com
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: data
    spec:
      storageClassName: standard
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
    ```
    """

    id = "storage-class-missing"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "PersistentVolumeClaim names a StorageClass that does not exist"
    targets = frozenset({"PersistentVolumeClaim", "StatefulSet"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.kind == "PersistentVolumeClaim" and resource.ref.group == "":
            yield from self._claim(
                resource, ctx, (), resource.raw, f"PersistentVolumeClaim {resource.name} stays"
            )
        elif resource.kind == "StatefulSet" and resource.ref.group == "apps":
            for path, template in claim_templates(resource):
                name = get(template, ("metadata", "name"))
                what = f'the claims of StatefulSet {resource.name} from template "{name}" stay'
                yield from self._claim(resource, ctx, path, template, what)

    def _claim(
        self, resource: Resource, ctx: AnalysisContext, base: Path, claim: Any, what: str
    ) -> Iterator[Violation]:
        name = requested_class(claim)
        volume_name = get(claim, ("spec", "volumeName"))
        if not name or (isinstance(volume_name, str) and volume_name):
            return
        if find(ctx, "StorageClass", None, name) is not None or is_static_class(ctx, name):
            return
        annotated = isinstance(get(claim, ("metadata", "annotations", BETA_CLASS_ANNOTATION)), str)
        field = (
            ("metadata", "annotations", BETA_CLASS_ANNOTATION) if annotated else ("spec", "storageClassName")
        )
        yield Violation(
            (*base, *field),
            f'storageclass.storage.k8s.io "{name}" not found: {what} Pending',
            downgrade=missing_level(ctx, "StorageClass", None, resource),
        )
