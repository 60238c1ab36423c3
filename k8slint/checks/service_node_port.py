from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items


class ServiceNodePort(ResourceRule):
    """
    ## What it finds
    A Service of `type: NodePort`, or with `externalIPs`.

    ## Why it matters
    A NodePort opens the port on every node of the cluster, outside any load balancer or Ingress
    policy; `externalIPs` lets a Service claim traffic for arbitrary addresses (CVE-2020-8554).

    ## How to fix
    Use a ClusterIP Service behind an Ingress, or a LoadBalancer.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      type: NodePort
      selector: {app: web}
      ports: [{port: 80}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports: [{port: 80}]
    ```
    """

    id = "service-node-port"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Service opens a port on every node or claims external IPs"
    aliases = ("kube-score:service-type", "kube-linter:exposed-services", "trivy:KSV108")
    targets = frozenset({"Service"})
    preset = "strict"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if get(resource.raw, ("spec", "type")) == "NodePort":
            yield Violation(
                ("spec", "type"), f"Service {resource.name} is a NodePort: the port is open on every node"
            )
        if items(get(resource.raw, ("spec",)), "externalIPs"):
            yield Violation(("spec", "externalIPs"), f"Service {resource.name} sets externalIPs")
