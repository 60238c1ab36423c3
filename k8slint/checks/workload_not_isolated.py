from collections.abc import Iterator

from pydantic import Field

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.references import place
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, RelatedRef, RuleOptions, Violation
from k8slint.findings import Category, Level
from k8slint.netpol.engine import Connectivity, PodClass, from_context, in_scope
from k8slint.netpol.policy import Policy


class WorkloadNotIsolatedOptions(RuleOptions):
    everywhere: bool = Field(
        False,
        description="Also report workloads of namespaces where no NetworkPolicy isolates any workload.",
    )


def _isolated(classes: list[PodClass], direction: str) -> bool:
    """Every pod of the template is isolated (or governed by an admin network policy)."""
    return all(c.restricted(direction) for c in classes)


class WorkloadNotIsolated(PodTemplateRule):
    """
    ## What it finds
    A workload (or bare Pod) that no NetworkPolicy isolates, for ingress or for egress, in a
    namespace where NetworkPolicies isolate at least half of the other workloads in that
    direction (isolation is the namespace's norm: a single locked-down database does not make
    every neighbour a finding). A pod is isolated
    for a direction when a NetworkPolicy of its namespace selects it (`podSelector`, with
    `matchLabels` and `matchExpressions`; `{}` selects every pod) and lists that direction in its
    effective `policyTypes` (Ingress always, Egress when `policyTypes` says so or, without
    `policyTypes`, when the policy has egress rules). Pods governed by an AdminNetworkPolicy or
    BaselineAdminNetworkPolicy count as covered. Namespaces with no isolated workload are not
    reported unless the `everywhere` option is set (ingress only): the set may rely on a policy
    applied elsewhere. In a repository of unrelated projects, only workloads and policies of one
    directory tree are compared (`--assume-complete` compares the whole set).
    The labels controllers add to their pods are taken into account. Host-network workloads
    are neither reported nor counted: most network plugins apply no NetworkPolicy to them
    (`k8slint netpol` warns about them). kube-linter's
    `non-isolated-pod` and Polaris report every workload no policy selects, whatever its
    namespace; `everywhere: true` comes closest to that.

    ## Why it matters
    A pod that no policy selects accepts connections from every pod of the cluster and from
    outside (or may connect anywhere, for egress), even though its neighbours are locked down:
    usually a label the policies forgot, or a new workload nobody wrote a policy for.

    ## How to fix
    Add a NetworkPolicy selecting the workload's pods (or a namespace-wide default-deny
    `podSelector: {}`), with the rules it needs.

    ## Options
    - `everywhere` (boolean, default false).

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
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: admin}
    spec:
      selector: {matchLabels: {app: admin}}
      template:
        metadata: {labels: {app: admin}}
        spec:
          containers: [{name: admin, image: "admin:1.0"}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: api}
    spec:
      podSelector: {matchLabels: {app: api}}
      ingress:
        - ports: [{port: 8080}]
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
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: admin}
    spec:
      selector: {matchLabels: {app: admin}}
      template:
        metadata: {labels: {app: admin}}
        spec:
          containers: [{name: admin, image: "admin:1.0"}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: default-deny}
    spec:
      podSelector: {}
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: api}
    spec:
      podSelector: {matchLabels: {app: api}}
      ingress:
        - ports: [{port: 8080}]
    ```
    """

    id = "workload-not-isolated"
    category = Category.NETWORK
    level = Level.WARNING
    summary = "Workload not selected by any NetworkPolicy where its neighbours are"
    aliases = (
        "kube-linter:non-isolated-pod",
        "kube-score:pod-networkpolicy",
        "polaris:missingNetworkPolicy",
        "checkov:CKV2_K8S_6",
        "kubescape:C-0260",
    )
    preset = "default"
    Options = WorkloadNotIsolatedOptions

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        assert isinstance(self.options, WorkloadNotIsolatedOptions)
        conn = from_context(ctx)
        w = conn.of(template.resource)
        classes = conn.classes_of(template.resource)
        if w is None or not classes or w.host_network:
            return
        missing: list[str] = []
        related: list[RelatedRef] = []
        for direction in ("ingress", "egress"):
            if _isolated(classes, direction):
                continue
            isolating = self._isolating(ctx, conn, template, direction)
            if isolating is None and not (self.options.everywhere and direction == "ingress"):
                continue
            missing.append(direction)
            if isolating is not None:
                policy = isolating
                related.append(
                    RelatedRef(
                        policy.resource, ("spec", "podSelector"), f"isolates other workloads for {direction}"
                    )
                )
        if not missing:
            return
        r = template.resource
        kind = r.kind
        ns = w.namespace
        what = " and ".join(missing)
        consequence = []
        if "ingress" in missing:
            consequence.append("every pod and address can connect to it")
        if "egress" in missing:
            consequence.append("it can connect anywhere")
        if related:
            reason = f"while NetworkPolicies of namespace {ns} isolate other workloads"
        else:
            reason = f"and no NetworkPolicy of namespace {ns} isolates any workload"
        yield Violation(
            (*template.meta_path, "labels"),
            f"{kind} {r.name} is not isolated for {what}: no NetworkPolicy selects its pods {reason}; "
            + " and ".join(consequence),
            related=tuple(related),
        )

    @staticmethod
    def _isolating(
        ctx: AnalysisContext, conn: Connectivity, template: PodTemplate, direction: str
    ) -> Policy | None:
        """A NetworkPolicy isolating other pod templates of the namespace and directory tree for
        ``direction``, when at least half of those templates are isolated (isolation is the
        namespace's norm); None otherwise."""
        index = conn.memo.get("isolating")
        if index is None:
            index = conn.memo["isolating"] = {}
            for other in conn.workloads.values():
                if other.host_network:
                    continue  # outside NetworkPolicy's reach in most network plugins
                for t in other.templates:
                    classes = conn.classes_of(t.resource)
                    for d in ("ingress", "egress"):
                        first = next((i for c in classes for i in c.np[d]), None)
                        policy = None if first is None else conn.policies.policies[first]
                        index.setdefault((other.namespace, d), []).append((t.resource, policy))
        ns = template.resource.namespace or "default"
        entries = index.get((ns, direction), ())
        if not any(policy is not None for _, policy in entries):
            return None  # no policy isolates anything in the namespace
        # what is in scope depends only on where the template lives (directory, kustomizations)
        scoped_index = conn.memo.setdefault("isolating-scoped", {})
        here = None if ctx.settings.assume_complete else place(template.resource)
        scoped = scoped_index.get((ns, direction, here))
        if scoped is None:
            scoped = scoped_index[(ns, direction, here)] = [
                (
                    resource,
                    policy
                    if policy is not None and in_scope(ctx, policy.resource, template.resource)
                    else None,
                )
                for resource, policy in entries
                if in_scope(ctx, resource, template.resource)
            ]
        others = 0
        isolating: list[Policy] = []
        for resource, policy in scoped:
            if resource is template.resource:
                continue
            others += 1
            if policy is not None:
                isolating.append(policy)
        if isolating and 2 * len(isolating) >= others:
            return isolating[0]
        return None
