#!/usr/bin/env python3
"""Benchmark the RBAC engine on a generated set: 5,000 roles, 20,000 bindings and 50,000 subjects
(in memory), across 500 namespaces, with 2,000 workloads.

Times, separately: reading the objects (the model layer), building the RBAC index (roles with
aggregation, bindings, subject and rule indexes, the networkx graph), then each who-can query,
then the escalation closure of the workloads' ServiceAccounts.

usage: python scripts/bench_rbac.py [--roles 5000] [--bindings 20000] [--subjects 50000] [--seed 1]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from k8slint.analysis.workloads import pod_template
from k8slint.model.resource import build_resources
from k8slint.parse.documents import Document
from k8slint.rbac.authorizer import Request
from k8slint.rbac.engine import RbacEngine
from k8slint.rbac.model import RbacModel

RBAC = "rbac.authorization.k8s.io/v1"
RESOURCES = [
    ("", "pods"),
    ("", "pods/exec"),
    ("", "pods/log"),
    ("", "secrets"),
    ("", "configmaps"),
    ("", "services"),
    ("", "serviceaccounts"),
    ("", "serviceaccounts/token"),
    ("", "nodes"),
    ("", "namespaces"),
    ("", "events"),
    ("apps", "deployments"),
    ("apps", "deployments/scale"),
    ("apps", "statefulsets"),
    ("batch", "jobs"),
    ("networking.k8s.io", "ingresses"),
    ("networking.k8s.io", "networkpolicies"),
    ("example.com", "widgets"),
    ("rbac.authorization.k8s.io", "roles"),
    ("rbac.authorization.k8s.io", "rolebindings"),
]
VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]


def generate(roles: int, bindings: int, subjects: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    namespaces = [f"ns{i}" for i in range(500)]
    docs: list[dict] = []
    cluster_roles = roles // 5
    role_names: list[tuple[str, str | None, str]] = []
    for i in range(roles):
        rules = []
        for _ in range(rng.randint(1, 5)):
            picks = rng.sample(RESOURCES, rng.randint(1, 4))
            groups = sorted({g for g, _ in picks})
            if rng.random() < 0.03:
                groups = ["*"]
            verbs = rng.sample(VERBS, rng.randint(1, 4)) if rng.random() > 0.05 else ["*"]
            rule = {"apiGroups": groups, "resources": [r for _, r in picks], "verbs": verbs}
            if rng.random() < 0.1:
                rule["resourceNames"] = [f"obj{rng.randint(0, 50)}"]
            rules.append(rule)
        if i < cluster_roles:
            meta: dict = {"name": f"cr{i}"}
            if rng.random() < 0.05:
                meta["labels"] = {"rbac.authorization.k8s.io/aggregate-to-edit": "true"}
            docs.append({"apiVersion": RBAC, "kind": "ClusterRole", "metadata": meta, "rules": rules})
            role_names.append(("ClusterRole", None, f"cr{i}"))
        else:
            ns = rng.choice(namespaces)
            docs.append(
                {
                    "apiVersion": RBAC,
                    "kind": "Role",
                    "metadata": {"name": f"r{i}", "namespace": ns},
                    "rules": rules,
                }
            )
            role_names.append(("Role", ns, f"r{i}"))
    per_binding = subjects / bindings
    made = 0
    for i in range(bindings):
        kind, role_ns, role = rng.choice(role_names)
        count = max(1, round(per_binding * (i + 1)) - made)
        made += count
        subs = []
        for _ in range(count):
            pick = rng.random()
            if pick < 0.6:
                subs.append(
                    {
                        "kind": "ServiceAccount",
                        "name": f"sa{rng.randint(0, 40)}",
                        "namespace": rng.choice(namespaces),
                    }
                )
            elif pick < 0.9:
                subs.append(
                    {
                        "kind": "User",
                        "name": f"user{rng.randint(0, 20000)}",
                        "apiGroup": "rbac.authorization.k8s.io",
                    }
                )
            else:
                subs.append(
                    {
                        "kind": "Group",
                        "name": f"group{rng.randint(0, 500)}",
                        "apiGroup": "rbac.authorization.k8s.io",
                    }
                )
        ref = {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": role}
        if kind == "ClusterRole" and rng.random() < 0.3:
            docs.append(
                {
                    "apiVersion": RBAC,
                    "kind": "ClusterRoleBinding",
                    "metadata": {"name": f"crb{i}"},
                    "roleRef": ref,
                    "subjects": subs,
                }
            )
        else:
            ns = role_ns or rng.choice(namespaces)
            docs.append(
                {
                    "apiVersion": RBAC,
                    "kind": "RoleBinding",
                    "metadata": {"name": f"rb{i}", "namespace": ns},
                    "roleRef": ref,
                    "subjects": subs,
                }
            )
    for i in range(2000):
        ns = rng.choice(namespaces)
        docs.append(
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {"name": f"app{i}", "namespace": ns},
                "spec": {
                    "selector": {"matchLabels": {"app": f"app{i}"}},
                    "template": {
                        "metadata": {"labels": {"app": f"app{i}"}},
                        "spec": {
                            "serviceAccountName": f"sa{rng.randint(0, 40)}",
                            "containers": [{"name": "c", "image": "x:1"}],
                        },
                    },
                },
            }
        )
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=5000)
    parser.add_argument("--bindings", type=int, default=20000)
    parser.add_argument("--subjects", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    raw = generate(args.roles, args.bindings, args.subjects, args.seed)
    t0 = time.perf_counter()
    resources = build_resources([Document("bench.yaml", i, d, 1, 1) for i, d in enumerate(raw)])
    templates = [t for t in (pod_template(r) for r in resources) if t is not None]
    t1 = time.perf_counter()
    model = RbacModel.build(resources, templates)
    engine = RbacEngine(model)
    graph = engine.graph  # built on first use: timed with the index
    t2 = time.perf_counter()
    n_subjects = sum(len(b.subjects) for b in model.bindings if not b.builtin)
    n_bindings = sum(1 for b in model.bindings if not b.builtin)
    n_roles = sum(1 for r in model.all_roles() if not r.builtin)
    print(f"set: {n_roles} roles, {n_bindings} bindings, {n_subjects} subjects, {len(templates)} workloads")
    print(f"objects read (model layer): {t1 - t0:.2f} s")
    print(
        f"RBAC index built: {t2 - t1:.2f} s "
        f"({sum(len(v) for v in engine.index.resource_rules.values())} rule entries, "
        f"{graph.number_of_nodes()} graph nodes, {graph.number_of_edges()} edges)"
    )
    g0 = time.perf_counter()
    gc.collect()  # the build allocates much: collect now so that no query pays for it
    print(f"garbage collection after the build: {time.perf_counter() - g0:.2f} s")
    queries = [
        ("get secrets -n ns7", Request("get", "", "secrets", namespace="ns7"), "ns7", True),
        ("list secrets (any namespace)", Request("list", "", "secrets"), None, True),
        ("create pods/exec -n ns1", Request("create", "", "pods", "exec", namespace="ns1"), "ns1", True),
        ("update deployments.apps/scale", Request("update", "apps", "deployments", "scale"), None, True),
        (
            "create serviceaccounts/token -n ns3",
            Request("create", "", "serviceaccounts", "token", namespace="ns3"),
            "ns3",
            True,
        ),
        ("get nodes", Request("get", "", "nodes"), None, False),
        (
            "delete widgets.example.com obj3 -n ns9",
            Request("delete", "example.com", "widgets", name="obj3", namespace="ns9"),
            "ns9",
            True,
        ),
        ("* * (any namespace)", Request("*", "*", "*"), None, True),
        ("get /metrics", Request("get", url="/metrics"), None, False),
    ]
    worst = 0.0
    for label, request, ns, namespaced in queries:
        q0 = time.perf_counter()
        result = engine.index.who_can(request, ns, namespaced)
        elapsed = time.perf_counter() - q0
        worst = max(worst, elapsed)
        print(
            f"who-can {label}: {elapsed * 1000:.0f} ms ({len(result.subjects)} subjects, {len(result.workloads)} workloads)"
        )
    print(f"slowest who-can: {worst * 1000:.0f} ms")
    c0 = time.perf_counter()
    chains = engine.escalation.admins(w.service_account for w in model.workloads)
    admins = sum(1 for w in model.workloads if w.service_account in chains)
    print(
        f"escalation closure of {len(model.workloads)} workloads' ServiceAccounts: "
        f"{time.perf_counter() - c0:.2f} s ({admins} reach cluster-admin, {len(engine.escalation._edges)} nodes explored)"
    )


if __name__ == "__main__":
    main()
