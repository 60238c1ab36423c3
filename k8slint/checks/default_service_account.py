from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


class DefaultServiceAccount(PodTemplateRule):
    """
    ## What it finds
    A pod that runs as its namespace's `default` ServiceAccount (no `serviceAccountName`, or
    `default`) and does not disable token automounting.

    ## Why it matters
    Every workload of the namespace shares that identity: a RoleBinding granted to one is granted
    to all, and audit logs cannot tell them apart.

    ## How to fix
    Give the workload its own ServiceAccount, or disable automounting.

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
    ```

    ## Use instead
    ```yaml
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

    id = "default-service-account"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Pod runs as the namespace's default service account"
    aliases = ("kube-linter:default-service-account", "checkov:CKV_K8S_41")
    preset = "strict"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = template.raw_spec
        name = get(spec, ("serviceAccountName",)) or get(spec, ("serviceAccount",)) or "default"
        if name == "default" and get(spec, ("automountServiceAccountToken",)) is not False:
            where = (
                (*template.spec_path, "serviceAccountName")
                if get(spec, ("serviceAccountName",))
                else template.spec_path
            )
            yield Violation(where, "the pod runs as the default service account with its token mounted")
