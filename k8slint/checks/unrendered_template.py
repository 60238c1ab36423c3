from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class UnrenderedTemplate(SourceRule):
    """
    ## What it finds
    A file with template markup (`{{ ... }}`) that is not valid YAML as it stands: a Helm chart
    template or an envsubst/jinja source.

    ## Why it matters
    The file is not a manifest yet, so k8slint cannot analyze it. This is a note, not an error.

    ## How to fix
    Lint the rendered output instead: `helm template . | k8slint check -`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: {{ .Release.Name }}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: my-release
    ```
    """

    id = "unrendered-template"
    category = Category.HYGIENE
    level = Level.NOTE
    summary = "File holds unrendered template markup"
