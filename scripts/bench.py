#!/usr/bin/env python3
"""Benchmark k8slint: per-stage wall time and peak memory on a manifest set, and the wall time of
``k8slint check`` on one 20-document file (interpreter start included), as a pre-commit hook pays it.

usage: python scripts/bench.py [PATH] [--runs N]

PATH defaults to ../shared/corpus. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pipeline(path: str, traced: bool) -> tuple[list[tuple[str, float, int]], str]:
    from k8slint.graph.builders import build_graph
    from k8slint.model.resource import build_resources
    from k8slint.parse.loader import load

    rows: list[tuple[str, float, int]] = []

    def mark(name: str, start: float) -> None:
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        rows.append((name, time.perf_counter() - start, peak))
        if traced:
            tracemalloc.reset_peak()

    if traced:
        tracemalloc.start()
    t = time.perf_counter()
    loaded = load([path])
    mark("load + positions", t)
    t = time.perf_counter()
    resources = build_resources(loaded.documents)
    mark("typed models", t)
    t = time.perf_counter()
    graph, _ = build_graph(resources)
    mark("graph", t)
    t = time.perf_counter()
    graph.nx  # noqa: B018 - the networkx view, built on first use
    mark("networkx view", t)
    if traced:
        tracemalloc.stop()
    size = sum(os.path.getsize(f.path) for f in loaded.files if os.path.isfile(f.path))
    summary = (
        f"set: {path}: {len(loaded.files)} files, {size / 1e6:.1f} MB, {len(resources)} objects, "
        f"{len(graph.nodes)} graph nodes, {len(graph.edges)} edges"
    )
    return rows, summary


def stages(path: str) -> None:
    timed, summary = _pipeline(path, traced=False)
    traced, _ = _pipeline(path, traced=True)
    print(summary)
    print("  stage              wall (untraced)   peak traced memory in the stage")
    for (name, seconds, _), (_, _, peak) in zip(timed, traced, strict=True):
        print(f"  {name:18s} {seconds:6.2f} s          {peak / 2**20:7.1f} MiB")


def untraced(path: str, runs: int) -> None:
    code = (
        "import time,sys; t=time.perf_counter();"
        "from k8slint.parse.loader import load; from k8slint.model.resource import build_resources;"
        "from k8slint.graph.builders import build_graph;"
        f"r=build_resources(load([{path!r}]).documents); build_graph(r);"
        "print(time.perf_counter()-t)"
    )
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    print(
        f"  load+model+graph, untraced, in-process: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}) over {runs} runs"
    )
    walls, rss = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "k8slint",
                "check",
                path,
                "--format",
                "json",
                "--output",
                os.devnull,
                "--fail-on",
                "never",
            ]
        )
        _, _, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        rss.append(usage.ru_maxrss / 1024)
    print(
        f"  k8slint check (whole process): median {statistics.median(walls):.2f} s, peak RSS {max(rss):.0f} MiB"
    )


def single_file(runs: int) -> None:
    docs = []
    for i in range(10):
        docs.append(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {{app: app-{i}}}
  template:
    metadata:
      labels: {{app: app-{i}}}
    spec:
      containers:
        - name: app
          image: registry.example.com/app-{i}:1.{i}.0
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{memory: 256Mi}}
""")
        docs.append(f"""apiVersion: v1
kind: Service
metadata:
  name: app-{i}
  namespace: shop
spec:
  selector: {{app: app-{i}}}
  ports: [{{port: 80, targetPort: 8080}}]
""")
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fh:
        fh.write("---\n".join(docs))
        name = fh.name
    exe = Path(sys.executable).with_name("k8slint")
    cmd = [str(exe), "check", name] if exe.exists() else [sys.executable, "-m", "k8slint", "check", name]
    subprocess.run(cmd, capture_output=True)  # warm the .pyc cache
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        walls.append(time.perf_counter() - start)
    os.unlink(name)
    print(
        f"single 20-document file, `{' '.join(Path(c).name for c in cmd[:2])} ...`: "
        f"median {statistics.median(walls) * 1000:.0f} ms (min {min(walls) * 1000:.0f}, "
        f"max {max(walls) * 1000:.0f}) over {runs} runs"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    # Whole-process figures first, while this process is small: a child's peak RSS counts the
    # parent's memory it was forked from.
    untraced(args.path, max(1, args.runs // 2))
    single_file(args.runs * 2)
    stages(args.path)
    print(
        f"process peak RSS of this script: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()
