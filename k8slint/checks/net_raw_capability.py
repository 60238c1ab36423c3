from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import (
    capabilities,
    capability_index,
    normalize_capability,
    security_context_path,
)
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level


class NetRawCapability(ContainerRule):
    """
    ## What it finds
    A container that keeps `NET_RAW` (container runtimes grant it by default): neither `NET_RAW`
    nor `ALL` is in `capabilities.drop`, or `NET_RAW` is added back. Matching is exact per entry
    (case-insensitive, `CAP_` prefix allowed), unlike checkov's substring match that lets `ALL_FOO`
    pass.

    ## Why it matters
    Raw sockets let a compromised container spoof packets and run ARP or DNS poisoning against its
    neighbours on the node.

    ## How to fix
    Drop `ALL` (or at least `NET_RAW`).

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
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            capabilities:
              drop: [ALL]
    ```
    """

    id = "net-raw-capability"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Container keeps the NET_RAW capability"
    aliases = ("kube-linter:drop-net-raw-capability", "checkov:CKV_K8S_28", "trivy:KSV119")
    preset = "strict"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        added = {normalize_capability(c) for c in capabilities(container, "add")}
        dropped = {normalize_capability(c) for c in capabilities(container, "drop")}
        if "NET_RAW" in added:
            i = capability_index(container, "add", "NET_RAW")
            yield Violation(
                (*container.path, "securityContext", "capabilities", "add", i),
                f'container "{container.name}" adds NET_RAW',
            )
        elif not dropped & {"ALL", "NET_RAW"}:
            yield Violation(
                security_context_path(container),
                f'container "{container.name}" keeps NET_RAW: drop ALL (or NET_RAW)',
            )
