"""Connlist output formats: txt, json, csv and md as np-guard's netpol-analyzer writes them, dot
(its graph layout) and a self-contained html matrix."""

from __future__ import annotations

import csv
import html
import io
import json

from k8slint.netpol.engine import Connectivity

Row = tuple[str, str, str]


def txt(rows: list[Row]) -> str:
    return "".join(f"{s} => {d} : {c}\n" for s, d, c in rows)


def as_json(rows: list[Row]) -> str:
    return json.dumps({"connections": [{"src": s, "dst": d, "conn": c} for s, d, c in rows]}, indent=2)


def as_csv(rows: list[Row]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["src", "dst", "conn"])
    for row in rows:
        # Go's encoding/csv also quotes a field that starts with a space
        writer.writerow(row)
    return buf.getvalue()


def md(rows: list[Row]) -> str:
    lines = ["| src | dst | conn |", "|-----|-----|------|"]
    lines.extend(f"| {s} | {d} | {c} |" for s, d, c in rows)
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    """Go's %q for the printable strings peer names are."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(rows: list[Row], conn: Connectivity, workloads: list[str]) -> str:
    lines = ["digraph {"]
    by_ns: dict[str, list[str]] = {}
    for name in workloads:
        w = conn.workloads[name]
        by_ns.setdefault(w.namespace, []).append(name)
    for ns in sorted(by_ns):
        lines.append(f'\tsubgraph "cluster_{ns.replace("-", "_")}[namespace]" {{')
        lines.append('\t\tcolor="black"')
        lines.append('\t\tfontcolor="black"')
        for name in sorted(by_ns[ns]):
            w = conn.workloads[name]
            lines.append(f'\t\t{_q(name)} [label={_q(w.short)} color="blue" fontcolor="blue"]')
        lines.append(f'\t\tlabel="{ns}[namespace]"')
        lines.append("\t}")
    external = sorted({p for s, d, _ in rows for p in (s, d) if p not in conn.workloads})
    for ip in external:
        color = "blue" if ip.startswith("{") else "red2"
        lines.append(f'\t{_q(ip)} [label={_q(ip)} color="{color}" fontcolor="{color}"]')
    for s, d, c in sorted(rows):
        weight = "0.5" if s <= d else "1"
        lines.append(
            f'\t{_q(s)} -> {_q(d)} [label={_q(c)} color="gold2" fontcolor="darkgreen" weight={weight}]'
        )
    lines.append("}")
    return "\n".join(lines)


_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:1.5em;color:#1b1f23}
h1{font-size:1.3em}p.meta{color:#57606a}
table.m{border-collapse:collapse;font-size:12px}
table.m th,table.m td{border:1px solid #d0d7de;padding:3px 6px;white-space:nowrap}
table.m thead th{position:sticky;top:0;background:#f6f8fa;writing-mode:vertical-rl;transform:rotate(180deg);
text-align:left;vertical-align:bottom}
table.m th.row{text-align:left;background:#f6f8fa;position:sticky;left:0}
table.m th.ns{background:#eaeef2;font-weight:600}
table.m thead th.grp{writing-mode:horizontal-tb;transform:none;text-align:center;top:auto;position:static}
td.all{background:#2da44e;color:#fff}td.some{background:#bfe5c7}td.deny{background:#ffebe9;color:#cf222e}
td.self{background:#eaeef2;color:#8c959f}
.legend span{display:inline-block;padding:2px 8px;margin-right:8px;border:1px solid #d0d7de}
"""


def as_html(rows: list[Row], conn: Connectivity, workloads: list[str]) -> str:
    """A matrix page: rows are sources, columns destinations, grouped by namespace; a cell shows
    the allowed connections or a visible deny mark. No external resources."""
    allowed = {(s, d): c for s, d, c in rows}
    externals_src = sorted({s for s, _, _ in rows if s not in conn.workloads})
    externals_dst = sorted({d for _, d, _ in rows if d not in conn.workloads})
    ordered = sorted(workloads, key=lambda n: (conn.workloads[n].namespace, n))
    srcs = ordered + externals_src
    dsts = ordered + externals_dst

    def group(name: str) -> str:
        w = conn.workloads.get(name)
        return w.namespace if w is not None else "external"

    def label(name: str) -> str:
        w = conn.workloads.get(name)
        return w.short if w is not None else name

    out = io.StringIO()
    out.write('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">')
    out.write("<title>k8slint netpol: connectivity matrix</title>")
    out.write(f"<style>{_STYLE}</style></head><body>\n")
    out.write("<h1>Connectivity matrix</h1>\n")
    out.write(
        f'<p class="meta">{len(workloads)} workloads, {len(rows)} allowed connections. '
        "Rows are sources, columns destinations. A workload always reaches itself.</p>\n"
    )
    out.write(
        '<p class="legend"><span class="all" style="background:#2da44e;color:#fff">All Connections</span>'
        '<span style="background:#bfe5c7">some ports</span>'
        '<span style="background:#ffebe9;color:#cf222e">&#10005; denied</span></p>\n'
    )
    out.write('<table class="m"><thead><tr><th class="ns"></th>')
    spans: list[tuple[str, int]] = []
    for d in dsts:
        if spans and spans[-1][0] == group(d):
            spans[-1] = (spans[-1][0], spans[-1][1] + 1)
        else:
            spans.append((group(d), 1))
    for g, n in spans:
        out.write(f'<th class="ns grp" colspan="{n}">{html.escape(g)}</th>')
    out.write('</tr><tr><th class="ns">source \\ destination</th>')
    for d in dsts:
        out.write(f'<th title="{html.escape(d)}">{html.escape(group(d))}/{html.escape(label(d))}</th>')
    out.write("</tr></thead><tbody>\n")
    last = None
    for s in srcs:
        g = group(s)
        if g != last:
            out.write(f'<tr><th class="row ns" colspan="{len(dsts) + 1}">{html.escape(g)}</th></tr>\n')
            last = g
        out.write(f'<tr><th class="row" title="{html.escape(s)}">{html.escape(label(s))}</th>')
        for d in dsts:
            if s == d:
                out.write('<td class="self">self</td>')
                continue
            if s not in conn.workloads and d not in conn.workloads:
                out.write("<td></td>")
                continue
            c = allowed.get((s, d))
            tip = html.escape(f"{s} => {d} : {c or 'No Connections'}")
            if c is None:
                out.write(f'<td class="deny" title="{tip}">&#10005;</td>')
            else:
                cls = "all" if c == "All Connections" else "some"
                out.write(f'<td class="{cls}" title="{tip}">{html.escape(c)}</td>')
        out.write("</tr>\n")
    out.write("</tbody></table>\n</body></html>\n")
    return out.getvalue()
