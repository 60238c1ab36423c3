"""The k8slint command line. Heavy modules are imported inside commands: a pre-commit hook pays
only for what it runs."""

from __future__ import annotations

import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from k8slint import __version__

# k8slint uses pydantic models internally and needs no pydantic plugins: skip their entry-point
# scan, which costs a pre-commit run more than all of its rules.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

SUPPORTED_MINORS = range(27, 38)  # Kubernetes 1.27 .. 1.37
DEFAULT_KUBE_VERSION = "1.37"

app = typer.Typer(
    name="k8slint",
    help="Static analyzer and policy linter for Kubernetes manifests.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    note = "note"
    never = "never"


class CatalogFormat(str, Enum):
    text = "text"
    json = "json"


class GraphFormat(str, Enum):
    json = "json"
    dot = "dot"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"k8slint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Static analyzer and policy linter for Kubernetes manifests."""


def _color() -> bool:
    """Color on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"k8slint: error: {message}", err=True)
    return typer.Exit(2)


def _split(values: list[str] | None) -> list[str]:
    return [t.strip() for v in values or [] for t in v.split(",") if t.strip()]


def _kube_version(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"v?1\.(\d+)(?:\.\d+)?", text.strip())
    if not m or int(m.group(1)) not in SUPPORTED_MINORS:
        raise _fail(
            f"--kube-version {text!r} is not supported: use 1.{SUPPORTED_MINORS.start} to 1.{SUPPORTED_MINORS.stop - 1}"
        )
    return 1, int(m.group(1))


def _registry(rules_dir: list[Path] | None) -> dict[str, type]:
    from k8slint.engine.declarative import RuleFileError
    from k8slint.engine.registry import RegistryError, load_registry

    try:
        return load_registry(tuple(rules_dir or ()))
    except (RuleFileError, RegistryError) as exc:
        raise _fail(str(exc)) from None


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")],
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")] = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 when a finding is at or above this level.")
    ] = FailOn.error,
    kube_version: Annotated[str, typer.Option(help="Target Kubernetes minor, X.Y.")] = DEFAULT_KUBE_VERSION,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these rule ids, prefixes or categories.")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rule ids, prefixes or categories.")
    ] = None,
    rules_dir: Annotated[list[Path] | None, typer.Option(help="Extra declarative rules directory.")] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only findings at or above --fail-on; no summary.")
    ] = False,
) -> None:
    """Analyze manifests and report findings."""
    from k8slint.analysis.context import Settings
    from k8slint.engine.run import Runner
    from k8slint.engine.selection import enabled, unknown_tokens
    from k8slint.output import get_reporter
    from k8slint.output.progress import Progress

    version = _kube_version(kube_version)
    rules = _registry(rules_dir)
    chosen, dropped = _split(select), _split(ignore)
    unknown = unknown_tokens(chosen + dropped, rules.values())
    if unknown:
        raise _fail(f"unknown rule or category: {', '.join(unknown)} (see `k8slint rules`)")
    active = {rid for rid, rule in rules.items() if enabled(rule, chosen, dropped)}
    with Progress(enabled=not quiet and sys.stderr.isatty()):
        result = Runner(rules, active, Settings(kube_version=version)).run(paths)
    threshold = {"error": 3, "warning": 2, "note": 1, "never": 99}[fail_on.value]
    if quiet:
        result.findings = [f for f in result.findings if f.level.rank >= min(threshold, 3)]
    reporter = get_reporter(format.value)
    if output is not None:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                reporter(result, fh, False)
        except OSError as exc:
            raise _fail(f"cannot write {output}: {exc.strerror}") from None
    elif quiet and format is OutputFormat.text:
        from k8slint.output.text_report import write_findings

        write_findings(result, sys.stdout, _color())
    else:
        reporter(result, sys.stdout, _color())
    if any(f.level.rank >= threshold for f in result.findings):
        raise typer.Exit(1)


@app.command("rules")
def list_rules(
    format: Annotated[CatalogFormat, typer.Option("--format", "-f")] = CatalogFormat.text,
    rules_dir: Annotated[list[Path] | None, typer.Option(help="Extra declarative rules directory.")] = None,
) -> None:
    """List every rule: id, category, default level, summary and peer aliases."""
    import json

    from k8slint.engine.rule import rule_json

    rules = _registry(rules_dir)
    if format is CatalogFormat.json:
        typer.echo(json.dumps({"rules": [rule_json(r) for r in rules.values()]}, indent=2))
        return
    width = max(len(r) for r in rules)
    for rule in rules.values():
        aliases = f"  ({', '.join(rule.aliases)})" if rule.aliases else ""
        typer.echo(
            f"{rule.id:<{width}}  {rule.category.value:<11} {rule.level.value:<7}  {rule.summary}{aliases}"
        )


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="A rule id.")],
    rules_dir: Annotated[list[Path] | None, typer.Option(help="Extra declarative rules directory.")] = None,
) -> None:
    """Show a rule's documentation."""
    rules = _registry(rules_dir)
    found = rules.get(rule) or next((r for r in rules.values() if rule in r.aliases), None)
    if found is None:
        raise _fail(f"no rule {rule!r} (see `k8slint rules`)")
    typer.echo(f"# {found.id}: {found.summary}\n")
    typer.echo(f"category: {found.category.value}, default level: {found.level.value}")
    if found.aliases:
        typer.echo(f"peers: {', '.join(found.aliases)}")
    typer.echo("")
    typer.echo(found.documentation())


@app.command()
def graph(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")],
    format: Annotated[GraphFormat, typer.Option("--format", "-f")] = GraphFormat.json,
) -> None:
    """Print the resource graph: objects, implied objects and typed edges."""
    import json

    from k8slint.analysis.context import Settings
    from k8slint.engine.run import Runner

    result = Runner({}, set(), Settings()).run(paths)
    if format is GraphFormat.json:
        typer.echo(json.dumps(result.graph.to_json(), indent=2))
        return
    typer.echo("digraph k8s {")
    for ref, node in result.graph.nodes.items():
        style = "" if node.origin.value == "declared" else ", style=dashed"
        typer.echo(f'  "{ref}" [label="{ref}"{style}];')
    for edge in result.graph.edges:
        typer.echo(f'  "{edge.source}" -> "{edge.target}" [label="{edge.kind.value}"];')
    typer.echo("}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("k8slint: interrupted\n")
        sys.exit(130)
