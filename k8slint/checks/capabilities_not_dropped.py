from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import (
    capabilities,
    normalize_capability,
    security_context_path,
)
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level


class CapabilitiesNotDropped(ContainerRule):
    """
    ## What it finds
    A container whose `capabilities.drop` does not contain `ALL` (exact match per entry,
    case-insensitive).

    ## Why it matters
    Containers start with about fourteen capabilities by default; most processes need none of them.
    Pod Security Standards' restricted profile requires dropping ALL.

    ## How to fix
    `capabilities: {drop: [ALL]}`, then add back only what is needed (`NET_BIND_SERVICE`).

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
          securityContext:
            capabilities:
              drop: [NET_RAW]
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
          securityContext:
            capabilities:
              drop: [ALL]
    ```
    """

    id = "capabilities-not-dropped"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Container does not drop ALL capabilities"
    aliases = ("checkov:CKV_K8S_37", "trivy:KSV003", "polaris:insecureCapabilities")
    preset = "strict"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        if "ALL" not in {normalize_capability(c) for c in capabilities(container, "drop")}:
            yield Violation(
                security_context_path(container),
                f'container "{container.name}" does not drop ALL capabilities',
            )
