from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import dotted

ALWAYS_ONLY = {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController"}
JOBS = {"Job", "CronJob"}


class InvalidRestartPolicy(PodTemplateRule):
    """
    ## What it finds
    A pod template whose `restartPolicy` its controller does not allow: Deployments, ReplicaSets,
    StatefulSets, DaemonSets and ReplicationControllers accept only `Always` (the default); Jobs and
    CronJobs accept only `OnFailure` or `Never`, and must say which. Upstream: ValidatePodTemplateSpec
    callers in pkg/apis/apps/validation and pkg/apis/batch/validation.

    ## Why it matters
    The object is rejected: a Job template that leaves `restartPolicy` out gets the pod default,
    `Always`, and `spec.template.spec.restartPolicy: Unsupported value: "Always": supported values:
    "OnFailure", "Never"`.

    ## How to fix
    Set `restartPolicy: OnFailure` (or `Never`) on Job templates; remove it from long-running workloads.

    ## Example
    ```yaml
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: migrate
    spec:
      template:
        spec:
          containers:
            - name: migrate
              image: example/migrate:1.0
    ```

    ## Use instead
    ```yaml
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: migrate
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: migrate
              image: example/migrate:1.0
    ```
    """

    id = "invalid-restart-policy"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Pod template restartPolicy is not allowed by its controller"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        kind, group = template.resource.kind, template.resource.ref.group
        if group not in ("", "apps", "batch") or not isinstance(template.raw_spec, dict):
            return
        policy = template.raw_spec.get("restartPolicy")
        path = (*template.spec_path, "restartPolicy")
        if kind in ALWAYS_ONLY and policy not in (None, "", "Always"):
            yield Violation(
                path, f'{dotted(path)}: Unsupported value: "{policy}": supported values: "Always"'
            )
        elif kind in JOBS:
            if policy in (None, ""):
                yield Violation(
                    template.spec_path,
                    f'{dotted(path)}: Unsupported value: "Always": supported values: "OnFailure", "Never" '
                    "(restartPolicy defaults to Always when it is left out)",
                )
            elif policy not in ("OnFailure", "Never"):
                yield Violation(
                    path,
                    f'{dotted(path)}: Unsupported value: "{policy}": supported values: "OnFailure", "Never"',
                )
