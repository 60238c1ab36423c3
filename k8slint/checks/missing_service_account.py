from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import find, missing_level
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import text


class MissingServiceAccount(PodTemplateRule):
    """
    ## What it finds
    A pod template whose `serviceAccountName` (or the deprecated `serviceAccount`) names a
    ServiceAccount that the set does not have in the pod's namespace. Every namespace has a
    `default` ServiceAccount. A missing object is an error only when the pod's directory
    declares ServiceAccounts in that namespace (or with `--assume-complete`); otherwise a note.

    ## Why it matters
    The ServiceAccount admission plugin rejects the pod: `error looking up service account
    shop/web: serviceaccount "web" not found`; a Deployment stays at zero pods.

    ## How to fix
    Create the ServiceAccount, or fix the name.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: api
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: web
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "missing-service-account"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "Pod runs as a ServiceAccount that does not exist"
    aliases = ("kube-linter:non-existent-service-account",)
    preset = "minimal"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = template.raw_spec
        field = "serviceAccountName" if text(spec, "serviceAccountName") else "serviceAccount"
        name = text(spec, field)
        if not name or name == "default":
            return
        if find(ctx, "ServiceAccount", template.namespace, name) is None:
            yield Violation(
                (*template.spec_path, field),
                f'error looking up service account {template.namespace}/{name}: serviceaccount "{name}" not found',
                downgrade=missing_level(ctx, "ServiceAccount", template.namespace, template.resource),
            )
