"""Benchmark the scheduling simulation: generate a synthetic cluster (scripts/gen_cluster.py) and
time loading, the simulation itself and the whole `check` of the scheduling rules.

    python scripts/bench_schedule.py [--nodes 1000] [--replicas 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--replicas", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from k8slint.analysis.context import AnalysisContext, Settings
    from k8slint.graph.builders import build_graph
    from k8slint.model.resource import build_resources
    from k8slint.parse.loader import load
    from k8slint.schedule.simulate import simulate

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "gen_cluster.py"),
                tmp,
                "--nodes",
                str(args.nodes),
                "--replicas",
                str(args.replicas),
                "--seed",
                str(args.seed),
            ],
            check=True,
        )
        t0 = time.perf_counter()
        loaded = load([str(Path(tmp) / "manifests.yaml")])
        graph, build = build_graph(build_resources(loaded.documents))
        ctx = AnalysisContext(graph, build, Settings(nodes=str(Path(tmp) / "nodes.yaml")))
        t1 = time.perf_counter()
        result = simulate(ctx)
        t2 = time.perf_counter()
    statuses = Counter(p.status for p in result.pods)
    print(f"nodes: {len(result.nodes)}  pods: {len(result.pods)}  workloads: {len(ctx.templates)}")
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(f"load+model+graph: {t1 - t0:.2f} s")
    print(f"simulation:       {t2 - t1:.2f} s  ({len(result.pods) / max(t2 - t1, 1e-9):.0f} pods/s)")


if __name__ == "__main__":
    main()
