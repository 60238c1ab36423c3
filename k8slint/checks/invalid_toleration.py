from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import dotted


class InvalidToleration(PodTemplateRule):
    """
    ## What it finds
    Tolerations the API server rejects: `tolerationSeconds` with an effect other than `NoExecute`;
    a `value` with `operator: Exists`; an empty `key` with `operator: Equal` (the default).
    Upstream: ValidateTolerations (pkg/apis/core/validation).

    ## Why it matters
    The pod is rejected: `spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be
    'NoExecute' when `tolerationSeconds` is set`.

    ## How to fix
    Drop `tolerationSeconds` (it only means something for NoExecute), or drop the value with Exists.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      tolerations:
        - key: dedicated
          operator: Exists
          value: gpu
          effect: NoSchedule
      containers: [{name: web, image: "nginx:1.27"}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      tolerations:
        - key: dedicated
          operator: Equal
          value: gpu
          effect: NoSchedule
      containers: [{name: web, image: "nginx:1.27"}]
    ```
    """

    id = "invalid-toleration"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Toleration combines fields the API does not allow together"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = template.raw_spec
        tolerations = spec.get("tolerations") if isinstance(spec, dict) else None
        for i, t in enumerate(tolerations if isinstance(tolerations, list) else []):
            if not isinstance(t, dict):
                continue
            base = (*template.spec_path, "tolerations", i)
            operator = t.get("operator") or "Equal"
            effect = t.get("effect") or ""
            if t.get("tolerationSeconds") is not None and effect != "NoExecute":
                yield Violation(
                    (*base, "effect") if "effect" in t else base,
                    f"{dotted((*base, 'effect'))}: Invalid value: \"{effect}\": effect must be 'NoExecute' when `tolerationSeconds` is set",
                )
            if operator == "Exists" and t.get("value"):
                yield Violation(
                    (*base, "operator"),
                    f"{dotted((*base, 'operator'))}: Invalid value: \"{t.get('value')}\": value must be empty when `operator` is 'Exists'",
                )
            if operator == "Equal" and not t.get("key"):
                yield Violation(
                    (*base, "operator") if "operator" in t else base,
                    f'{dotted((*base, "operator"))}: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
                )
