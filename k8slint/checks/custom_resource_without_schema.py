from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class CustomResourceWithoutSchema(SourceRule):
    """
    ## What it finds
    A custom resource (a kind of a group that is not built into Kubernetes) whose
    CustomResourceDefinition is neither in the set nor given with `--crds`: it cannot be validated.
    When the CRD is available, the custom resource is validated against the served version's
    `openAPIV3Schema`, like a built-in object.

    ## Why it matters
    A note, so that a clean report does not hide that these objects were not checked. Raise it to an
    error with `rules: {custom-resource-without-schema: {level: error}}` to require schemas.

    ## How to fix
    Add the CRD to the linted set, or pass it with `--crds path/to/crds`.

    ## Example
    ```yaml
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata:
      name: web
    spec:
      endpoints:
        - port: http
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: web
    ```
    """

    id = "custom-resource-without-schema"
    category = Category.VALIDITY
    level = Level.NOTE
    summary = "Custom resource has no CRD in the set to validate it against"
