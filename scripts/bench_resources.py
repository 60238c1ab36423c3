#!/usr/bin/env python3
"""Benchmark the resources commands on a generated set: N workloads across M namespaces, each
namespace with a LimitRange and a ResourceQuota. Times `k8slint qos` (and `k8slint quota` when
the command exists) as whole processes.

usage: python scripts/bench_resources.py [--workloads 10000] [--namespaces 100] [--runs 3]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAMESPACE = """\
apiVersion: v1
kind: Namespace
metadata: {{name: {ns}}}
---
apiVersion: v1
kind: LimitRange
metadata: {{name: defaults, namespace: {ns}}}
spec:
  limits:
    - type: Container
      default: {{cpu: 500m, memory: 256Mi}}
      defaultRequest: {{cpu: 100m, memory: 128Mi}}
      max: {{cpu: "2", memory: 2Gi}}
---
apiVersion: v1
kind: ResourceQuota
metadata: {{name: compute, namespace: {ns}}}
spec:
  hard: {{pods: "500", requests.cpu: "40", requests.memory: 64Gi, limits.cpu: "80", limits.memory: 128Gi}}
"""

WORKLOAD = """\
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: app-{i}, namespace: {ns}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: app-{i}}}}}
  template:
    metadata: {{labels: {{app: app-{i}}}}}
    spec:
      containers:
        - name: app
          image: registry.example.com/app:{i}
          resources: {resources}
"""

RESOURCES = [
    "{requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 100m, memory: 128Mi}}",
    "{limits: {cpu: 250m, memory: 256Mi}}",
    "{requests: {cpu: 50m}}",
    "{}",
]


def generate(root: Path, workloads: int, namespaces: int) -> None:
    per_ns = max(1, workloads // namespaces)
    i = 0
    for n in range(namespaces):
        ns = f"team-{n:03d}"
        parts = [NAMESPACE.format(ns=ns)]
        for _ in range(per_ns):
            parts.append(
                WORKLOAD.format(i=i, ns=ns, replicas=1 + i % 3, resources=RESOURCES[i % len(RESOURCES)])
            )
            i += 1
        (root / f"{ns}.yaml").write_text("".join(parts))


def timed(cmd: list[str], runs: int) -> tuple[float, float, int]:
    times = []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workloads", type=int, default=10000)
    parser.add_argument("--namespaces", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.workloads, args.namespaces)
        size = sum(p.stat().st_size for p in root.iterdir()) / 1e6
        print(f"set: {args.workloads} Deployments in {args.namespaces} namespaces, {size:.1f} MB")
        for command in ("qos", "quota"):
            probe = subprocess.run(
                [sys.executable, "-m", "k8slint", command, "--help"], capture_output=True, text=True
            )
            if probe.returncode != 0:
                print(f"  k8slint {command}: not available")
                continue
            cmd = [sys.executable, "-m", "k8slint", command, str(root), "--format", "json"]
            median, best, code = timed(cmd, args.runs)
            print(
                f"  k8slint {command} --format json: median {median:.2f} s (min {best:.2f}) over {args.runs} runs, exit {code}"
            )


if __name__ == "__main__":
    main()
