"""Messages of the network rules, and their sharing of one engine run."""

from __future__ import annotations

from tests.harness import RULE_FIXTURES, run

NETWORK_RULES = {
    "workload-not-isolated",
    "network-policy-blocks-dns",
    "service-blocked-by-network-policy",
    "network-policy-allow-all",
    "network-policy-namespace-absent",
    "network-policy-named-port-unresolved",
}


def _messages(rule: str) -> list[tuple[int, str, str]]:
    result = run([RULE_FIXTURES / rule], {rule})
    return sorted((f.location.line, f.level.value, f.message) for f in result.findings if f.rule == rule)


def test_dns_messages_and_levels():
    assert _messages("network-policy-blocks-dns") == [
        (
            8,
            "warning",
            "Deployment api cannot resolve names: its egress (NetworkPolicy shop/api) allows other traffic but not "
            "UDP 53 to the cluster DNS (kube-system pods labelled k8s-app=kube-dns), so every lookup times out",
        ),
        (
            20,
            "note",
            "Deployment worker: its egress (NetworkPolicy shop/worker) allows DNS over UDP 53 but not TCP 53 to the "
            "cluster DNS: answers too large for UDP fail",
        ),
        (
            68,
            "warning",
            "Deployment cron cannot resolve names: its egress (NetworkPolicy shop/cron) allows other traffic but not "
            "UDP 53 to the cluster DNS (kube-system pods labelled k8s-app=kube-dns), so every lookup times out",
        ),
    ]


def test_service_blocked_messages():
    got = _messages("service-blocked-by-network-policy")
    assert got == [
        (
            17,
            "warning",
            "Service web port http is unreachable: it forwards to TCP 8080 on the pods of Deployment web, but "
            "NetworkPolicy shop/web allows ingress only on TCP 80,9100",
        ),
        (
            47,
            "warning",
            "Service db is unreachable: the pods of StatefulSet db it selects accept no ingress at all "
            "(NetworkPolicy shop/db-deny isolates them with no rule allowing any connection)",
        ),
        (
            78,
            "warning",
            "Service dns port tcp-dns is unreachable: it forwards to TCP 5353 on the pods of Deployment dns, but "
            "NetworkPolicy shop/dns allows ingress only on TCP 8080,UDP 5353",
        ),
    ]


def test_not_isolated_message_names_the_direction():
    got = _messages("workload-not-isolated")
    assert got[0] == (
        20,
        "warning",
        "Deployment web is not isolated for egress: no NetworkPolicy selects its pods while NetworkPolicies of "
        "namespace shop isolate other workloads; it can connect anywhere",
    )
    assert len(got) == 3


def test_rules_share_one_engine_run():
    from k8slint.netpol import engine

    calls = []
    original = engine.Connectivity.__init__

    def counting(self, *args, **kwargs):
        calls.append(1)
        original(self, *args, **kwargs)

    engine.Connectivity.__init__ = counting
    try:
        run([RULE_FIXTURES / "network-policy-blocks-dns"], NETWORK_RULES)
    finally:
        engine.Connectivity.__init__ = original
    assert len(calls) == 1
