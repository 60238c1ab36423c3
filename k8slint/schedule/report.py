"""The text output of `k8slint schedule`: the pods that stay Pending, then the node table."""

from __future__ import annotations

from typing import Any

from k8slint.schedule.simulate import Pod, Result

BAR = 10


def quantity(name: str, value: int) -> str:
    if name == "cpu":
        return f"{value // 1000}" if value % 1000 == 0 else f"{value}m"
    if name in ("memory", "ephemeral-storage") or name.startswith("hugepages-"):
        for unit, size in (("Ti", 2**40), ("Gi", 2**30), ("Mi", 2**20), ("Ki", 2**10)):
            if value >= size:
                shown = f"{value / size:.1f}".rstrip("0").rstrip(".")
                return f"{shown}{unit}"
    return str(value)


def _cell(name: str, used: int, cap: int) -> str:
    share = used / cap if cap else (1.0 if used else 0.0)
    filled = min(BAR, round(share * BAR))
    return f"{quantity(name, used)}/{quantity(name, cap)} [{'#' * filled}{'.' * (BAR - filled)}] {share * 100:.0f}%"


def text_report(result: Result, notes: list[str]) -> str:
    lines: list[str] = []
    for note in notes:
        lines.append(f"note: {note}")
    if notes:
        lines.append("")
    names = {n.name for n in result.nodes}
    pending = [p for p in result.pods if p.status not in ("Scheduled", "Bound") or p.node not in names]
    placed = len(result.pods) - len(pending)
    lines.append(f"{placed} of {len(result.pods)} pods placed on {len(result.nodes)} nodes")
    groups: list[list[Pod]] = []
    for p in pending:  # consecutive replicas with the same outcome are shown once
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.shape is p.shape
            and (last.status, last.message, last.note) == (p.status, p.message, p.note)
            and p.replica == last.replica + 1
        ):
            groups[-1].append(p)
        else:
            groups.append([p])
    for group in groups:
        p = group[0]
        r = p.shape.resource
        replicas = f"{p.replica}" if len(group) == 1 else f"{p.replica}..{group[-1].replica}"
        lines.append(f"  {r.kind}/{p.shape.namespace}/{r.name}[{replicas}]: {p.status}")
        if p.message:
            lines.append(f"    {p.message}")
        if p.note:
            lines.append(f"    ({p.note})")
    if not result.nodes:
        return "\n".join(lines)
    extended = sorted(
        {k for n in result.nodes for k in n.allocatable if k not in ("cpu", "memory", "pods")}
        | {k for used in result.requested for k in used if k not in ("cpu", "memory")}
    )
    header = ["NODE", "CPU", "MEMORY", "PODS", *extended]
    rows = [header]
    for i, node in enumerate(result.nodes):
        used = result.requested[i]
        row = [
            node.name,
            _cell("cpu", used.get("cpu", 0), node.allocatable.get("cpu", 0)),
            _cell("memory", used.get("memory", 0), node.allocatable.get("memory", 0)),
            _cell("pods", result.pod_counts[i], node.allocatable.get("pods", 0)),
        ]
        row += [_cell(k, used.get(k, 0), node.allocatable.get(k, 0)) for k in extended]
        rows.append(row)
    widths = [max(len(r[c]) for r in rows) for c in range(len(header))]
    lines.append("")
    for r in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def json_report(result: Result, notes: list[str]) -> dict[str, Any]:
    """`{"nodes": N, "pods": [{"resource", "replica", "node", "message", "status", "note"?}], "notes"}`."""
    pods: list[dict[str, Any]] = []
    for p in result.pods:
        r = p.shape.resource
        entry: dict[str, Any] = {
            "resource": {"kind": r.kind, "namespace": p.shape.namespace, "name": r.name},
            "replica": p.replica,
            "node": p.node,
            "message": p.message,
            "status": p.status,
        }
        if p.note:
            entry["note"] = p.note
        pods.append(entry)
    return {"nodes": len(result.nodes), "pods": pods, "notes": notes}
