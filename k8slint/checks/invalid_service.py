from collections.abc import Iterator

from pydantic import Field

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, RuleOptions, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get, items, text
from k8slint.validity import names


class ServiceOptions(RuleOptions):
    node_port_range: str = Field(
        "30000-32767", alias="node-port-range", description="The cluster's --service-node-port-range."
    )


class InvalidService(ResourceRule):
    """
    ## What it finds
    Services the API server rejects: no `ports` (except headless and ExternalName Services); several
    ports without a `name` each; duplicate port names or port/protocol pairs; port names that are
    not DNS-1123 labels; ports outside 1-65535; `clusterIP: None` on a NodePort or LoadBalancer
    Service; an ExternalName Service without `externalName`; a `nodePort` on a ClusterIP Service or
    outside the cluster's node port range (default 30000-32767); a `targetPort` that is neither a
    number in 1-65535 nor a valid port name (at most 15 characters of a-z, 0-9 and `-`, with at
    least one letter: a quoted number such as `"8080"` is a name). Upstream: ValidateService
    (pkg/apis/core/validation) and the node port allocator.

    ## Why it matters
    `spec.ports[1].name: Required value`: the Service is rejected.

    ## How to fix
    Name every port when there are several; keep `nodePort` inside the range or leave it out.

    ## Options
    - `node-port-range` (string, default `30000-32767`): the cluster's `--service-node-port-range`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports:
        - port: 80
        - port: 443
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports:
        - name: http
          port: 80
        - name: https
          port: 443
    ```
    """

    id = "invalid-service"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Service spec is rejected by API validation"
    aliases = ("kube-linter:invalid-target-ports",)
    targets = frozenset({"Service"})
    Options = ServiceOptions

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = get(resource.raw, ("spec",))
        if resource.ref.group != "" or not isinstance(spec, dict):
            return
        assert isinstance(self.options, ServiceOptions)
        low, _, high = self.options.node_port_range.partition("-")
        svc_type = spec.get("type") or "ClusterIP"
        headless = spec.get("clusterIP") == "None"
        ports = items(spec, "ports")
        if svc_type == "ExternalName":
            if not spec.get("externalName"):
                yield Violation(("spec",), "spec.externalName: Required value")
        elif not ports and not headless:
            yield Violation(("spec",), "spec.ports: Required value")
        if headless and svc_type in ("NodePort", "LoadBalancer"):
            yield Violation(
                ("spec", "clusterIP"),
                f"spec.clusterIP: Invalid value: \"None\": may not be set to 'None' for {svc_type} services",
            )
        names_seen: set[str] = set()
        pairs: set[tuple[object, object]] = set()
        for i, port in enumerate(ports):
            if not isinstance(port, dict):
                continue
            base = ("spec", "ports", i)
            name = text(port, "name")
            if len(ports) > 1 and not name:
                yield Violation(base, f"spec.ports[{i}].name: Required value")
            if isinstance(name, str) and name:
                if name in names_seen:
                    yield Violation((*base, "name"), f'spec.ports[{i}].name: Duplicate value: "{name}"')
                names_seen.add(name)
                if errors := names.dns1123_label(name):
                    yield Violation(
                        (*base, "name"), f'spec.ports[{i}].name: Invalid value: "{name}": {"; ".join(errors)}'
                    )
            number = port.get("port")
            if isinstance(number, int) and not isinstance(number, bool):
                if not 1 <= number <= 65535:
                    yield Violation(
                        (*base, "port"),
                        f"spec.ports[{i}].port: Invalid value: {number}: must be between 1 and 65535, inclusive",
                    )
                pair = (number, text(port, "protocol") or "TCP")
                if pair in pairs:
                    yield Violation(
                        (*base, "port"),
                        f"spec.ports[{i}]: Duplicate value: {{port: {pair[0]}, protocol: {pair[1]}}}",
                    )
                pairs.add(pair)
            yield from _target_port(port.get("targetPort"), i)
            node_port = port.get("nodePort")
            if isinstance(node_port, int) and not isinstance(node_port, bool) and node_port != 0:
                if svc_type in ("ClusterIP", "ExternalName"):
                    yield Violation(
                        (*base, "nodePort"),
                        f"spec.ports[{i}].nodePort: Forbidden: may not be used when `type` is '{svc_type}'",
                    )
                elif low.isdigit() and high.isdigit() and not int(low) <= node_port <= int(high):
                    yield Violation(
                        (*base, "nodePort"),
                        f"spec.ports[{i}].nodePort: Invalid value: {node_port}: provided port is not in the valid range. "
                        f"The range of valid ports is {low}-{high}",
                    )


def _target_port(target: object, i: int) -> Iterator[Violation]:
    """ValidatePortNumOrName; 0 and "" are defaulted to the port before validation."""
    path = ("spec", "ports", i, "targetPort")
    if isinstance(target, int) and not isinstance(target, bool) and target != 0:
        if not 1 <= target <= 65535:
            yield Violation(
                path,
                f"spec.ports[{i}].targetPort: Invalid value: {target}: must be between 1 and 65535, inclusive",
            )
    elif isinstance(target, str) and target:
        for message in names.iana_svc_name(target):
            yield Violation(path, f'spec.ports[{i}].targetPort: Invalid value: "{target}": {message}')
