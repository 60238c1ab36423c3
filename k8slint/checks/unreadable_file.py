from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class UnreadableFile(SourceRule):
    """
    ## What it finds
    An input that cannot be read as text: a binary file, text that is not UTF-8 (or UTF-16 with a
    byte-order mark), a file too large to read, a path that does not exist or cannot be opened.

    ## Why it matters
    kubectl cannot apply it either. k8slint reports it and goes on with the rest of the set.

    ## How to fix
    Re-save the file as UTF-8, or exclude non-manifest files from the paths you lint.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
    data:
      greeting: "caf\xe9"
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
    data:
      greeting: "café"
    ```
    """

    id = "unreadable-file"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "File cannot be read as a manifest"
    examples_replayable = False
