"""The NetworkPolicy connectivity engine: every semantic case in fixtures/netpol/<case>/ is a set of
manifests with the exact expected connection list (np-guard connlist notation)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from k8slint.cli import app
from k8slint.graph.builders import build_graph
from k8slint.model.resource import build_resources
from k8slint.netpol import output
from k8slint.netpol.conn import ALL, NONE, Conn
from k8slint.netpol.engine import Connectivity
from k8slint.netpol.ipset import block_text, disjoint_blocks, ip_block, parse_cidr
from k8slint.parse.loader import load
from tests.harness import FIXTURES

CASES = sorted(p.name for p in (FIXTURES / "netpol").iterdir() if p.is_dir())
runner = CliRunner()


def engine(path: Path | str) -> Connectivity:
    loaded = load([str(path)])
    _, build = build_graph(build_resources(loaded.documents))
    return Connectivity(build.resources, build.templates)


def netpol(*args: str):
    return runner.invoke(app, ["netpol", *args])


@pytest.mark.parametrize("case", CASES)
def test_connection_list_matches_expected(case):
    directory = FIXTURES / "netpol" / case
    got = output.txt(engine(directory / "manifests.yaml").connections())
    assert got == (directory / "expected.txt").read_text()


def test_every_semantic_case_has_a_fixture():
    assert {
        "admin-networks",
        "admin-precedence",
        "baseline",
        "default-deny-ingress",
        "egress-and-ingress",
        "empty-versus-missing",
        "end-port",
        "ingress-controller",
        "ipblock-except",
        "match-expressions",
        "named-ports",
        "namespace-labels",
        "no-policies",
        "peers-and-or",
        "policy-types-default",
        "ports-protocols",
        "statefulset-pod-name",
        "rejected-fields",
    } <= set(CASES)


def test_np_guard_cases_are_ported():
    """Test cases of np-guard's netpol-analyzer reproduced with their expected connlist output."""
    assert {
        "np-guard-netpol-named-port-test",
        "np-guard-deny-all-to-from-a-deployment",
        "np-guard-minimal-test-in-ns",
        "np-guard-anp-test-3-pass-traffic",
        "np-guard-anp-test-4-priority-pass-to-banp",
        "np-guard-anp-and-banp-using-networks",
    } <= set(CASES)
    for case in CASES:
        if case.startswith("np-guard-"):
            assert (
                "np-guard/netpol-analyzer test case"
                in (FIXTURES / "netpol" / case / "manifests.yaml").read_text()
            )


def test_connection_strings():
    assert str(ALL) == "All Connections"
    assert str(NONE) == "No Connections"
    tcp = Conn.of("TCP", ((80, 80), (8080, 8090), (81, 81)))
    assert str(tcp) == "TCP 80-81,8080-8090"
    assert (
        str(tcp | Conn.of("UDP", ((53, 53),)) | Conn.of("SCTP", ((9, 9),)))
        == "SCTP 9,TCP 80-81,8080-8090,UDP 53"
    )
    assert str(Conn.of("TCP", ((1, 65535),))) == "TCP 1-65535"
    assert (ALL - Conn.of("TCP", ((1, 65535),))) | Conn.of("TCP", ((1, 65535),)) == ALL
    assert str(Conn.of("TCP", ((1, 100),)) - Conn.of("TCP", ((50, 60),))) == "TCP 1-49,61-100"
    assert (Conn.of("TCP", ((1, 100),)) & Conn.of("UDP", ((1, 100),))).empty


def test_disjoint_blocks_follow_np_guard():
    blocks = disjoint_blocks([parse_cidr("10.0.0.0/8"), parse_cidr("10.1.0.0/16")])
    assert sorted(block_text(b) for b in blocks) == [
        "0.0.0.0-9.255.255.255",
        "10.0.0.0-10.0.255.255",
        "10.1.0.0-10.1.255.255",
        "10.2.0.0-10.255.255.255",
        "11.0.0.0-255.255.255.255",
    ]
    assert [block_text(b) for b in disjoint_blocks([])] == ["0.0.0.0-255.255.255.255"]
    assert block_text(ip_block("10.0.0.0/8", ["10.0.0.0/9"])) == "10.128.0.0-10.255.255.255"
    assert block_text(parse_cidr("10.0.0.7/8")) == "10.0.0.0-10.255.255.255"


def test_formats():
    rows = [
        ("0.0.0.0-255.255.255.255[External]", "ns/a[Pod]", "TCP 53,UDP 53"),
        ("ns/a[Pod]", "ns/b[Pod]", "TCP 80"),
    ]
    assert output.as_csv(rows) == (
        'src,dst,conn\n0.0.0.0-255.255.255.255[External],ns/a[Pod],"TCP 53,UDP 53"\nns/a[Pod],ns/b[Pod],TCP 80\n'
    )
    assert output.md(rows) == (
        "| src | dst | conn |\n|-----|-----|------|\n"
        "| 0.0.0.0-255.255.255.255[External] | ns/a[Pod] | TCP 53,UDP 53 |\n| ns/a[Pod] | ns/b[Pod] | TCP 80 |\n"
    )
    assert json.loads(output.as_json(rows)) == {
        "connections": [
            {"src": "0.0.0.0-255.255.255.255[External]", "dst": "ns/a[Pod]", "conn": "TCP 53,UDP 53"},
            {"src": "ns/a[Pod]", "dst": "ns/b[Pod]", "conn": "TCP 80"},
        ]
    }


def test_dot_layout():
    conn = engine(FIXTURES / "netpol" / "egress-and-ingress" / "manifests.yaml")
    text = output.dot(conn.connections(), conn, sorted(conn.workloads))
    assert text.splitlines() == [
        "digraph {",
        '\tsubgraph "cluster_ns1[namespace]" {',
        '\t\tcolor="black"',
        '\t\tfontcolor="black"',
        '\t\t"ns1/client[Pod]" [label="client[Pod]" color="blue" fontcolor="blue"]',
        '\t\t"ns1/server[Pod]" [label="server[Pod]" color="blue" fontcolor="blue"]',
        '\t\tlabel="ns1[namespace]"',
        "\t}",
        '\t"0.0.0.0-255.255.255.255[External]" [label="0.0.0.0-255.255.255.255[External]" color="red2" '
        'fontcolor="red2"]',
        '\t"0.0.0.0-255.255.255.255[External]" -> "ns1/client[Pod]" [label="All Connections" color="gold2" '
        'fontcolor="darkgreen" weight=0.5]',
        '\t"0.0.0.0-255.255.255.255[External]" -> "ns1/server[Pod]" [label="TCP 443,8443" color="gold2" '
        'fontcolor="darkgreen" weight=0.5]',
        '\t"ns1/client[Pod]" -> "ns1/server[Pod]" [label="TCP 443" color="gold2" fontcolor="darkgreen" weight=0.5]',
        '\t"ns1/server[Pod]" -> "0.0.0.0-255.255.255.255[External]" [label="All Connections" color="gold2" '
        'fontcolor="darkgreen" weight=1]',
        '\t"ns1/server[Pod]" -> "ns1/client[Pod]" [label="All Connections" color="gold2" fontcolor="darkgreen" '
        "weight=1]",
        "}",
    ]


def test_html_is_self_contained_and_shows_denied_cells():
    conn = engine(FIXTURES / "netpol" / "egress-and-ingress" / "manifests.yaml")
    page = output.as_html(conn.connections(), conn, sorted(conn.workloads))
    assert page.startswith("<!DOCTYPE html>")
    for external in ("<script", "<link", "http://", "https://", "@import", "url("):
        assert external not in page
    assert (
        'class="deny" title="ns1/client[Pod] =&gt; 0.0.0.0-255.255.255.255[External] : No Connections"'
        in page
    )
    assert 'title="ns1/client[Pod] =&gt; ns1/server[Pod] : TCP 443">TCP 443</td>' in page
    assert '<th class="row ns" colspan="4">ns1</th>' in page


def test_cli_txt_json_focus_and_output(tmp_path):
    case = str(FIXTURES / "netpol" / "egress-and-ingress")
    result = netpol(case)
    assert result.exit_code == 0, result.output
    assert result.output == (FIXTURES / "netpol" / "egress-and-ingress" / "expected.txt").read_text()
    result = netpol(case, "--format", "json", "--focus", "ns1/client")
    assert json.loads(result.output) == {
        "connections": [
            {"src": "0.0.0.0-255.255.255.255[External]", "dst": "ns1/client[Pod]", "conn": "All Connections"},
            {"src": "ns1/client[Pod]", "dst": "ns1/server[Pod]", "conn": "TCP 443"},
            {"src": "ns1/server[Pod]", "dst": "ns1/client[Pod]", "conn": "All Connections"},
        ]
    }
    target = tmp_path / "out.csv"
    result = netpol(case, "--format", "csv", "--output", str(target))
    assert result.exit_code == 0 and result.output == ""
    assert target.read_text().splitlines()[0] == "src,dst,conn"
    result = netpol(case, "--focus", "nope")
    assert result.exit_code == 2 and "no such workload" in result.output


def test_explain_names_policies_and_rules_with_lines():
    case = os.path.relpath(FIXTURES / "netpol" / "egress-and-ingress" / "manifests.yaml")
    result = netpol(case, "--explain", "ns1/client", "ns1/server", "--port", "80")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "ns1/client[Pod] => ns1/server[Pod] : TCP 443"
    assert lines[1] == "TCP 80: denied"
    assert f"    NetworkPolicy ns1/client at {case}:13" in lines
    assert f"  allowed by NetworkPolicy ns1/client egress rule 0 at {case}:20: TCP 80,443" in lines
    assert f"  allowed by NetworkPolicy ns1/server ingress rule 0 at {case}:30: TCP 443,8443" in lines
    result = netpol(case, "--explain", "ns1/client", "ns1/server", "--port", "443")
    assert result.output.splitlines()[1] == "TCP 443: allowed"


def test_explain_points_out_separate_peers():
    case = str(FIXTURES / "netpol" / "peers-and-or" / "manifests.yaml")
    result = netpol(case, "--explain", "front/admin", "back/and-db")
    assert result.output.splitlines()[0] == "front/admin[Pod] => back/and-db[Pod] : No Connections"
    result = netpol(case, "--explain", "back/and-db", "back/or-db")
    assert "separate elements (OR" in result.output


def test_explain_errors():
    case = str(FIXTURES / "netpol" / "named-ports")
    assert netpol(case, "--explain", "ns1/none", "ns1/web1").exit_code == 2
    assert netpol(case, "--port", "80").exit_code == 2
    result = netpol(case, "--explain", "client", "web2", "--port", "dns")
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == ["ns1/client[Pod] => ns1/web2[Pod] : TCP 9090", "UDP 53: denied"]
    result = netpol(case, "--explain", "ns1/web1", "ns1/web1")
    assert "always reach itself" in result.output


MALFORMED = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad, namespace: ns1}
spec:
  podSelector: [1, 2]
  policyTypes: Ingress
  ingress:
  - from: {podSelector: 3}
    ports: [{port: [80]}, {protocol: ICMP}, 7, {port: 70000}, {port: true}]
  - from: [{ipBlock: {cidr: nonsense}}, {ipBlock: {cidr: "fd00::/8"}}, {}, {ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]
  - null
  egress: {to: 1}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad2, namespace: ns1}
spec:
  podSelector: {matchExpressions: [{key: a, operator: Bogus}]}
  ingress: [{from: [{namespaceSelector: {matchLabels: {a: [1]}}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: bad}
spec:
  priority: "high"
  subject: [1]
  ingress: [{action: Allow, from: 3}, {action: Nope}, 5]
  egress: [{action: Deny, to: [{networks: [bad, 10.0.0.0/8]}, {nodes: {}}], ports: [{portRange: {start: 9, end: 2}}, {}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: ns1, labels: {a: {b: c}}}
spec: {containers: [{name: c, image: busybox, ports: [{name: http, containerPort: "80"}, 5]}], hostNetwork: true}
---
apiVersion: v1
kind: Pod
metadata: {name: q, namespace: ns1}
spec:
  containers: [{name: c, image: busybox, ports: [{name: x, containerPort: 80, protocol: ICMP}, {name: y, containerPort: 0}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: named}
spec:
  priority: 1
  subject: {namespaces: {}}
  ingress: [{action: Allow, from: [{namespaces: {}}], ports: [{namedPort: x}, {namedPort: y}]}]
"""


def test_stdin_and_unreadable_files(tmp_path):
    manifest = (FIXTURES / "netpol" / "default-deny-ingress" / "manifests.yaml").read_text()
    result = runner.invoke(app, ["netpol", "-"], input=manifest)
    assert result.exit_code == 0
    assert result.output == (FIXTURES / "netpol" / "default-deny-ingress" / "expected.txt").read_text()
    (tmp_path / "broken.yaml").write_text("a: [\n")
    result = netpol(str(tmp_path))
    assert result.exit_code == 2 and "k8slint: error:" in result.output


def test_malformed_input_never_raises(tmp_path):
    (tmp_path / "bad.yaml").write_text(MALFORMED)
    result = netpol(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    for fmt in ("json", "csv", "md", "dot", "html"):
        assert netpol(str(tmp_path), "--format", fmt).exit_code == 0


def _oracle(conn: Connectivity) -> dict[tuple[str, str], str]:
    """Every pair evaluated straight from the NetworkPolicy definition, pod by pod and policy by
    policy (no classes, no indexes): the reference the class-based engine must agree with."""
    from k8slint.graph.builders import runtime_labels
    from k8slint.netpol.ipset import subset

    ps = conn.policies
    pods = []
    for w in conn.workloads.values():
        for t in w.templates:
            for labels in runtime_labels(t):
                pods.append((w, labels))

    def selected(sel_id, ns, labels):
        sel = ps.selectors[sel_id]
        if sel.namespace is not None and sel.namespace != ns:
            return False
        if sel.namespaces is not None and not sel.namespaces.matches(conn.namespace_labels[ns]):
            return False
        return sel.pods.matches(labels)

    def side(direction, subject, other, other_ip):
        w, labels = subject
        isolating = [
            p
            for p in ps.network_policies
            if p.subject is not None
            and selected(p.subject, w.namespace, labels)
            and (p.ingress_isolates if direction == "ingress" else p.egress_isolates)
        ]
        if not isolating:
            return ALL
        allowed = NONE
        for p in isolating:
            for r in p.rules(direction):
                if r.all_peers:
                    hit = True
                elif other_ip is not None:
                    hit = any(subset(other_ip, ps.ipblocks[b]) for b in r.ipblocks)
                else:
                    hit = any(selected(s, other[0].namespace, other[1]) for s in r.peers)
                if hit:
                    if direction == "ingress":
                        ports = w.ports
                    else:
                        ports = None if other_ip is not None else other[0].ports
                    allowed = allowed | r.conn(ports)
        return allowed

    out: dict[tuple[str, str], Conn] = {}

    def add(s, d, c):
        if not c.empty and s != d:
            out[(s, d)] = out.get((s, d), NONE) | c

    for a in pods:
        for b in pods:
            add(a[0].name, b[0].name, side("egress", a, b, None) & side("ingress", b, a, None))
        for blk in conn.destination_blocks:
            add(a[0].name, block_text(blk) + "[External]", side("egress", a, None, blk))
        for blk in conn.source_blocks:
            add(block_text(blk) + "[External]", a[0].name, side("ingress", a, None, blk))
    return {k: str(v) for k, v in out.items()}


def test_engine_agrees_with_a_pairwise_oracle(tmp_path):
    import importlib.util

    from tests.harness import ROOT

    spec = importlib.util.spec_from_file_location("bench_netpol", ROOT / "scripts" / "bench_netpol.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(tmp_path, workloads=120, policies=90, namespaces=5, seed=3)
    conn = engine(tmp_path)
    got = {(s, d): c for s, d, c in conn.connections()}
    assert got == _oracle(conn)
    assert len(got) > 100


def _network_policies_only(case: str) -> bool:
    """Cases the NetworkPolicy-only oracle covers: no admin policies, no Ingress or Route."""
    text = (FIXTURES / "netpol" / case / "manifests.yaml").read_text()
    return not any(kind in text for kind in ("AdminNetworkPolicy", "kind: Ingress", "kind: Route"))


@pytest.mark.parametrize("case", [c for c in CASES if _network_policies_only(c)])
def test_fixture_cases_agree_with_the_oracle(case):
    conn = engine(FIXTURES / "netpol" / case / "manifests.yaml")
    assert {(s, d): c for s, d, c in conn.connections()} == _oracle(conn)


def test_explain_admin_layers():
    case = os.path.relpath(FIXTURES / "netpol" / "admin-precedence" / "manifests.yaml")
    lines = netpol(case, "--explain", "app/web", "app/db").output.splitlines()
    assert lines[0] == "app/web[Pod] => app/db[Pod] : TCP 5432"
    assert (
        f"  passed to NetworkPolicies by AdminNetworkPolicy monitoring ingress rule 1 (pass-web) at {case}:44: TCP 5432"
        in lines
    )
    assert (
        f"  denied by AdminNetworkPolicy monitoring ingress rule 2 (deny-web) at {case}:48: "
        "SCTP 1-65535,TCP 1-5431,5433-65535,UDP 1-65535" in lines
    )
    case = os.path.relpath(FIXTURES / "netpol" / "baseline" / "manifests.yaml")
    lines = netpol(case, "--explain", "ns1/a", "ns2/b").output.splitlines()
    assert lines[0] == "ns1/a[Pod] => ns2/b[Pod] : No Connections"
    assert (
        f"  no NetworkPolicy isolates it for ingress: BaselineAdminNetworkPolicy default at {case}:26 applies"
        in lines
    )


def test_explain_external_source():
    case = str(FIXTURES / "netpol" / "ipblock-except")
    lines = netpol(case, "--explain", "192.168.7.9", "ns1/api", "--port", "443").output.splitlines()
    assert lines[:2] == [
        "192.168.2.0-192.168.255.255[External] => ns1/api[Pod] : TCP 443",
        "TCP 443: allowed",
    ]
    lines = netpol(case, "--explain", "192.168.1.9", "ns1/api").output.splitlines()
    assert lines[0] == "192.168.1.0-192.168.1.255[External] => ns1/api[Pod] : No Connections"


def test_ingress_controller_peer():
    case = str(FIXTURES / "netpol" / "ingress-controller")
    lines = netpol(case, "--format", "dot").output.splitlines()
    assert '\t"{ingress-controller}" [label="{ingress-controller}" color="blue" fontcolor="blue"]' in lines
    lines = netpol(case, "--explain", "{ingress-controller}", "shop/admin").output.splitlines()
    assert lines[0] == "{ingress-controller} => shop/admin[Deployment] : No Connections"
    assert "  => TCP 3000" in lines
