from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class InvalidDocument(SourceRule):
    """
    ## What it finds
    A YAML document that cannot be a Kubernetes object: a scalar or a list at the top level, an
    object without `apiVersion` or `kind`, a non-scalar mapping key, nesting too deep to read, or
    aliases that expand beyond any sane size.

    ## Why it matters
    kubectl rejects the document (`apiVersion not set`, `kind not set`, ...).

    ## How to fix
    Give each document `apiVersion`, `kind` and `metadata`; put lists of objects in a `kind: List`
    or in separate documents separated by `---`.

    ## Example
    ```yaml
    kind: ConfigMap
    metadata:
      name: app
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
    ```
    """

    id = "invalid-document"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Document is not a Kubernetes object"
