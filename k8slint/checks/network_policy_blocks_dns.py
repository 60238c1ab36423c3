from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, RelatedRef, Violation
from k8slint.findings import Category, Level
from k8slint.netpol.conn import NONE, Conn
from k8slint.netpol.engine import Connectivity, Peer, from_context, in_scope
from k8slint.netpol.policy import NAME_LABEL, PeerSelector

# the cluster DNS pods as kubeadm, kube-dns and CoreDNS deploy them
DNS_NAMESPACE = "kube-system"
DNS_LABELS = {"k8s-app": "kube-dns"}
DNS_PORTS = {"dns": (("UDP", 53),), "dns-tcp": (("TCP", 53),), "metrics": (("TCP", 9153),)}


def dns_peer(conn: Connectivity) -> Peer:
    peer = conn.memo.get("dns-peer")
    if peer is None:
        peer = conn.memo["dns-peer"] = conn.virtual_peer(DNS_NAMESPACE, DNS_LABELS, DNS_PORTS, {"k8s-app"})
    return peer


def _kube_system_only(sel: PeerSelector) -> bool:
    """Whether a peer selects pods of kube-system only (by the policy's namespace or the
    namespace name label)."""
    if sel.namespace is not None:
        return sel.namespace == DNS_NAMESPACE
    assert sel.namespaces is not None
    return any(
        r.key == NAME_LABEL and r.operator == "In" and r.values == {DNS_NAMESPACE}
        for r in sel.namespaces.requirements
    )


def _dns_port(conn: Conn, protocol: str) -> bool:
    return conn.allows(protocol, 53) or conn.allows(protocol, 5353)


class NetworkPolicyBlocksDns(PodTemplateRule):
    """
    ## What it finds
    A workload isolated for egress whose egress rules allow some traffic but not DNS: neither
    UDP 53 to the cluster DNS pods (namespace `kube-system`, label `k8s-app: kube-dns`, as
    kubeadm's CoreDNS and kube-dns carry it) nor UDP 53 to any ipBlock (a node-local DNS cache or
    an allow-all block). A workload that allows UDP 53 but not TCP 53 gets a note: answers too
    large for UDP are retried over TCP and fail. Labels of `kube-system` that the set does not
    declare are unknown: a selector requirement on them is taken as satisfied. A rule naming port
    53 (or 5353, where OpenShift's `openshift-dns` pods listen) for pods outside `kube-system` (a
    DNS server of its own) counts as DNS. Workloads whose
    egress rules allow nothing at all (deliberately offline) are not reported.

    ## Why it matters
    Every name lookup times out: the workload cannot reach the Services its egress rules allow,
    because it cannot resolve their names. The error looks like a DNS outage, not like a policy.

    ## How to fix
    Add an egress rule to the cluster DNS on UDP and TCP 53, for example to
    `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}` with
    `podSelector: {matchLabels: {k8s-app: kube-dns}}` in one peer element.

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
      policyTypes: [Egress]
      egress:
        - to: [{podSelector: {matchLabels: {app: db}}}]
          ports: [{port: 5432}]
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
      policyTypes: [Egress]
      egress:
        - to: [{podSelector: {matchLabels: {app: db}}}]
          ports: [{port: 5432}]
        - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
              podSelector: {matchLabels: {k8s-app: kube-dns}}
          ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
    ```
    """

    id = "network-policy-blocks-dns"
    category = Category.NETWORK
    level = Level.WARNING
    summary = "Egress NetworkPolicy blocks DNS while allowing other traffic"
    preset = "minimal"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        conn = from_context(ctx)
        w = conn.of(template.resource)
        if w is None or w.host_network:
            return
        peer = dns_peer(conn)
        for cls in conn.classes_of(template.resource):
            if not cls.restricted("egress"):
                continue
            ps = conn.policies.policies
            if not all(
                in_scope(ctx, ps[i].resource, template.resource)
                for i in (*cls.admin["egress"], *cls.np["egress"])
            ):
                continue  # a policy of another directory tree: not judged
            result = conn.direction(cls, "egress")
            anything = any(ps[i].egress for i in cls.np["egress"]) or any(
                r.action == "Allow" for i in cls.admin["egress"] for r in ps[i].egress
            )
            if not anything:
                continue  # deliberately offline
            dns = conn.evaluate(cls, "egress", peer)
            external = result.ip_default
            for c in result.ips.values():
                external = external | c
            # port 53 allowed to pods outside kube-system: a DNS server of its own (a proxy, OpenShift's
            # openshift-dns): not judged
            elsewhere = NONE
            for i in cls.np["egress"]:
                for rule in ps[i].egress:
                    if rule.ports is not None and any(
                        not _kube_system_only(conn.policies.selectors[s]) for s in rule.peers
                    ):
                        elsewhere = elsewhere | rule.conn(DNS_PORTS)
            # OpenShift's DNS pods (openshift-dns) listen on 5353 behind the DNS Service's port 53
            udp = dns.allows("UDP", 53) or external.allows("UDP", 53) or _dns_port(elsewhere, "UDP")
            tcp = dns.allows("TCP", 53) or external.allows("TCP", 53) or _dns_port(elsewhere, "TCP")
            if udp and tcp:
                continue
            policies = [conn.policies.policies[i] for i in (*cls.admin["egress"], *cls.np["egress"])]
            related = tuple(
                RelatedRef(p.resource, ("spec",), f"{p.label} restricts its egress") for p in policies
            )
            r = template.resource
            names = ", ".join(p.label for p in policies)
            if not udp:
                yield Violation(
                    (*template.meta_path, "labels"),
                    f"{r.kind} {r.name} cannot resolve names: its egress ({names}) allows other traffic but not "
                    "UDP 53 to the cluster DNS (kube-system pods labelled k8s-app=kube-dns), so every lookup "
                    "times out",
                    related=related,
                )
            else:
                yield Violation(
                    (*template.meta_path, "labels"),
                    f"{r.kind} {r.name}: its egress ({names}) allows DNS over UDP 53 but not TCP 53 to the cluster "
                    "DNS: answers too large for UDP fail",
                    related=related,
                    downgrade=Level.NOTE,
                )
            return
