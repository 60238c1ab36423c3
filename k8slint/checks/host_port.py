from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items


class HostPort(ContainerRule):
    """
    ## What it finds
    A container port with a `hostPort` (other than 0).

    ## Why it matters
    The pod binds a port on the node's own address: it bypasses NetworkPolicies on some network
    plugins, limits scheduling to one such pod per node, and is forbidden from the Pod Security
    Standards baseline level unless on an allowed list.

    ## How to fix
    Expose the pod through a Service (NodePort or LoadBalancer if it must be reachable from outside).

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
          ports:
            - containerPort: 80
              hostPort: 8080
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
          ports:
            - containerPort: 80
    ```
    """

    id = "host-port"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "Container binds a port on the host"
    aliases = ("polaris:hostPortSet", "checkov:CKV_K8S_26", "trivy:KSV024")
    preset = "default"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        raw = get(container.resource.raw, container.path)
        for j, port in enumerate(items(raw, "ports")):
            host = get(port, ("hostPort",))
            if isinstance(host, int) and not isinstance(host, bool) and host != 0:
                yield Violation(
                    (*container.path, "ports", j, "hostPort"),
                    f'container "{container.name}" binds host port {host}',
                )
