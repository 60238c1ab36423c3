from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.netpol.engine import PortDict, from_context
from k8slint.netpol.policy import NP_GROUP


def _has(ports: PortDict, name: str, protocol: str | None) -> bool:
    return any(protocol is None or p == protocol for p, _ in ports.get(name, ()))


class NetworkPolicyNamedPortUnresolved(ResourceRule):
    """
    ## What it finds
    A NetworkPolicy port given by name that resolves nowhere. A named port is resolved against the
    destination pod's container ports, name and protocol together (the entry's `protocol`
    defaulting to TCP, as the container port's does):

    - in an ingress rule, against the pods the policy selects: reported when it selects
      workloads and none has a container port of that name and protocol;
    - in an egress rule whose peers are `podSelector`s (pods of the policy's namespace), against
      the pods they select: reported when they select workloads of the set and none has it; and
      when the rule's only peers are ipBlocks (a named port never matches an address outside
      the cluster).

    Only `spec.containers[*].ports` are read. Egress rules whose peers select nothing in the set
    are not judged (the pods may be elsewhere), nor egress rules with no `to` or with a
    `namespaceSelector` peer: their destinations include pods of other namespaces (the cluster
    DNS, other projects) that the set does not show.

    ## Why it matters
    The port entry allows nothing: the connection the rule was written for is blocked. A protocol
    mismatch (a UDP `dns` port with a port entry that defaults to TCP) is the subtle case.

    ## How to fix
    Use the container port's exact name and protocol, or a port number.

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
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web}
    spec:
      podSelector: {matchLabels: {app: web}}
      ingress:
        - ports: [{port: https}]
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
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web}
    spec:
      podSelector: {matchLabels: {app: web}}
      ingress:
        - ports: [{port: http}]
    ```
    """

    id = "network-policy-named-port-unresolved"
    category = Category.NETWORK
    level = Level.WARNING
    summary = "NetworkPolicy named port matches no container port of the destination pods"
    targets = frozenset({"NetworkPolicy"})
    preset = "minimal"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != NP_GROUP:
            return
        conn = from_context(ctx)
        policy = conn.policy_of(resource)
        if policy is None or policy.subject is None:
            return
        if not any(r.named_ports for d in ("ingress", "egress") for r in policy.rules(d)):
            return
        # (peer name, container ports, selector ids) of each pod template of the directory tree
        templates = conn.scoped(ctx, resource)
        key = ("named-port-targets", id(templates))
        scoped = conn.memo.get(key)
        if scoped is None:
            scoped = conn.memo[key] = [
                (
                    w.name,
                    conn.template_ports.get(id(t.resource), {}),
                    conn.template_selectors.get(id(t.resource), set()),
                )
                for w, t in templates
            ]
        subjects = [x for x in scoped if policy.subject in x[2]]
        for direction in ("ingress", "egress"):
            for rule in policy.rules(direction):
                if not rule.named_ports or rule.ports is None:
                    continue
                external_only = False
                if direction == "ingress":
                    targets, what = subjects, "the pods the policy selects"
                elif rule.all_peers or any(conn.policies.selectors[s].namespace is None for s in rule.peers):
                    # every destination, or a namespaceSelector: pods outside the set (the cluster
                    # DNS, another project's pods) may declare the name
                    continue
                else:
                    targets = [x for x in scoped if any(s in x[2] for s in rule.peers)]
                    what = "the pods the rule's peers select"
                    external_only = not rule.peers and bool(rule.ipblocks)
                if not targets and not external_only:
                    continue
                for k, entry in enumerate(rule.ports):
                    if entry.name is None:
                        continue
                    proto = entry.protocol or "TCP"
                    if any(_has(ports, entry.name, entry.protocol) for _, ports, _ in targets):
                        continue
                    if external_only:
                        reason = (
                            "a named port never matches an ipBlock destination and the rule has no pod peer"
                        )
                    else:
                        names = sorted({name for name, _, _ in targets})
                        shown = ", ".join(names[:3])
                        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
                        others = [
                            p for _, ports, _ in targets for p, _ in ports.get(entry.name, ()) if p != proto
                        ]
                        hint = f" (they name it for {others[0]} only)" if others else ""
                        reason = f"no container port of {what} ({shown}{more}) is named {entry.name} with protocol {proto}{hint}"
                    yield Violation(
                        (*rule.path, "ports", k, "port"),
                        f"NetworkPolicy {policy.name}: {direction} rule {rule.index} port {entry.name} resolves "
                        f"nowhere: {reason}, so the entry allows nothing",
                    )
