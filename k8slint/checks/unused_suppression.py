from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class UnusedSuppression(SourceRule):
    """
    ## What it finds
    A k8slint suppression that suppressed nothing: a `# k8slint: ignore[...]` comment, a
    `k8slint.io/ignore` annotation or a config entry naming a rule that ran and found nothing there,
    a name that is not a rule, or an `ignore-file` comment outside the comment block at the top of
    the file. Rules that were not selected in the run are not reported. Peers' annotations
    (kube-linter, Polaris, kube-score) are honored but never reported as unused.

    ## Why it matters
    Stale suppressions hide the next real problem on that line or object, and mislead readers.

    ## How to fix
    Delete the suppression, or correct the rule id it names.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
      annotations:
        k8slint.io/ignore: privileged-container
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
    ```
    """

    id = "unused-suppression"
    category = Category.HYGIENE
    level = Level.NOTE
    summary = "Suppression matches no finding"
    aliases = ("ruff:RUF100",)
