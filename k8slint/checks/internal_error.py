from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class InternalError(SourceRule):
    """
    ## What it finds
    A rule that failed with an unexpected exception on an object. The other rules still ran.

    ## Why it matters
    That rule's verdict on that object is missing. Please report it with the object.

    ## How to fix
    Nothing in the manifest necessarily; report the message to the k8slint maintainers.

    ## Example
    ```yaml
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
    ```
    """

    id = "internal-error"
    category = Category.HYGIENE
    level = Level.NOTE
    summary = "A rule failed on this object"
    examples_replayable = False
