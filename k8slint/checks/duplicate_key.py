from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class DuplicateKey(SourceRule):
    """
    ## What it finds
    A mapping that defines the same key twice. The finding is at the second occurrence.

    ## Why it matters
    kubectl refuses a manifest with a duplicate key (the YAML decoder reports that the mapping key
    is already defined); tools that do accept it keep only one of the two values, silently.

    ## How to fix
    Delete one of the keys, or merge their contents.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector:
        app: web
      selector:
        app: api
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector:
        app: web
    ```
    """

    id = "duplicate-key"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Mapping key defined twice"
    aliases = ("yamllint:key-duplicates",)
