"""The `k8slint netpol` command: workload connectivity under the set's network policies."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from k8slint.commands.common import (
    ConfigOpt,
    KubeVersionOpt,
    OutputOpt,
    PathsArg,
    emit,
    fail,
    finish,
    load_set,
)


class NetpolFormat(str, Enum):
    txt = "txt"
    json = "json"
    csv = "csv"
    md = "md"
    dot = "dot"
    html = "html"


def _focus(rows: list[tuple[str, str, str]], names: list[str], focus: str) -> tuple[list, list[str]]:
    """Rows with the focused workload at either end (``ns/name[Kind]``, ``ns/name`` or ``name``)."""

    def hit(peer: str) -> bool:
        base = peer.split("[")[0]
        return focus in (peer, base, base.split("/")[-1])

    chosen = [n for n in names if hit(n)]
    if not chosen:
        raise fail(f"--focus {focus}: no such workload in the set")
    keep = set(chosen)
    return [r for r in rows if r[0] in keep or r[1] in keep], chosen


def netpol(
    paths: PathsArg,
    format: Annotated[NetpolFormat, typer.Option("--format", "-f", help="Output format.")] = NetpolFormat.txt,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Only connections from or to this workload (ns/name).")
    ] = None,
    output: OutputOpt = None,
    explain: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--explain",
            help="Explain the connections from SRC to DST (text only; not with --focus).",
            metavar="SRC DST",
        ),
    ] = None,
    port: Annotated[
        str | None, typer.Option("--port", help="With --explain: a port (80, udp/53 or a port name).")
    ] = None,
    kube_version: KubeVersionOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List the allowed connections between workloads (np-guard connlist notation)."""
    from k8slint.netpol import output as out
    from k8slint.netpol.engine import Connectivity
    from k8slint.netpol.explain import ExplainError
    from k8slint.netpol.explain import explain as explain_pair

    if port is not None and explain is None:
        raise fail("--port needs --explain SRC DST")
    if explain is not None and format is not NetpolFormat.txt:
        raise fail(f"--explain prints text: --format {format.value} does not apply to it")
    if explain is not None and focus is not None:
        raise fail("--focus does not apply to --explain SRC DST (the pair is the focus)")
    found = load_set(paths, config, kube_version)
    conn = Connectivity(found.ctx.resources, found.ctx.templates)
    if explain is not None:
        try:
            text = explain_pair(conn, explain[0], explain[1], port)
        except ExplainError as exc:
            raise fail(str(exc)) from None
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
    emit(text, output)
    for w in dict.fromkeys(conn.warnings):
        typer.echo(f"k8slint: warning: {w}", err=True)
    finish(found.unreadable)


def register(app: typer.Typer) -> None:
    """Add `netpol` to the root app."""
    app.command(name="netpol")(netpol)
