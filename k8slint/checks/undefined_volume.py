from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import dotted, get, items, text


class UndefinedVolume(PodTemplateRule):
    """
    ## What it finds
    A `volumeMounts` (or `volumeDevices`) entry naming a volume that the pod spec does not declare in
    `volumes` (for a StatefulSet, nor in `volumeClaimTemplates`). Upstream: ValidateVolumeMounts
    (pkg/apis/core/validation).

    ## Why it matters
    The API server rejects the pod: `spec.containers[0].volumeMounts[0].name: Not found: "data"`.
    A renamed volume whose mounts were not updated is the usual cause.

    ## How to fix
    Declare the volume, or correct the mount's name.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          volumeMounts:
            - name: cache
              mountPath: /cache
      volumes:
        - name: tmp
          emptyDir: {}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          volumeMounts:
            - name: cache
              mountPath: /cache
      volumes:
        - name: cache
          emptyDir: {}
    ```
    """

    id = "undefined-volume"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Volume mount names a volume the pod does not declare"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = template.raw_spec
        if not isinstance(spec, dict):
            return
        declared = {text(v, "name") for v in items(spec, "volumes")}
        if template.resource.kind == "StatefulSet":
            # each volumeClaimTemplate becomes a volume of that name in every pod
            claims = get(template.resource.raw, ("spec", "volumeClaimTemplates"))
            declared |= (
                {get(c, ("metadata", "name")) for c in claims if isinstance(c, dict)}
                if isinstance(claims, list)
                else set()
            )
        for group in ("initContainers", "containers", "ephemeralContainers"):
            for i, c in enumerate(items(spec, group)):
                if not isinstance(c, dict):
                    continue
                for field in ("volumeMounts", "volumeDevices"):
                    for j, mount in enumerate(items(c, field)):
                        name = text(mount, "name")
                        if name and name not in declared:
                            path = (*template.spec_path, group, i, field, j, "name")
                            yield Violation(path, f'{dotted(path)}: Not found: "{name}"')
