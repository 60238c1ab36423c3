from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import text


class MissingRuntimeClass(PodTemplateRule):
    """
    ## What it finds
    A pod template whose `runtimeClassName` names a RuntimeClass that the set does not declare.
    An error only when the pod's directory declares RuntimeClasses (or with `--assume-complete`);
    otherwise a note (RuntimeClasses such as `nvidia` or `gvisor` usually come with the node
    setup).

    ## Why it matters
    The RuntimeClass admission plugin rejects the pod:
    `pod rejected: RuntimeClass "kata" not found`. No pod is created; a Deployment reports the
    error only as a `FailedCreate` event of its ReplicaSet.

    ## How to fix
    Create the RuntimeClass (and configure its handler on the nodes), or fix the name.

    ## Example
    ```yaml
    apiVersion: node.k8s.io/v1
    kind: RuntimeClass
    metadata:
      name: gvisor
    handler: runsc
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: sandboxed
    spec:
      runtimeClassName: gvisr
      containers:
        - name: app
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: node.k8s.io/v1
    kind: RuntimeClass
    metadata:
      name: gvisor
    handler: runsc
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: sandboxed
    spec:
      runtimeClassName: gvisor
      containers:
        - name: app
          image: nginx:1.27
    ```
    """

    id = "missing-runtime-class"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Pod names a RuntimeClass that does not exist"
    preset = "minimal"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        name = text(template.raw_spec, "runtimeClassName")
        if not name or find(ctx, "RuntimeClass", None, name) is not None:
            return
        yield Violation(
            (*template.spec_path, "runtimeClassName"),
            f'pod rejected: RuntimeClass "{name}" not found',
            downgrade=missing_level(ctx, "RuntimeClass", None, template.resource),
        )
