from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class UnknownKind(SourceRule):
    """
    ## What it finds
    A kind that a built-in API group does not serve at that version (`kind: Endpoint` in `v1`: did
    you mean `Endpoints`?; `apps/v1 CronJob`: CronJob is served as `batch/v1`), or a custom
    resource version that its CustomResourceDefinition in the set does not serve. Kinds of groups
    that are not built in are custom resources (see `custom-resource-without-schema`).

    ## Why it matters
    kubectl fails with `no matches for kind "Endpoint" in version "v1"`.

    ## How to fix
    Correct the kind or the apiVersion.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: CronJob
    metadata:
      name: nightly
    ```

    ## Use instead
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
              containers:
                - name: job
                  image: busybox:1.36
    ```
    """

    id = "unknown-kind"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Kind is not served at this apiVersion"
