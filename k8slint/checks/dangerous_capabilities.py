from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import (
    DANGEROUS_CAPABILITIES,
    capabilities,
    normalize_capability,
)
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level


class DangerousCapabilities(ContainerRule):
    """
    ## What it finds
    A container that adds a capability that amounts to (near) root on the node: `ALL`, `SYS_ADMIN`,
    `NET_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`, `SYS_RAWIO`, `SYS_BOOT`, `BPF`, `PERFMON`,
    `DAC_READ_SEARCH`, `SYS_TIME`, `MAC_ADMIN`, `MAC_OVERRIDE` (with or without the `CAP_` prefix,
    in any case).

    ## Why it matters
    Each of these opens a known path out of the container (kernel modules, ptrace of host
    processes, raw devices, BPF programs, mount).

    ## How to fix
    Add only what the process needs, usually nothing or `NET_BIND_SERVICE`.

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
              add: [SYS_ADMIN]
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
              add: [NET_BIND_SERVICE]
              drop: [ALL]
    ```
    """

    id = "dangerous-capabilities"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "Container adds a dangerous Linux capability"
    aliases = ("polaris:dangerousCapabilities", "checkov:CKV_K8S_39", "trivy:KSV005")
    preset = "default"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        for i, cap in enumerate(capabilities(container, "add")):
            if normalize_capability(cap) in DANGEROUS_CAPABILITIES:
                path = (*container.path, "securityContext", "capabilities", "add", i)
                yield Violation(path, f'container "{container.name}" adds capability {cap}')
