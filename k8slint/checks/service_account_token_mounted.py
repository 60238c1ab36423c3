from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.graph import EdgeKind
from k8slint.parse.sourcemap import get


class ServiceAccountTokenMounted(PodTemplateRule):
    """
    ## What it finds
    A pod that gets an API token mounted automatically: neither the pod spec nor its
    ServiceAccount (when that ServiceAccount is in the set) sets `automountServiceAccountToken:
    false`. The pod's setting wins over the ServiceAccount's, as in the kubelet; a ServiceAccount
    that is not in the set counts as not disabling it (Polaris's semantics, unlike checkov's,
    which reads the pod only).

    ## Why it matters
    Most applications never call the API server, but a compromised one can use the token with
    every permission its ServiceAccount has.

    ## How to fix
    Set `automountServiceAccountToken: false` on the pod or its ServiceAccount; mount a projected
    token explicitly where one is needed.

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
      automountServiceAccountToken: false
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "service-account-token-mounted"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Pod mounts an API token it may not need"
    aliases = ("polaris:automountServiceAccountToken", "checkov:CKV_K8S_38", "trivy:KSV036")
    preset = "strict"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        pod = get(template.raw_spec, ("automountServiceAccountToken",))
        if pod is False:
            return
        if pod is None:
            for edge in ctx.graph.out_edges(template.resource.ref, EdgeKind.RUNS_AS):
                sa = ctx.graph.resource(edge.target)
                if sa is not None and get(sa.raw, ("automountServiceAccountToken",)) is False:
                    return
        where = (*template.spec_path, "automountServiceAccountToken") if pod is True else template.spec_path
        yield Violation(
            where,
            "the pod gets a service account token mounted: set automountServiceAccountToken: false unless it calls the API",
        )
