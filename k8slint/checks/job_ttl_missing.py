from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class JobTtlMissing(ResourceRule):
    """
    ## What it finds
    A standalone Job (not created by a CronJob) without `spec.ttlSecondsAfterFinished`.

    ## Why it matters
    Finished Jobs and their pods stay in the cluster forever, and re-applying the manifest fails
    because the Job's pod template is immutable.

    ## How to fix
    Set `ttlSecondsAfterFinished` (for example 86400).

    ## Example
    ```yaml
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: migrate
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: migrate, image: "example/migrate:1"}]
    ```

    ## Use instead
    ```yaml
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: migrate
    spec:
      ttlSecondsAfterFinished: 86400
      template:
        spec:
          restartPolicy: Never
          containers: [{name: migrate, image: "example/migrate:1"}]
    ```
    """

    id = "job-ttl-missing"
    category = Category.HYGIENE
    level = Level.NOTE
    summary = "Job is never cleaned up after it finishes"
    aliases = ("kube-linter:job-ttl-seconds-after-finished",)
    targets = frozenset({"Job"})
    preset = "strict"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group == "batch" and get(resource.raw, ("spec", "ttlSecondsAfterFinished")) is None:
            yield Violation(
                ("spec",), f"Job {resource.name} sets no ttlSecondsAfterFinished: it stays after it finishes"
            )
