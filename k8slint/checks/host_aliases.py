from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items


class HostAliases(PodTemplateRule):
    """
    ## What it finds
    A pod spec with `hostAliases` (entries written into the containers' /etc/hosts).

    ## Why it matters
    Hard-coded addresses bypass DNS and Services: they go stale silently when the target moves,
    and they can redirect well-known names.

    ## How to fix
    Use a Service (an ExternalName or a selector-less Service with Endpoints) or fix DNS.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      hostAliases:
        - ip: 10.0.0.5
          hostnames: [db.internal]
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

    id = "host-aliases"
    category = Category.HYGIENE
    level = Level.NOTE
    summary = "Pod hard-codes host addresses in /etc/hosts"
    preset = "strict"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        if items(template.raw_spec, "hostAliases") and get(template.raw_spec, ("hostAliases",)):
            yield Violation(
                (*template.spec_path, "hostAliases"), "hostAliases hard-code addresses into /etc/hosts"
            )
