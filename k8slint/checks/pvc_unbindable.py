from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import declares, find
from k8slint.analysis.storage import (
    NO_PROVISIONER,
    bound_to_claim,
    default_class,
    mismatch,
    persistent_volumes,
    requested_class,
    volume_class,
)
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, text

# the VolumeBinding scheduler plugin's reason when no volume fits a WaitForFirstConsumer claim
SCHEDULER_REASON = "node(s) didn't find available persistent volumes to bind"


class PvcUnbindable(ResourceRule):
    """
    ## What it finds
    A PersistentVolumeClaim that no PersistentVolume of the set can bind and no StorageClass of
    the set provisions. A volume binds a claim when, as the volume controller checks: it is not
    reserved for another claim (`spec.claimRef`); its capacity is at least the request; its
    `volumeMode` is the claim's (default `Filesystem`); it offers every requested access mode; its
    labels match the claim's `selector`; and its class is the claim's (`storageClassName: ""`
    and a volume without class match; a claim without `storageClassName` gets the default
    StorageClass, `storageclass.kubernetes.io/is-default-class: "true"`, else no class). A claim
    with `spec.volumeName` binds only that volume (its selector aside), and is reported on that
    field when the volume is in the set and does not fit. A StorageClass of the claim's class
    provisions unless its provisioner is `kubernetes.io/no-provisioner`, or the claim has a
    `selector` (provisioners refuse it: `claim Selector is not supported`).

    Reported only when the claim's directory declares PersistentVolumes (elsewhere the cluster
    provisions volumes), and only when the claim can only bind statically: to a volume of its
    class, through a StorageClass of the set that cannot provision it, with
    `storageClassName: ""`, or with `spec.volumeName`.

    ## Why it matters
    The claim stays `Pending` (`no persistent volumes available for this claim and no storage
    class is set`), and so does every pod that mounts it. With a `WaitForFirstConsumer`
    StorageClass the claim waits for its first pod, whose scheduling then fails with
    `node(s) didn't find available persistent volumes to bind`.

    ## How to fix
    Make a PersistentVolume fit the claim (capacity, access modes, class, labels), or give the
    claim a StorageClass that provisions volumes.

    ## Example
    ```yaml
    apiVersion: v1
    kind: PersistentVolume
    metadata:
      name: nfs
    spec:
      capacity: {storage: 1Gi}
      accessModes: [ReadWriteMany]
      storageClassName: ""
      nfs: {server: nfs.example.com, path: /exports}
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: shared
    spec:
      storageClassName: ""
      accessModes: [ReadWriteMany]
      resources: {requests: {storage: 5Gi}}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: PersistentVolume
    metadata:
      name: nfs
    spec:
      capacity: {storage: 5Gi}
      accessModes: [ReadWriteMany]
      storageClassName: ""
      nfs: {server: nfs.example.com, path: /exports}
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: shared
    spec:
      storageClassName: ""
      accessModes: [ReadWriteMany]
      resources: {requests: {storage: 5Gi}}
    ```
    """

    id = "pvc-unbindable"
    category = Category.REFERENCES
    level = Level.WARNING
    summary = "PersistentVolumeClaim can never bind: no volume fits and none is provisioned"
    targets = frozenset({"PersistentVolumeClaim"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "" or not isinstance(get(resource.raw, ("spec",)), dict):
            return
        if not declares(ctx, "PersistentVolume", None, resource):
            return
        requested = requested_class(resource.raw)
        default = default_class(ctx) if requested is None else None
        effective = default.name if default is not None else (requested or "")
        volume_name = text(resource.raw["spec"], "volumeName")
        if volume_name:
            # the controller binds only the named volume, and provisions nothing for such a claim
            named = find(ctx, "PersistentVolume", None, volume_name)
            why = mismatch(resource, named, effective, by_name=True) if named is not None else None
            if named is not None and why not in (None, "?"):
                yield Violation(
                    ("spec", "volumeName"),
                    f"PersistentVolume {volume_name}, named in spec.volumeName, cannot bind PersistentVolumeClaim "
                    f"{resource.name}: {why}; the claim stays Pending",
                    related=(RelatedRef(named, ("spec",), f"PersistentVolume {volume_name}"),),
                )
            return
        storage_class = find(ctx, "StorageClass", None, effective) if effective else None
        provisioner = get(storage_class.raw, ("provisioner",)) if storage_class is not None else None
        provisions = isinstance(provisioner, str) and provisioner != NO_PROVISIONER
        selector = get(resource.raw, ("spec", "selector")) is not None
        if provisions and not selector:
            return  # dynamically provisioned
        candidates = [
            pv
            for pv in persistent_volumes(ctx)
            if volume_class(pv.raw) == effective or bound_to_claim(pv, resource)
        ]
        if not candidates and storage_class is None and requested != "":
            return  # the set offers no static binding for this class
        reasons = []
        for pv in candidates:
            why = mismatch(resource, pv, effective)
            if why is None or why == "?":
                return
            reasons.append((pv, why))
        cls = f'class "{effective}"' if effective else "no class"
        if reasons:
            shown = "; ".join(f"{pv.name}: {why}" for pv, why in reasons[:3])
            more = f" and {len(reasons) - 3} more" if len(reasons) > 3 else ""
            message = f"no PersistentVolume of the set can bind PersistentVolumeClaim {resource.name} ({shown}{more})"
        else:
            message = f"no PersistentVolume of the set has {cls} for PersistentVolumeClaim {resource.name}"
        if storage_class is not None and provisions:
            message += (
                f'; StorageClass {storage_class.name} cannot provision it ("claim Selector is not supported"): '
                "the claim stays Pending"
            )
        elif (
            storage_class is not None
            and get(storage_class.raw, ("volumeBindingMode",)) == "WaitForFirstConsumer"
        ):
            message += (
                f"; StorageClass {storage_class.name} provisions nothing and binds on WaitForFirstConsumer: "
                f'the claim waits for its first pod, which then stays Pending with "{SCHEDULER_REASON}"'
            )
        elif storage_class is not None:
            message += f"; StorageClass {storage_class.name} provisions nothing: the claim stays Pending"
        else:
            message += ", and no StorageClass provisions it: the claim stays Pending"
            if requested is None:
                message += " (in a cluster with a default StorageClass it gets a new volume instead)"
        related = tuple(
            RelatedRef(pv, ("spec",), f"PersistentVolume {pv.name}: {why}") for pv, why in reasons[:3]
        )
        yield Violation(("spec",), message, related=related)
