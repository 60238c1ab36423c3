from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


class TerminationGracePeriodZero(PodTemplateRule):
    """
    ## What it finds
    A pod spec with `terminationGracePeriodSeconds: 0`.

    ## Why it matters
    The kubelet kills the containers immediately (SIGKILL) without SIGTERM: in-flight requests
    fail, and for StatefulSets the API server may consider the pod gone while its process still
    writes, so two pods with one identity can run at once.

    ## How to fix
    Leave the default (30 s) or a value long enough for a clean shutdown.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      terminationGracePeriodSeconds: 0
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
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "termination-grace-period-zero"
    category = Category.RELIABILITY
    level = Level.WARNING
    summary = "Pod is killed without a graceful shutdown"
    preset = "default"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        if get(template.raw_spec, ("terminationGracePeriodSeconds",)) == 0:
            yield Violation(
                (*template.spec_path, "terminationGracePeriodSeconds"),
                "terminationGracePeriodSeconds: 0 kills the containers without SIGTERM",
            )
