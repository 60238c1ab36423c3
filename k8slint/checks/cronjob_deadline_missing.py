from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class CronjobDeadlineMissing(ResourceRule):
    """
    ## What it finds
    A CronJob without `spec.startingDeadlineSeconds`.

    ## Why it matters
    After the controller was down, or runs were skipped by `concurrencyPolicy: Forbid`, a CronJob
    without a deadline that missed more than 100 schedules stops being scheduled at all ("Cannot
    determine if job needs to be started: too many missed start time").

    ## How to fix
    Set `startingDeadlineSeconds` to how late a run may still start (for example 300).

    ## Example
    ```yaml
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: nightly
    spec:
      schedule: "0 3 * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers: [{name: job, image: "busybox:1.36"}]
    ```

    ## Use instead
    ```yaml
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: nightly
    spec:
      schedule: "0 3 * * *"
      startingDeadlineSeconds: 300
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers: [{name: job, image: "busybox:1.36"}]
    ```
    """

    id = "cronjob-deadline-missing"
    category = Category.RELIABILITY
    level = Level.NOTE
    summary = "CronJob has no starting deadline"
    aliases = ("kube-score:cronjob-has-deadline",)
    targets = frozenset({"CronJob"})
    preset = "strict"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group == "batch" and get(resource.raw, ("spec", "startingDeadlineSeconds")) is None:
            yield Violation(("spec",), f"CronJob {resource.name} sets no startingDeadlineSeconds")
