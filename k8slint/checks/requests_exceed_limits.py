from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import dotted


def is_extended(resource: str) -> bool:
    """Extended resources (nvidia.com/gpu, ...) cannot be overcommitted."""
    return (
        "/" in resource
        and not resource.startswith(("kubernetes.io/", "requests."))
        and ".kubernetes.io/" not in resource
    )


class RequestsExceedLimits(ContainerRule):
    """
    ## What it finds
    Container resources the API server rejects: a request larger than the limit of the same
    resource; for extended resources (`nvidia.com/gpu` and other `vendor/name` resources), a request
    without a limit, a request different from its limit, or a fractional quantity. Upstream:
    ValidateResourceRequirements, validateContainerResourceName (pkg/apis/core/validation).

    ## Why it matters
    `spec.containers[0].resources.requests[memory]: Invalid value: "2Gi": must be less than or equal
    to memory limit of 1Gi`: the pod is rejected.

    ## How to fix
    Lower the request or raise the limit; give extended resources equal, whole request and limit.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: {memory: 2Gi}
            limits: {memory: 1Gi}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: {memory: 1Gi}
            limits: {memory: 1Gi}
    ```
    """

    id = "requests-exceed-limits"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Resource request exceeds its limit, or an extended resource is overcommitted"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        resources = container.model.resources
        if resources is None:
            return
        requests, limits = resources.requests or {}, resources.limits or {}
        base = (*container.path, "resources")
        for name, request in requests.items():
            limit = limits.get(name)
            path = (*base, "requests", name)
            where = f"{dotted((*base, 'requests'))}[{name}]"
            if is_extended(name):
                if request.value.denominator != 1:
                    yield Violation(path, f'{where}: Invalid value: "{request}": must be an integer')
                elif limit is None:
                    yield Violation(
                        path,
                        f"{dotted((*base, 'limits'))}: Required value: Limit must be set for non overcommitable resources",
                    )
                elif limit != request:
                    yield Violation(
                        path, f'{where}: Invalid value: "{request}": must be equal to {name} limit of {limit}'
                    )
            elif limit is not None and request > limit:
                yield Violation(
                    path,
                    f'{where}: Invalid value: "{request}": must be less than or equal to {name} limit of {limit}',
                )
