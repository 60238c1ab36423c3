from collections.abc import Iterator
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, dotted, get
from k8slint.validity import names

TOTAL_ANNOTATION_LIMIT = 256 * 1024
_TEMPLATES: tuple[Path, ...] = (
    ("spec", "template", "metadata"),
    ("spec", "jobTemplate", "spec", "template", "metadata"),
)
_SELECTORS: tuple[Path, ...] = (("spec", "selector", "matchLabels"),)


class InvalidLabel(ResourceRule):
    """
    ## What it finds
    Label keys and values, and annotation keys, that the API server rejects (on the object, on its
    pod template and in `spec.selector.matchLabels`), and annotations larger than 256 KiB in total.
    Keys are qualified names (an optional DNS subdomain prefix and `/`, then at most 63 characters
    of alphanumerics, `-`, `_`, `.`); values at most 63 such characters. Upstream:
    ValidateLabels, ValidateAnnotations (k8s.io/apimachinery/pkg/api/validation).

    ## Why it matters
    `metadata.labels: Invalid value: "release/v1.2": ...`: the object is rejected. A value longer
    than 63 characters (a commit message, a URL) is a common surprise.

    ## How to fix
    Shorten or sanitize the value; put long text in an annotation instead.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
      labels:
        version: v1.2.3+build.7
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
      labels:
        version: v1.2.3-build.7
    ```
    """

    id = "invalid-label"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Label or annotation is not valid"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        raw = resource.raw
        for meta in (("metadata",), *_TEMPLATES):
            labels = get(raw, (*meta, "labels"))
            yield from self._labels(labels, (*meta, "labels"))
            annotations = get(raw, (*meta, "annotations"))
            if isinstance(annotations, dict):
                total = 0
                for key, value in annotations.items():
                    errors = names.qualified_name(key)
                    path = (*meta, "annotations", key)
                    if errors:
                        yield Violation(
                            path,
                            f'{dotted((*meta, "annotations"))}: Invalid value: "{key}": {"; ".join(errors)}',
                        )
                    total += len(key) + (len(value) if isinstance(value, str) else 0)
                if total > TOTAL_ANNOTATION_LIMIT:
                    path = (*meta, "annotations")
                    yield Violation(
                        path, f"{dotted(path)}: Too long: must have at most {TOTAL_ANNOTATION_LIMIT} bytes"
                    )
        for sel in _SELECTORS:
            yield from self._labels(get(raw, sel), sel)

    def _labels(self, labels: Any, base: Path) -> Iterator[Violation]:
        if not isinstance(labels, dict):
            return
        for key, value in labels.items():
            path = (*base, key)
            errors = names.qualified_name(key)
            if errors:
                yield Violation(path, f'{dotted(base)}: Invalid value: "{key}": {"; ".join(errors)}')
            if isinstance(value, str) and (value_errors := names.label_value(value)):
                yield Violation(path, f'{dotted(base)}: Invalid value: "{value}": {"; ".join(value_errors)}')
