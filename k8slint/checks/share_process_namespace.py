from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


class ShareProcessNamespace(PodTemplateRule):
    """
    ## What it finds
    A pod spec with `shareProcessNamespace: true`.

    ## Why it matters
    Every container of the pod sees, signals and can read the memory and /proc/<pid>/root of the
    others: a compromised sidecar reaches the application's secrets.

    ## How to fix
    Remove it unless a debugging or sidecar pattern needs it.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      shareProcessNamespace: true
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
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "share-process-namespace"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Pod containers share one process namespace"
    preset = "default"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        if get(template.raw_spec, ("shareProcessNamespace",)) is True:
            yield Violation(
                (*template.spec_path, "shareProcessNamespace"),
                "shareProcessNamespace: true lets every container see and signal the others' processes",
            )
