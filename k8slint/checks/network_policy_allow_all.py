from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import RelatedRef, ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.netpol.engine import from_context, in_scope
from k8slint.netpol.policy import NP_GROUP, Policy, Rule


def _allow_all(rule: Rule) -> bool:
    return rule.all_peers and rule.ports is None


class NetworkPolicyAllowAll(ResourceRule):
    """
    ## What it finds
    A NetworkPolicy rule that allows everything (an ingress rule with no `from` and no `ports`,
    such as `ingress: [{}]`, or the egress equivalent) while other rules apply to the same pods in
    the same direction: rules of the same policy, or of other NetworkPolicies of the namespace
    selecting some of the same workloads with rules of their own. Policies add up, so for those
    pods the other rules have no effect. A bare default deny (a policy with no rules in that
    direction) is meant to be overridden and is not reported.

    ## Why it matters
    The narrower rules look like they restrict traffic, but the allow-all rule opens every
    port to every source (or destination). It is often a debugging leftover, or a policy meant for
    other pods whose `podSelector` is too wide.

    ## How to fix
    Remove the allow-all rule, or narrow its policy's `podSelector` to the pods that really need
    open traffic.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api}
    spec:
      selector: {matchLabels: {app: api}}
      template:
        metadata: {labels: {app: api}}
        spec:
          containers: [{name: api, image: "api:1.0"}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: api}
    spec:
      podSelector: {matchLabels: {app: api}}
      ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 8080}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: debug}
    spec:
      podSelector: {}
      ingress:
        - {}
    ```

    ## Use instead
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api}
    spec:
      selector: {matchLabels: {app: api}}
      template:
        metadata: {labels: {app: api}}
        spec:
          containers: [{name: api, image: "api:1.0"}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: api}
    spec:
      podSelector: {matchLabels: {app: api}}
      ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 8080}]
    ```
    """

    id = "network-policy-allow-all"
    category = Category.NETWORK
    level = Level.NOTE
    summary = "An allow-all NetworkPolicy rule makes other rules for the same pods moot"
    targets = frozenset({"NetworkPolicy"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != NP_GROUP:
            return
        conn = from_context(ctx)
        policy = conn.policy_of(resource)
        if policy is None or policy.subject is None:
            return
        if not any(_allow_all(r) for d in ("ingress", "egress") for r in policy.rules(d)):
            return
        scoped = {w.name for w, _ in conn.scoped(ctx, resource)}
        mine = {w.name for w in conn.selected(policy.subject)} & scoped
        if not mine:
            return
        for direction in ("ingress", "egress"):
            isolates = policy.ingress_isolates if direction == "ingress" else policy.egress_isolates
            rules = policy.rules(direction)
            opener = next((r for r in rules if _allow_all(r)), None)
            if opener is None or not isolates:
                continue
            others: list[Policy] = []
            for other in conn.policies_in(policy.namespace):
                if other is policy or other.subject is None:
                    continue
                if not in_scope(ctx, other.resource, resource):
                    continue
                other_isolates = other.ingress_isolates if direction == "ingress" else other.egress_isolates
                other_rules = other.rules(direction)
                if not other_isolates or not other_rules or any(_allow_all(r) for r in other_rules):
                    continue  # a bare default deny is meant to be overridden
                if mine & {w.name for w in conn.selected(other.subject)}:
                    others.append(other)
            siblings = [r.index for r in rules if r is not opener]
            if not others and not siblings:
                continue
            moot = []
            if siblings:
                moot.append(f"its own {direction} rules {', '.join(map(str, siblings))}")
            if others:
                moot.append(f"the {direction} rules of {', '.join(o.label for o in others)}")
            yield Violation(
                opener.path,
                f"NetworkPolicy {policy.name}: {direction} rule {opener.index} allows all {direction} traffic to "
                f"the pods it selects, so for those pods {' and '.join(moot)} have no effect",
                related=tuple(
                    RelatedRef(o.resource, ("spec", direction), f"moot for the pods {policy.name} selects")
                    for o in others
                ),
            )
