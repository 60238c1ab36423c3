from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level


class RequiredMetadataMissing(PodTemplateRule):
    """
    ## What it finds
    A workload (or bare Pod) without one of the labels or annotations the configuration requires:
    `required-labels: [owner, app.kubernetes.io/name]` and `required-annotations: [...]` in
    `.k8slint.yaml`. The object's own metadata is checked (not the pod template's). Nothing is
    required by default, so the rule is silent until configured.

    ## Why it matters
    Ownership and cost-allocation labels are how a platform team finds who runs what.

    ## How to fix
    Add the missing labels or annotations to `metadata`.

    ## Options
    None: the required keys are the settings `required-labels` and `required-annotations`.

    ## Example
    ```yaml
    # with required-labels: [owner] in the configuration
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      labels:
        owner: team-shop
    spec:
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "required-metadata-missing"
    category = Category.HYGIENE
    level = Level.WARNING
    summary = "Workload lacks a required label or annotation"
    aliases = ("kube-linter:required-label-owner", "kube-linter:required-annotation-email")
    examples_replayable = False  # the examples need the setting; fixtures cover the rule
    preset = "default"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        resource = template.resource
        for field, wanted, have in (
            ("labels", ctx.settings.required_labels, resource.labels),
            ("annotations", ctx.settings.required_annotations, resource.annotations),
        ):
            missing = [k for k in wanted if k not in have]
            if missing:
                names = ", ".join(f'"{k}"' for k in missing)
                noun = field[:-1] if len(missing) == 1 else field
                yield Violation(
                    ("metadata", field), f"{resource.kind} {resource.name} lacks the required {noun} {names}"
                )
