from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.validity.limit_range import validation_errors


class InvalidLimitRange(ResourceRule):
    """
    ## What it finds
    LimitRange objects the API server rejects (upstream `ValidateLimitRange`, run after the
    object's defaulting: on a `Container` item a missing `default` is `max`, a missing
    `defaultRequest` is `default`, then `min`): `min` above `max`; `default` above `max` or below
    `min`; `defaultRequest` above `default`, above `max` or below `min`; `maxLimitRequestRatio`
    below 1 or above `max`/`min`; `default` or `defaultRequest` on a `type: Pod` item; a
    `type: PersistentVolumeClaim` item with neither `min` nor `max` storage; two items of one type;
    `default` different from `defaultRequest` for a resource that cannot be overcommitted
    (hugepages, extended resources such as `nvidia.com/gpu`).

    Messages are the API server's own (`spec.limits[0].default[cpu]: Invalid value: "1": default
    value 2 is greater than max value 1`), with one difference: the API server prints the invalid
    value as a Go structure (`resource.Quantity{i:resource.int64Amount{...}, ...}`); k8slint prints
    the quantity. The value is the one upstream reports, which is not always the field's own
    (`default above max` reports the max). An error on a defaulted field points at its item.

    ## Why it matters
    `kubectl apply` fails with `LimitRange "limits" is invalid`, and the namespace gets none of
    the intended defaults or bounds.

    ## How to fix
    Keep `min <= defaultRequest <= default <= max` for every resource, and remember that a
    missing `default` is `max`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: LimitRange
    metadata:
      name: limits
    spec:
      limits:
        - type: Container
          max: {cpu: "1"}
          default: {cpu: "2"}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: LimitRange
    metadata:
      name: limits
    spec:
      limits:
        - type: Container
          max: {cpu: "2"}
          default: {cpu: "1"}
    ```
    """

    id = "invalid-limit-range"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "LimitRange is rejected by API validation"
    targets = frozenset({"LimitRange"})

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group == "":
            yield from validation_errors(resource)
