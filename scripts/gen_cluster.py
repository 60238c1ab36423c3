"""Generate a synthetic cluster for the scheduling engine: a node inventory in the pool form and a
manifest set of workloads with taints, tolerations, node selectors and affinity, spread
constraints, anti-affinity, host ports, DaemonSets and PriorityClasses.

    python scripts/gen_cluster.py OUT_DIR [--nodes 1000] [--replicas 10000] [--seed 1]

writes OUT_DIR/nodes.yaml and OUT_DIR/manifests.yaml. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

ZONES = ["zone-a", "zone-b", "zone-c"]


def pools(nodes: int) -> dict:
    general = nodes * 7 // 10
    memory = nodes * 2 // 10
    gpu = nodes - general - memory
    return {
        "pools": [
            {
                "name": "general",
                "count": general,
                "allocatable": {"cpu": "16", "memory": "64Gi", "pods": 110},
                "zones": ZONES,
                "labels": {"pool": "general", "disk": "ssd", "generation": "5"},
            },
            {
                "name": "highmem",
                "count": memory,
                "allocatable": {"cpu": "16", "memory": "256Gi", "pods": 110},
                "zones": ZONES,
                "labels": {"pool": "highmem", "generation": "6"},
                "taints": [{"key": "dedicated", "value": "highmem", "effect": "NoSchedule"}],
            },
            {
                "name": "gpu",
                "count": gpu,
                "allocatable": {"cpu": "32", "memory": "128Gi", "pods": 110, "nvidia.com/gpu": 8},
                "zones": ZONES,
                "labels": {"pool": "gpu"},
                "taints": [{"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}],
            },
        ]
    }


def deployment(name: str, replicas: int, spec_extra: dict, requests: dict, priority: str | None) -> dict:
    spec = {
        "containers": [
            {"name": "app", "image": "registry.example/app:1.0", "resources": {"requests": requests}}
        ],
        **spec_extra,
    }
    if priority:
        spec["priorityClassName"] = priority
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": f"team-{hash(name) % 7}"},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": spec},
        },
    }


def workloads(nodes: int, replicas: int, rng: random.Random) -> list[dict]:
    docs: list[dict] = [
        {
            "apiVersion": "scheduling.k8s.io/v1",
            "kind": "PriorityClass",
            "metadata": {"name": "high"},
            "value": 10000,
        },
        {
            "apiVersion": "scheduling.k8s.io/v1",
            "kind": "PriorityClass",
            "metadata": {"name": "low"},
            "value": -10,
        },
    ]
    for name, extra in (("node-agent", {}), ("log-shipper", {"hostNetwork": True})):
        docs.append(
            {
                "apiVersion": "apps/v1",
                "kind": "DaemonSet",
                "metadata": {"name": name, "namespace": "kube-system"},
                "spec": {
                    "selector": {"matchLabels": {"app": name}},
                    "template": {
                        "metadata": {"labels": {"app": name}},
                        "spec": {
                            "priorityClassName": "system-node-critical",
                            "tolerations": [{"operator": "Exists"}],
                            "containers": [
                                {
                                    "name": "agent",
                                    "image": "registry.example/agent:1.0",
                                    "ports": [{"containerPort": 9100 + len(docs)}],
                                    "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
                                }
                            ],
                            **extra,
                        },
                    },
                },
            }
        )
    left = replicas - 2 * nodes
    i = 0
    while left > 0:
        i += 1
        kind = rng.random()
        count = min(left, rng.choice([1, 2, 3, 5, 10, 20, 40, 80]))
        cpu = rng.choice(["100m", "250m", "500m", "1", "2"])
        mem = rng.choice(["128Mi", "512Mi", "1Gi", "4Gi"])
        requests = {"cpu": cpu, "memory": mem}
        priority = rng.choice([None, None, "high", "low"])
        extra: dict = {}
        name = f"app-{i}"
        if kind < 0.45:
            pass
        elif kind < 0.55:
            extra = {
                "nodeSelector": {"pool": "highmem"},
                "tolerations": [
                    {"key": "dedicated", "operator": "Equal", "value": "highmem", "effect": "NoSchedule"}
                ],
            }
            requests["memory"] = rng.choice(["8Gi", "16Gi"])
        elif kind < 0.62:
            extra = {
                "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists"}],
                "nodeSelector": {"pool": "gpu"},
            }
            requests["nvidia.com/gpu"] = rng.choice(["1", "2"])
        elif kind < 0.72:
            extra = {
                "topologySpreadConstraints": [
                    {
                        "maxSkew": 1,
                        "topologyKey": "topology.kubernetes.io/zone",
                        "whenUnsatisfiable": "DoNotSchedule",
                        "labelSelector": {"matchLabels": {"app": name}},
                    },
                    {
                        "maxSkew": 2,
                        "topologyKey": "kubernetes.io/hostname",
                        "whenUnsatisfiable": "ScheduleAnyway",
                        "labelSelector": {"matchLabels": {"app": name}},
                    },
                ]
            }
        elif kind < 0.78:
            count = min(count, 10)
            extra = {
                "affinity": {
                    "podAntiAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": [
                            {
                                "topologyKey": "kubernetes.io/hostname",
                                "labelSelector": {"matchLabels": {"app": name}},
                            }
                        ]
                    }
                }
            }
        elif kind < 0.84:
            extra = {
                "affinity": {
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {
                            "nodeSelectorTerms": [
                                {
                                    "matchExpressions": [
                                        {"key": "generation", "operator": "Gt", "values": ["4"]}
                                    ]
                                }
                            ]
                        },
                        "preferredDuringSchedulingIgnoredDuringExecution": [
                            {
                                "weight": 50,
                                "preference": {
                                    "matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]
                                },
                            }
                        ],
                    },
                    "podAntiAffinity": {
                        "preferredDuringSchedulingIgnoredDuringExecution": [
                            {
                                "weight": 100,
                                "podAffinityTerm": {
                                    "topologyKey": "topology.kubernetes.io/zone",
                                    "labelSelector": {"matchLabels": {"app": name}},
                                },
                            }
                        ]
                    },
                }
            }
        elif kind < 0.88:
            count = min(count, 5)
            extra = {
                "containers": [
                    {
                        "name": "app",
                        "image": "registry.example/app:1.0",
                        "ports": [{"containerPort": 8080, "hostPort": 8080}],
                        "resources": {"requests": requests},
                    }
                ]
            }
        docs.append(deployment(name, count, extra, requests, priority))
        left -= count
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--replicas", type=int, default=10000, help="pods in total, DaemonSet pods included")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "nodes.yaml").write_text(json.dumps(pools(args.nodes), indent=1) + "\n")
    docs = workloads(args.nodes, args.replicas, rng)
    (out / "manifests.yaml").write_text("".join("---\n" + json.dumps(d) + "\n" for d in docs))


if __name__ == "__main__":
    main()
