from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import selected_templates
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.graph.builders import runtime_labels
from k8slint.model.resource import Resource
from k8slint.netpol.conn import NONE, Conn
from k8slint.netpol.engine import Connectivity, PodClass, from_context, in_scope
from k8slint.parse.sourcemap import get, items
from k8slint.selectors import Selector, SelectorError


def _ingress_ceiling(conn: Connectivity, cls: PodClass) -> Conn:
    """Every connection some ingress rule of the policies isolating ``cls`` allows, from any
    peer at all (the peers are not looked at: a partial set cannot tell who they are)."""
    out = NONE
    for idx in cls.np["ingress"]:
        for rule in conn.policies.policies[idx].ingress:
            out = out | rule.conn(cls.ports)
    return out


class ServiceBlockedByNetworkPolicy(ResourceRule):
    """
    ## What it finds
    A Service whose selected pods are isolated for ingress by NetworkPolicies that allow no
    ingress at all, or none on the port the Service forwards to (its `targetPort`, resolved
    against the pods' container ports when it is a name; `port` when omitted; protocol TCP by
    default). The rules' peers are not looked at: any rule covering the port, from whichever
    source, counts as reachable. Pods governed by an AdminNetworkPolicy or
    BaselineAdminNetworkPolicy are not judged, nor host-network pods (most network plugins
    apply no NetworkPolicy to them).

    ## Why it matters
    NetworkPolicies apply after the Service's address translation, to the pod and its target
    port: clients of the Service time out although the Service has endpoints and the pods are
    healthy.

    ## How to fix
    Allow ingress on the target port (from the Service's clients), or fix the policy's port (a
    Service `port` written where the container's `targetPort` was meant is the usual slip).

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: "nginx:1.27", ports: [{name: http, containerPort: 8080}]}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec:
      selector: {app: web}
      ports: [{port: 80, targetPort: http}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web}
    spec:
      podSelector: {matchLabels: {app: web}}
      ingress:
        - ports: [{port: 80}]
    ```

    ## Use instead
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: "nginx:1.27", ports: [{name: http, containerPort: 8080}]}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec:
      selector: {app: web}
      ports: [{port: 80, targetPort: http}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web}
    spec:
      podSelector: {matchLabels: {app: web}}
      ingress:
        - ports: [{port: 8080}]
    ```
    """

    id = "service-blocked-by-network-policy"
    category = Category.NETWORK
    level = Level.WARNING
    summary = "NetworkPolicies block every connection to a Service's target port"
    targets = frozenset({"Service"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "" or get(resource.raw, ("spec", "type")) == "ExternalName":
            return
        conn = from_context(ctx)
        if not conn.policies.policies:
            return
        ps = conn.policies.policies
        try:
            selector = Selector.from_map(get(resource.raw, ("spec", "selector")))
        except SelectorError:
            return
        for t in selected_templates(ctx, resource):
            if t.namespace != resource.namespace or not any(selector.matches(lb) for lb in runtime_labels(t)):
                continue  # another object of the same name and namespace selects it
            w = conn.of(t.resource)
            classes = conn.classes_of(t.resource)
            if w is None or w.host_network or not in_scope(ctx, t.resource, resource) or not classes:
                continue  # host-network pods: most network plugins apply no NetworkPolicy to them
            if any(not c.np["ingress"] or c.admin["ingress"] or c.baseline["ingress"] for c in classes):
                continue
            if not all(in_scope(ctx, ps[i].resource, resource) for c in classes for i in c.np["ingress"]):
                continue  # a policy of another directory tree: not judged
            ceilings = [_ingress_ceiling(conn, c) for c in classes]
            policies = sorted({i for c in classes for i in c.np["ingress"]})
            names = ", ".join(conn.policies.policies[i].label for i in policies)
            related = tuple(
                RelatedRef(conn.policies.policies[i].resource, ("spec", "podSelector"), "isolates its pods")
                for i in policies
            )
            kind = f"{t.resource.kind} {t.resource.name}"
            one = len(policies) == 1
            if all(c.empty for c in ceilings):
                yield Violation(
                    ("spec", "selector"),
                    f"Service {resource.name} is unreachable: the pods of {kind} it selects accept no ingress at "
                    f"all ({names} {'isolates' if one else 'isolate'} them with no rule allowing any connection)",
                    related=related,
                )
                continue
            for i, port in enumerate(items(get(resource.raw, ("spec",)), "ports")):
                if not isinstance(port, dict):
                    continue
                proto = port.get("protocol") or "TCP"
                target = port.get("targetPort", port.get("port"))
                if isinstance(target, str) and not target.isdigit():
                    numbers = [
                        n
                        for p, n in conn.template_ports.get(id(t.resource), {}).get(target, ())
                        if p == proto
                    ]
                    if not numbers:
                        continue  # an unresolved name: the port has no endpoints anyway
                    number = numbers[0]
                elif isinstance(target, int | str) and not isinstance(target, bool):
                    number = int(target)
                else:
                    continue
                if any(c.allows(proto, number) for c in ceilings):
                    continue
                where = "targetPort" if "targetPort" in port else "port"
                allowed = " / ".join(sorted({str(c) for c in ceilings if not c.empty}))
                yield Violation(
                    ("spec", "ports", i, where),
                    f"Service {resource.name} port {port.get('name') or port.get('port')} is unreachable: it "
                    f"forwards to {proto} {number} on the pods of {kind}, but {names} {'allows' if one else 'allow'} "
                    "ingress only on "
                    f"{allowed}",
                    related=related,
                )
