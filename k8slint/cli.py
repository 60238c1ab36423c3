"""The k8slint command line. Heavy modules are imported inside commands: a pre-commit hook pays
only for what it runs."""

from __future__ import annotations

import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from k8slint import __version__
from k8slint.commands.common import ConfigOpt, KubeVersionOpt, OutputOpt, PathsArg, emit, finish
from k8slint.commands.common import fail as _fail

# k8slint uses pydantic models internally and needs no pydantic plugins: skip their entry-point
# scan, which costs a pre-commit run more than all of its rules.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

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
    sarif = "sarif"
    github = "github"


class Preset(str, Enum):
    minimal = "minimal"
    default = "default"
    strict = "strict"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    note = "note"
    never = "never"


class CatalogFormat(str, Enum):
    text = "text"
    json = "json"


class QosFormat(str, Enum):
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


def _registry(rules_dir: list[Path] | None) -> dict[str, Any]:
    from k8slint.engine.declarative import RuleFileError
    from k8slint.engine.registry import RegistryError, load_registry

    try:
        return load_registry(tuple(rules_dir or ()))
    except (RuleFileError, RegistryError) as exc:
        raise _fail(str(exc)) from None


def _plan(
    rules_dir: list[Path] | None,
    config: Path | None,
    select: list[str] | None,
    ignore: list[str] | None,
    kube_version: str | None,
    preset: str | None = None,
    nodes: Path | None = None,
    assume_complete: bool = False,
) -> tuple[Any, Any]:
    from k8slint.commands.common import make_plan

    return make_plan(
        config,
        kube_version,
        nodes=nodes,
        assume_complete=assume_complete,
        rules_dir=rules_dir,
        select=select,
        ignore=ignore,
        preset=preset,
    )


def _execute(plan: Any, paths: list[str], baseline: Path | None, show_progress: bool) -> Any:
    from k8slint.baseline import read_baseline
    from k8slint.config import ConfigError
    from k8slint.engine.run import Runner
    from k8slint.output.progress import Progress

    if baseline is not None:
        try:
            plan.baseline = read_baseline(baseline)
        except ConfigError as exc:
            raise _fail(str(exc)) from None
    with Progress(enabled=show_progress and sys.stderr.isatty()):
        return Runner(plan).run(paths)


def _report(
    result: Any, format: str, output: Path | None, quiet: bool, threshold: int, category: str | None
) -> None:
    from k8slint.output import get_reporter

    if quiet:
        result.findings = [f for f in result.findings if f.level.rank >= min(threshold, 3)]
    reporter = get_reporter(format)
    options = {"quiet": quiet, "sarif_category": category}
    if output is not None:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                reporter(result, fh, False, options)
        except OSError as exc:
            raise _fail(f"cannot write {output}: {exc.strerror}") from None
    else:
        reporter(result, sys.stdout, _color(), options)


def _crd_documents(paths: list[Path]) -> list[Any]:
    """The CustomResourceDefinitions under ``paths`` (schemas for custom resources; not linted)."""
    from k8slint.commands.common import UNREADABLE_RULES
    from k8slint.parse.loader import load

    loaded = load([str(p) for p in paths])
    unreadable = [p for p in loaded.problems if p.rule in UNREADABLE_RULES]
    if unreadable:
        raise _fail(f"--crds: {unreadable[0].file}: {unreadable[0].message}")
    return [d.data for d in loaded.documents if d.data.get("kind") == "CustomResourceDefinition"]


THRESHOLDS = {"error": 3, "warning": 2, "note": 1, "never": 99}


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")],
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option(help="Exit 1 when a finding is at or above this level [default: error].")
    ] = None,
    kube_version: Annotated[
        str | None, typer.Option(help="Target Kubernetes minor, X.Y [default: 1.37].")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these rule ids, prefixes or categories.")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rule ids, prefixes or categories.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="Config file (default: .k8slint.yaml found upward).")
    ] = None,
    preset: Annotated[
        Preset | None,
        typer.Option(help="Rules run by default: minimal, default or strict [default: default]."),
    ] = None,
    rules_dir: Annotated[list[Path] | None, typer.Option(help="Extra declarative rules directory.")] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="Fail only on findings absent from this baseline.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option(help="Record the current findings as the baseline.")
    ] = None,
    sarif_category: Annotated[
        str | None,
        typer.Option(help="SARIF automationDetails.id, to upload several analyses per repository."),
    ] = None,
    crds: Annotated[
        list[Path] | None,
        typer.Option(help="CRD files or directories that validate custom resources (not linted)."),
    ] = None,
    assume_complete: Annotated[
        bool,
        typer.Option("--assume-complete", help="The set holds every object: missing references are errors."),
    ] = False,
    strict_crds: Annotated[
        bool, typer.Option("--strict-crds", help="A custom resource without a CRD is an error, not a note.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only findings at or above --fail-on; no summary.")
    ] = False,
    nodes: Annotated[
        Path | None,
        typer.Option(help="Node inventory (Node manifests, a NodeList or node pools): scheduling findings."),
    ] = None,
) -> None:
    """Analyze manifests and report findings."""
    plan, loaded = _plan(
        rules_dir,
        config,
        select,
        ignore,
        kube_version,
        preset.value if preset else None,
        nodes=nodes,
        assume_complete=assume_complete,
    )
    if crds:
        plan.crd_documents = _crd_documents(crds)
    if strict_crds:
        from k8slint.findings import Level

        plan.levels["custom-resource-without-schema"] = Level.ERROR
    result = _execute(plan, paths, baseline, show_progress=not quiet)
    if write_baseline is not None:
        from k8slint.baseline import write_baseline as write
        from k8slint.config import ConfigError

        try:
            write(write_baseline, result.findings)
        except ConfigError as exc:
            raise _fail(str(exc)) from None
    level = (fail_on.value if fail_on else None) or loaded.config.fail_on or "error"
    threshold = THRESHOLDS[level]
    _report(result, format.value, output, quiet, threshold, sarif_category)
    if write_baseline is None and any(f.level.rank >= threshold for f in result.findings):
        raise typer.Exit(1)


@app.command()
def hook(
    files: Annotated[
        list[str] | None, typer.Argument(help="The changed files (pre-commit passes them).")
    ] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
    fail_on: Annotated[
        FailOn | None, typer.Option(help="Exit 1 at or above this level [default: error].")
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="Config file (default: .k8slint.yaml found upward).")
    ] = None,
) -> None:
    """Pre-commit entry point: analyze the whole manifest set, report only the changed files."""
    from k8slint.hook import manifest_set

    plan, loaded = _plan(None, config, None, None, None)
    changed = [f for f in files or [] if f.endswith((".yaml", ".yml", ".json"))]
    if not changed:
        return
    roots = manifest_set(loaded, changed)
    result = _execute(plan, roots, None, show_progress=False)
    wanted = {os.path.normpath(os.path.abspath(f)) for f in changed}

    def keep(f: Any) -> bool:
        return os.path.normpath(os.path.abspath(f.location.file)) in wanted

    result.findings = [f for f in result.findings if keep(f)]
    result.suppressed = [f for f in result.suppressed if keep(f)]
    result.files = [r for r in result.files if os.path.normpath(os.path.abspath(r.path)) in wanted]
    threshold = THRESHOLDS[(fail_on.value if fail_on else None) or loaded.config.fail_on or "error"]
    _report(result, format.value, None, True, threshold, None)
    if any(f.level.rank >= threshold for f in result.findings):
        raise typer.Exit(1)


@app.command("config")
def show_config(
    config: Annotated[
        Path | None, typer.Option(help="Config file (default: .k8slint.yaml found upward).")
    ] = None,
    schema: Annotated[bool, typer.Option("--schema", help="Print the config file's JSON Schema.")] = False,
) -> None:
    """Print the effective configuration and where each value came from."""
    import json

    from k8slint.config import ConfigError, config_schema, load_config

    if schema:
        typer.echo(json.dumps(config_schema(), indent=2))
        return
    try:
        loaded = load_config(config)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    # what check would refuse (unknown rules, bad rule options, kube-version, inventory) is refused here
    from k8slint.commands.common import make_plan

    make_plan(config, None)
    typer.echo(f"# config file: {loaded.path or 'none found (built-in defaults)'}")
    data = loaded.config.model_dump(mode="json", by_alias=True)
    defaults = {"kube-version": "1.37", "fail-on": "error"}
    for name, info in type(loaded.config).model_fields.items():
        key = info.alias or name
        value = data.get(key)
        origin = loaded.origin(name)
        if value in (None, [], {}) and key in defaults:
            value = defaults[key]
        typer.echo(f"{key}: {json.dumps(value)}  # {origin}")


@app.command("rules")
def list_rules(
    format: Annotated[CatalogFormat, typer.Option("--format", "-f")] = CatalogFormat.text,
    rules_dir: Annotated[list[Path] | None, typer.Option(help="Extra declarative rules directory.")] = None,
    output: OutputOpt = None,
) -> None:
    """List every rule: id, category, default level, summary and peer aliases."""
    import json

    from k8slint.engine.rule import rule_json

    rules = _registry(rules_dir)
    if format is CatalogFormat.json:
        emit(json.dumps({"rules": [rule_json(r) for r in rules.values()]}, indent=2) + "\n", output)
        return
    width = max(len(r) for r in rules)
    lines = []
    for rule in rules.values():
        aliases = f"  ({', '.join(rule.aliases)})" if rule.aliases else ""
        lines.append(
            f"{rule.id:<{width}}  {rule.category.value:<11} {rule.level.value:<7}  {rule.summary}{aliases}\n"
        )
    emit("".join(lines), output)


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
    paths: PathsArg,
    format: Annotated[GraphFormat, typer.Option("--format", "-f")] = GraphFormat.json,
    output: OutputOpt = None,
    kube_version: KubeVersionOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print the resource graph: objects, implied objects and typed edges. Input that cannot be
    read is reported on stderr after the graph (exit 2)."""
    import json

    from k8slint.commands.common import load_set

    found = load_set(paths, config, kube_version)
    graph_ = found.ctx.graph
    if format is GraphFormat.json:
        emit(json.dumps(graph_.to_json(), indent=2) + "\n", output)
    else:
        lines = ["digraph k8s {"]
        for ref, node in graph_.nodes.items():
            style = "" if node.origin.value == "declared" else ", style=dashed"
            lines.append(f'  "{ref}" [label="{ref}"{style}];')
        for edge in graph_.edges:
            lines.append(f'  "{edge.source}" -> "{edge.target}" [label="{edge.kind.value}"];')
        lines.append("}")
        emit("\n".join(lines) + "\n", output)
    finish(found.unreadable)


@app.command()
def qos(
    paths: PathsArg,
    format: Annotated[QosFormat, typer.Option("--format", "-f")] = QosFormat.text,
    output: OutputOpt = None,
    nodes: Annotated[
        Path | None,
        typer.Option(help="Node inventory (Node manifests, a NodeList or node pools): Burstable OOM scores."),
    ] = None,
    kube_version: KubeVersionOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print the QoS class of every pod as admitted (API defaults, LimitRange defaults).

    One entry per bare Pod and per workload pod template (PodTemplate objects create no pods and
    are left out). An object defined twice (a base and an overlay) is listed at each definition,
    told apart by its file and line."""
    from k8slint.analysis.qos import classify, node_memory
    from k8slint.commands.common import load_set
    from k8slint.output.jsonlines import dumps

    found = load_set(paths, config, kube_version, nodes=nodes)
    ctx = found.ctx
    rows = [(t.resource, classify(ctx, t)) for t in ctx.templates if t.resource.kind != "PodTemplate"]
    if format is QosFormat.json:
        pods = [
            {
                "resource": {"kind": r.kind, "namespace": r.namespace, "name": r.name},
                "qos": q.qos.value,
                "reason": q.reason,
                "oomScoreAdj": q.oom_score_adj,  # null: a range (node memory unknown or differing)
                "oomScoreAdjRange": list(q.oom_range),
                "file": r.doc.file,
                "line": r.doc.line,
            }
            for r, q in rows
        ]
        emit(dumps({"pods": pods}) + "\n", output)
    else:
        emit(_qos_table(rows, node_memory(ctx)), output)
    finish(found.unreadable)


def _bytes_text(value: int) -> str:
    for unit, size in (("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)):
        if value % size == 0:
            return f"{value // size}{unit}"
    return str(value)


def _qos_table(rows: list[tuple[Any, Any]], memory: list[int]) -> str:
    if not rows:
        return "no pods or pod templates\n"
    counts: dict[tuple[str, str | None, str], int] = {}
    for r, _ in rows:
        counts[(r.kind, r.namespace, r.name)] = counts.get((r.kind, r.namespace, r.name), 0) + 1
    table = [("EVICTION", "QOS", "OOM_SCORE_ADJ", "RESOURCE", "REASON")]
    ordered = sorted(rows, key=lambda row: row[1].qos.eviction_rank)
    for r, q in ordered:
        name = f"{r.kind}/{r.namespace + '/' if r.namespace else ''}{r.name}"
        if counts[(r.kind, r.namespace, r.name)] > 1:
            name += f" ({r.doc.file}:{r.doc.line})"  # defined more than once: which definition
        table.append((str(q.qos.eviction_rank), q.qos.value, q.oom_text, name, q.reason))
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in table
    ]
    lines.append(
        "\nEVICTION: order under node memory pressure (1 BestEffort first, then 2 Burstable, "
        "3 Guaranteed last)."
    )
    if any(q.oom_score_adj is None for _, q in rows):
        if not memory:
            lines.append("A Burstable range: the node memory is unknown (give Node manifests with --nodes).")
        elif len(memory) > 1:
            sizes = ", ".join(_bytes_text(m) for m in memory)
            lines.append(
                f"A Burstable range: the score depends on the node (node memory sizes differ: {sizes})."
            )
        else:
            lines.append("A Burstable range: the pod's containers get different scores.")
    return "\n".join(lines) + "\n"


@app.command()
def quota(
    paths: PathsArg,
    format: Annotated[QosFormat, typer.Option("--format", "-f")] = QosFormat.text,
    output: OutputOpt = None,
    nodes: Annotated[
        Path | None,
        typer.Option(help="Node inventory (Node manifests, a NodeList or node pools): DaemonSet pod counts."),
    ] = None,
    kube_version: KubeVersionOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print each namespace's ResourceQuota usage after the set is applied, and what is refused."""
    from k8slint.analysis.quota import evaluate
    from k8slint.commands.common import load_set
    from k8slint.output.jsonlines import dumps

    found = load_set(paths, config, kube_version, nodes=nodes)
    ctx = found.ctx
    spaces = evaluate(ctx)
    if format is QosFormat.json:
        out = [
            {
                "namespace": ns.namespace,
                "quotas": [
                    {
                        "name": q.name,
                        "hard": {k: v.canonical() for k, v in sorted(q.hard.items())},
                        "used": {k: q.used_of(k).canonical() for k in sorted(q.hard)},
                    }
                    for q in ns.quotas
                ],
                "rejected": [
                    {
                        "resource": {
                            "kind": r.resource.kind,
                            "namespace": r.resource.namespace,
                            "name": r.resource.name,
                        },
                        "message": r.message,
                        "object": r.what,  # what is refused: the object itself or its pods/claims
                        "count": r.count,
                        "created": r.fitted,
                    }
                    for r in ns.rejected
                ],
            }
            for ns in spaces
        ]
        emit(dumps({"namespaces": out}) + "\n", output)
    else:
        emit(_quota_table(spaces, ctx), output)
    finish(found.unreadable)


def _bar(used: Any, hard: Any, width: int = 20) -> tuple[str, str]:
    if hard.value <= 0:
        return "[" + ("#" * width if used.value > 0 else "-" * width) + "]", "-" if used.value else "0%"
    share = used.value / hard.value
    filled = min(width, int(share * width))
    return "[" + "#" * filled + "." * (width - filled) + "]", f"{int(share * 100)}%"


def _quota_table(spaces: list[Any], ctx: Any) -> str:
    from k8slint.analysis.quota import resource_name

    if not spaces:
        return "no ResourceQuotas\n"
    lines: list[str] = []
    for ns in spaces:
        lines.append(f"namespace {ns.namespace}")
        for q in ns.quotas:
            lines.append(f"  ResourceQuota {q.name}")
            rows = []
            for name in sorted(q.hard):
                used, hard = q.used_of(name), q.hard[name]
                bar, pct = _bar(used, hard)
                rows.append((name, f"{used.canonical()}/{hard.canonical()}", bar, pct))
            w0 = max(len(r[0]) for r in rows) if rows else 0
            w1 = max(len(r[1]) for r in rows) if rows else 0
            for name, ratio, bar, pct in rows:
                lines.append(f"    {name:<{w0}}  {ratio:>{w1}}  {bar} {pct}")
        for r in ns.rejected:
            what = f"{r.resource.kind}/{r.resource.name}"
            if r.count > 1 or r.what != resource_name(ctx, r.resource):
                what += f" ({r.fitted} of {r.count} {r.what} created)"
            lines.append(f"  REFUSED {what}: {r.message}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _register_engine_commands() -> None:
    from k8slint.commands import register_all

    register_all(app)


_register_engine_commands()


def main() -> None:
    # A run allocates millions of small long-lived objects (the positioned YAML trees, the typed
    # models) and few cycles: with the default thresholds the cyclic collector traverses them all
    # again and again, a third of a run's time. Collect young objects rarely and old ones almost
    # never (measured: corpus check 2.9 s -> 1.9 s, peak memory +32 MiB).
    gc.set_threshold(100_000, 50, 1000)
    try:
        app(standalone_mode=True)
    except SystemExit as done:
        _exit_now(done.code)
    except KeyboardInterrupt:
        sys.stderr.write("k8slint: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug in k8slint: say so plainly, never with a traceback
        sys.stderr.write(
            f"k8slint: internal error: {type(exc).__name__}: {exc}\n"
            "please report it with the command line and, if you can, the manifests\n"
        )
        _exit_now(2)
    _exit_now(0)


def _exit_now(code: object) -> None:
    """Exit without tearing the interpreter down: freeing every object of a large run costs a
    pre-commit hook tens of milliseconds for nothing. Output is flushed first."""
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be said
        status = status or 1
    os._exit(status)
