"""The `k8slint schedule` command: place every replica on the node inventory as kube-scheduler would."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
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


class ScheduleFormat(str, Enum):
    text = "text"
    json = "json"


def schedule(
    paths: PathsArg,
    nodes: Annotated[
        Path | None,
        typer.Option(help="Node inventory: Node manifests, a List (kubectl get nodes -o yaml) or pools."),
    ] = None,
    format: Annotated[ScheduleFormat, typer.Option("--format", "-f")] = ScheduleFormat.text,
    output: OutputOpt = None,
    kube_version: KubeVersionOpt = None,
    config: ConfigOpt = None,
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

    from k8slint.schedule.inventory import InventoryError
    from k8slint.schedule.report import json_report, text_report
    from k8slint.schedule.simulate import simulate
    from k8slint.schedule.static import impossible

    found = load_set(paths, config, kube_version, nodes=nodes)
    ctx, loaded_config, inventory = found.ctx, found.config, found.ctx.settings.nodes
    try:
        result = simulate(ctx, dra)
    except InventoryError as exc:
        raise fail(str(exc)) from None
    notes = list(result.notes)
    if not result.nodes and inventory is None:
        notes.append(
            "no node inventory (Node objects or --nodes): only what fails on every possible node is reported"
        )
        why_of = {id(t.resource): why for t, why in impossible(ctx, *_static_options(loaded_config))}
        for p in result.pods:
            if p.status != "Pending":
                continue  # bound, gated or out of scope whatever the nodes
            p.status = "Unknown"
            p.message = None
            why = why_of.get(id(p.shape.resource))
            if why is not None:
                p.status, p.note = "Unschedulable", why
    if format is ScheduleFormat.json:
        report = json.dumps(json_report(result, notes), indent=2)
    else:
        report = text_report(result, notes)
    emit(report + "\n", output)
    finish(found.unreadable)


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
        raise fail(f"rules.pod-unschedulable.options: {exc.errors()[0]['msg']}") from None
    max_node = {k: amount(k, Quantity.parse(v)) for k, v in options.max_node.items()}
    return max_node or None, dict(options.topology_domains)


def register(app: typer.Typer) -> None:
    """Add `schedule` to the root app."""
    app.command("schedule")(schedule)
