from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class InvalidYaml(SourceRule):
    """
    ## What it finds
    A file that is not valid YAML (or JSON): the parser stops at the reported line and column.

    ## Why it matters
    kubectl refuses the whole file, so nothing in it is applied. Documents before the error are
    still analyzed by k8slint; those after it are not.

    ## How to fix
    Fix the syntax at the reported position: usually indentation, a missing `:` or a stray tab.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
     namespace: web
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
      namespace: web
    ```
    """

    id = "invalid-yaml"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "File is not valid YAML"
