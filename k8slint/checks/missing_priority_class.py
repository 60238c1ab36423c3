from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import BUILTIN_PRIORITY_CLASSES, find, missing_level
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import text


class MissingPriorityClass(PodTemplateRule):
    """
    ## What it finds
    A pod template whose `priorityClassName` names a PriorityClass that the set does not declare
    (the built-in `system-cluster-critical` and `system-node-critical` always exist). An error only
    when the pod's directory declares PriorityClasses (or with `--assume-complete`); otherwise a note.

    ## Why it matters
    The Priority admission plugin rejects the pod: `no PriorityClass with name high was found`.

    ## How to fix
    Create the PriorityClass, or fix the name.

    ## Example
    ```yaml
    apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata:
      name: low
    value: 100
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      priorityClassName: high
      containers:
        - name: web
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata:
      name: high
    value: 1000
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      priorityClassName: high
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "missing-priority-class"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Pod names a PriorityClass that does not exist"
    preset = "minimal"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        name = text(template.raw_spec, "priorityClassName")
        if not name or name in BUILTIN_PRIORITY_CLASSES:
            return
        if find(ctx, "PriorityClass", None, name) is None:
            yield Violation(
                (*template.spec_path, "priorityClassName"),
                f"no PriorityClass with name {name} was found",
                downgrade=missing_level(ctx, "PriorityClass", None, template.resource),
            )
