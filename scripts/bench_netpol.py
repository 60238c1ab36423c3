#!/usr/bin/env python3
"""Benchmark the NetworkPolicy engine: generate 2,000 workloads and 1,000 NetworkPolicies in 30
namespaces (default-deny, DNS egress, same-namespace and cross-namespace allow rules, ipBlocks,
named ports, matchExpressions), then time the whole ``k8slint netpol`` run (interpreter start,
parsing and output included) and the engine stages in-process.

usage: python scripts/bench_netpol.py [--workloads N] [--policies N] [--namespaces N] [--runs N]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIERS = ("web", "api", "db", "cache", "worker")
PORTS = {"web": 8080, "api": 9000, "db": 5432, "cache": 6379, "worker": 7000}


def _deployment(ns: str, name: str, tier: str, team: str) -> str:
    port = PORTS[tier]
    return f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: {ns}}}
spec:
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}, tier: {tier}, team: {team}}}}}
    spec:
      containers:
      - name: main
        image: registry.example/{name}:1.0
        ports: [{{name: http, containerPort: {port}}}, {{name: metrics, containerPort: 9100}}]
"""


def _policy(ns: str, name: str, body: str) -> str:
    return f"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n{body}"


def generate(directory: Path, workloads: int, policies: int, namespaces: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    names = [f"ns-{i:02d}" for i in range(namespaces)]
    teams = [f"team-{i % 8}" for i in range(namespaces)]
    docs: dict[str, list[str]] = {ns: [] for ns in names}
    apps: dict[str, list[tuple[str, str]]] = {ns: [] for ns in names}
    for i, ns in enumerate(names):
        docs[ns].append(
            f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n  labels: {{team: {teams[i]}, "
            f"env: {'prod' if i % 3 else 'dev'}}}\n"
        )
    for w in range(workloads):
        ns = names[w % namespaces]
        tier = TIERS[rnd.randrange(len(TIERS))]
        name = f"{tier}-{w:04d}"
        apps[ns].append((name, tier))
        docs[ns].append(_deployment(ns, name, tier, teams[names.index(ns)]))
    count = 0
    for ns in names:
        docs[ns].append(_policy(ns, "default-deny", "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n"))
        docs[ns].append(
            _policy(
                ns,
                "allow-dns",
                "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector: "
                "{matchLabels: {kubernetes.io/metadata.name: kube-system}}\n      podSelector: {matchLabels: "
                "{k8s-app: kube-dns}}\n    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n",
            )
        )
        count += 2
    i = 0
    while count < policies:
        ns = names[i % namespaces]
        i += 1
        name, tier = apps[ns][rnd.randrange(len(apps[ns]))]
        kind = rnd.randrange(5)
        if kind == 0:  # same-namespace callers of the same team
            caller = TIERS[(TIERS.index(tier) + 4) % 5]
            body = (
                f"  podSelector: {{matchLabels: {{app: {name}}}}}\n  ingress:\n  - from: [{{podSelector: "
                f"{{matchLabels: {{tier: {caller}}}}}}}]\n    ports: [{{port: http}}]\n"
            )
        elif kind == 1:  # another team's namespace, AND-ed with a tier
            team = f"team-{rnd.randrange(8)}"
            body = (
                f"  podSelector: {{matchLabels: {{app: {name}}}}}\n  ingress:\n  - from:\n    - namespaceSelector: "
                f"{{matchLabels: {{team: {team}}}}}\n      podSelector: {{matchExpressions: [{{key: tier, operator: In, "
                f"values: [web, api]}}]}}\n    ports: [{{port: {PORTS[tier]}}}]\n"
            )
        elif kind == 2:  # external clients for web tiers
            a, b = rnd.randrange(1, 200), rnd.randrange(0, 255)
            body = (
                f"  podSelector: {{matchLabels: {{tier: {tier}}}}}\n  ingress:\n  - from:\n    - ipBlock: {{cidr: "
                f"{a}.{b}.0.0/16, except: [{a}.{b}.1.0/24]}}\n    ports: [{{port: 443}}, {{port: 8000, endPort: 8100}}]\n"
            )
        elif kind == 3:  # egress to the database tier and to an external range
            body = (
                f"  podSelector: {{matchLabels: {{app: {name}}}}}\n  policyTypes: [Egress]\n  egress:\n  - to: "
                f"[{{podSelector: {{matchLabels: {{tier: db}}}}}}]\n    ports: [{{port: 5432}}]\n  - to: [{{ipBlock: "
                f"{{cidr: 10.{rnd.randrange(256)}.0.0/16}}}}]\n    ports: [{{port: 443}}]\n"
            )
        else:  # prometheus scraping from a monitoring namespace (absent from the set)
            body = (
                "  podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [db]}]}\n  ingress:\n"
                "  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]\n"
                "    ports: [{port: metrics}]\n"
            )
        docs[ns].append(_policy(ns, f"p-{count:04d}", body))
        count += 1
    for ns, items in docs.items():
        (directory / f"{ns}.yaml").write_text("---\n".join(items))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", type=int, default=2000)
    parser.add_argument("--policies", type=int, default=1000)
    parser.add_argument("--namespaces", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        generate(directory, args.workloads, args.policies, args.namespaces)
        sys.path.insert(0, str(ROOT))
        from k8slint.graph.builders import build_graph
        from k8slint.model.resource import build_resources
        from k8slint.netpol.engine import Connectivity
        from k8slint.parse.loader import load

        t0 = time.perf_counter()
        loaded = load([str(directory)])
        t1 = time.perf_counter()
        _, build = build_graph(build_resources(loaded.documents))
        t2 = time.perf_counter()
        conn = Connectivity(build.resources, build.templates)
        t3 = time.perf_counter()
        matrix = conn.class_matrix()
        t4 = time.perf_counter()
        rows = conn.connections()
        t5 = time.perf_counter()
        print(
            f"set: {len(conn.workloads)} workloads, {len(conn.policies.policies)} policies, "
            f"{args.namespaces} namespaces, {len(conn.source_blocks)}+{len(conn.destination_blocks)} external blocks"
        )
        print(f"equivalence classes: {len(conn.classes)}; class pairs with connections: {len(matrix)}")
        print(f"connections listed: {len(rows)}")
        print(
            f"in-process: load {t1 - t0:.2f} s, model+graph {t2 - t1:.2f} s, classes {t3 - t2:.2f} s, "
            f"matrix {t4 - t3:.2f} s, expand+sort {t5 - t4:.2f} s"
        )
        times = []
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "k8slint", "netpol", str(directory), "--output", os.devnull],
                check=True,
                cwd=ROOT,
                env=env,
            )
            times.append(time.perf_counter() - start)
        print(
            f"k8slint netpol (whole run, {args.runs} runs): median {statistics.median(times):.2f} s, "
            f"min {min(times):.2f} s"
        )


if __name__ == "__main__":
    main()
