"""The `k8slint schedule` command: place every replica on the node inventory as kube-scheduler would."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class ScheduleFormat(str, Enum):
    text = "text"
    json = "json"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"k8slint: error: {message}", err=True)
    return typer.Exit(2)


def schedule(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")],
    nodes: Annotated[
        Path | None,
        typer.Option(help="Node inventory: Node manifests, a List (kubectl get nodes -o yaml) or pools."),
    ] = None,
    format: Annotated[ScheduleFormat, typer.Option("--format", "-f")] = ScheduleFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")] = None,
    kube_version: Annotated[
        str | None, typer.Option(help="Target Kubernetes minor, X.Y [default: 1.37].")
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="Config file (default: .k8slint.yaml found upward).")
    ] = None,
    dra: Annotated[
        bool | None,
        typer.Option(
            "--dra/--no-dra",
            help="DynamicResources in the scheduler profile (its 'no new claims to deallocate' text, "
            "printed up to 1.36) [default: on from 1.34].",
        ),
    ] = None,
) -> None:
    """Predict where every replica lands and why the others stay Pending (FailedScheduling)."""
    import json

    from k8slint.analysis.context import AnalysisContext, Settings
    from k8slint.config import ConfigError, load_config
    from k8slint.engine.plan import DEFAULT_KUBE_VERSION, parse_kube_version
    from k8slint.graph.builders import build_graph
    from k8slint.model.resource import build_resources
    from k8slint.parse.loader import load
    from k8slint.schedule.inventory import InventoryError
    from k8slint.schedule.report import json_report, text_report
    from k8slint.schedule.simulate import simulate
    from k8slint.schedule.static import impossible

    try:
        loaded_config = load_config(config)
        version = parse_kube_version(
            kube_version or loaded_config.config.kube_version or DEFAULT_KUBE_VERSION
        )
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    inventory = str(nodes) if nodes else None
    if inventory is None and loaded_config.config.nodes:
        inventory = str(loaded_config.base / loaded_config.config.nodes)
    if inventory is not None and not Path(inventory).is_file():
        raise _fail(f"{inventory}: node inventory not found")
    loaded = load(paths)
    unreadable = [p for p in loaded.problems if p.rule in ("unreadable-file", "invalid-yaml")]
    graph_, build = build_graph(build_resources(loaded.documents))
    ctx = AnalysisContext(graph_, build, Settings(kube_version=version, nodes=inventory))
    try:
        result = simulate(ctx, dra)
    except InventoryError as exc:
        raise _fail(str(exc)) from None
    notes = list(result.notes)
    if not result.nodes and inventory is None:
        notes.append(
            "no node inventory (Node objects or --nodes): only what fails on every possible node is reported"
        )
        found = {id(t.resource): why for t, why in impossible(ctx, *_static_options(loaded_config))}
        for p in result.pods:
            if p.status != "Pending":
                continue  # bound, gated or out of scope whatever the nodes
            p.status = "Unknown"
            p.message = None
            why = found.get(id(p.shape.resource))
            if why is not None:
                p.status, p.note = "Unschedulable", why
    if format is ScheduleFormat.json:
        report = json.dumps(json_report(result, notes), indent=2)
    else:
        report = text_report(result, notes)
    if output is not None:
        try:
            output.write_text(report + "\n", encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write {output}: {exc.strerror}") from None
    else:
        typer.echo(report)
    for p in unreadable:
        typer.echo(f"k8slint: error: {p.file}:{p.line}: {p.message}", err=True)
    if unreadable:
        raise typer.Exit(2)


def _static_options(loaded_config: object) -> tuple[dict[str, int] | None, dict[str, int]]:
    """max-node and topology-domains from the pod-unschedulable rule's options in the config."""
    from pydantic import ValidationError

    from k8slint.checks.pod_unschedulable import PodUnschedulableOptions
    from k8slint.model.quantity import Quantity
    from k8slint.schedule.inventory import amount

    settings = loaded_config.config.rules.get("pod-unschedulable")
    try:
        options = PodUnschedulableOptions.model_validate(settings.options if settings else {})
    except ValidationError as exc:
        raise _fail(f"rules.pod-unschedulable.options: {exc.errors()[0]['msg']}") from None
    max_node = {k: amount(k, Quantity.parse(v)) for k, v in options.max_node.items()}
    return max_node or None, dict(options.topology_domains)


def register(app: typer.Typer) -> None:
    """Add `schedule` to the root app."""
    app.command("schedule")(schedule)
