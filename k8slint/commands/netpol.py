"""The `k8slint netpol` command: workload connectivity under the set's network policies."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class NetpolFormat(str, Enum):
    txt = "txt"
    json = "json"
    csv = "csv"
    md = "md"
    dot = "dot"
    html = "html"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"k8slint: error: {message}", err=True)
    return typer.Exit(2)


def _focus(rows: list[tuple[str, str, str]], names: list[str], focus: str) -> tuple[list, list[str]]:
    """Rows with the focused workload at either end (``ns/name[Kind]``, ``ns/name`` or ``name``)."""

    def hit(peer: str) -> bool:
        base = peer.split("[")[0]
        return focus in (peer, base, base.split("/")[-1])

    chosen = [n for n in names if hit(n)]
    if not chosen:
        raise _fail(f"--focus {focus}: no such workload in the set")
    keep = set(chosen)
    return [r for r in rows if r[0] in keep or r[1] in keep], chosen


def netpol(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")],
    format: Annotated[NetpolFormat, typer.Option("--format", "-f", help="Output format.")] = NetpolFormat.txt,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Only connections from or to this workload (ns/name).")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to FILE.")] = None,
    explain: Annotated[
        tuple[str, str] | None,
        typer.Option("--explain", help="Explain the connections from SRC to DST.", metavar="SRC DST"),
    ] = None,
    port: Annotated[
        str | None, typer.Option("--port", help="With --explain: a port (80, udp/53 or a port name).")
    ] = None,
) -> None:
    """List the allowed connections between workloads (np-guard connlist notation)."""
    from k8slint.graph.builders import build_graph
    from k8slint.model.resource import build_resources
    from k8slint.netpol import output as out
    from k8slint.netpol.engine import Connectivity
    from k8slint.netpol.explain import ExplainError
    from k8slint.netpol.explain import explain as explain_pair
    from k8slint.parse.loader import load

    if port is not None and explain is None:
        raise _fail("--port needs --explain SRC DST")
    loaded = load(paths)
    unreadable = [p for p in loaded.problems if p.rule in ("unreadable-file", "invalid-yaml")]
    _, build = build_graph(build_resources(loaded.documents))
    conn = Connectivity(build.resources, build.templates)
    if explain is not None:
        try:
            text = explain_pair(conn, explain[0], explain[1], port)
        except ExplainError as exc:
            raise _fail(str(exc)) from None
    else:
        rows = conn.connections()
        names = sorted(conn.workloads)
        if focus:
            rows, _ = _focus(rows, names, focus)
        if format is NetpolFormat.json:
            text = out.as_json(rows) + "\n"
        elif format is NetpolFormat.csv:
            text = out.as_csv(rows)
        elif format is NetpolFormat.md:
            text = out.md(rows)
        elif format is NetpolFormat.dot:
            text = out.dot(rows, conn, names) + "\n"
        elif format is NetpolFormat.html:
            text = out.as_html(rows, conn, names)
        else:
            text = out.txt(rows)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        typer.echo(text, nl=False)
    for w in dict.fromkeys(conn.warnings):
        typer.echo(f"k8slint: warning: {w}", err=True)
    for p in unreadable:
        typer.echo(f"k8slint: error: {p.file}:{p.line}: {p.message}", err=True)
    if unreadable:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add `netpol` to the root app."""
    app.command(name="netpol")(netpol)
