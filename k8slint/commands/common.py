"""What every analysis command shares: the configuration and the settings resolved exactly as
`check` resolves them (config file, then options), the manifest set loaded with them, the input
that could not be read (reported on stderr, exit 2 after the output), and ``--output FILE``.

Light at import: the heavy modules are imported inside the functions."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from k8slint.analysis.context import AnalysisContext
    from k8slint.config import LoadedConfig
    from k8slint.engine.plan import Plan
    from k8slint.parse.documents import LoadResult, Problem

# the loader's problems that leave a file or a document out of the set (their rules are errors in
# `check`); a skipped non-Kubernetes document or an unrendered template is not one of them
UNREADABLE_RULES = frozenset({"unreadable-file", "invalid-yaml", "invalid-document"})

PathsArg = Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Config file (default: .k8slint.yaml found upward).")
]
KubeVersionOpt = Annotated[
    str | None, typer.Option("--kube-version", help="Target Kubernetes minor, X.Y [default: 1.37].")
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the output to FILE instead of stdout.")
]

# X.Y, or a full version as `kubectl version` prints it (vX.Y.Z): the patch is ignored
_MINOR = re.compile(r"v?1\.(0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))?")


def fail(message: str) -> typer.Exit:
    """A usage or configuration error: said on stderr, exit 2."""
    typer.echo(f"k8slint: error: {message}", err=True)
    return typer.Exit(2)


def _check_version(text: str, where: str) -> None:
    from k8slint.engine.plan import SUPPORTED_MINORS

    m = _MINOR.fullmatch(text)
    if m is None or int(m.group(1)) not in SUPPORTED_MINORS:
        raise fail(
            f"{where} {text!r} is not supported: use a Kubernetes minor X.Y from "
            f"1.{SUPPORTED_MINORS.start} to 1.{SUPPORTED_MINORS.stop - 1}"
        )


def check_inventory(path: str) -> None:
    """A node inventory that cannot be read is a usage error (exit 2), said once."""
    from k8slint.schedule.inventory import InventoryError, read_file

    if not Path(path).is_file():
        raise fail(f"{path}: node inventory not found")
    try:
        nodes, _ = read_file(path)
    except InventoryError as exc:
        raise fail(str(exc)) from None
    if not nodes:  # an empty file would silently turn the scheduling findings off
        raise fail(f"{path}: the node inventory holds no usable node")


def make_plan(
    config: Path | None,
    kube_version: str | None,
    *,
    nodes: Path | None = None,
    assume_complete: bool = False,
    rules_dir: list[Path] | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    preset: str | None = None,
) -> tuple[Plan, LoadedConfig]:
    """The run's plan and the loaded configuration: the config file, then the options (later wins).
    A bad config, kube version or node inventory is a usage error (exit 2)."""
    from k8slint.config import ConfigError, load_config
    from k8slint.engine.declarative import RuleFileError
    from k8slint.engine.plan import make_plan as plan_of
    from k8slint.engine.registry import RegistryError, load_registry

    if kube_version is not None:
        _check_version(kube_version, "--kube-version")
    try:
        loaded = load_config(config)
        extra = [loaded.base / d for d in loaded.config.rules_dir] + list(rules_dir or [])
        rules = load_registry(tuple(extra))
        plan = plan_of(
            rules,
            loaded,
            select=_split(select) or None,
            ignore=_split(ignore),
            kube_version=kube_version,
            preset=preset,
        )
    except (ConfigError, RuleFileError, RegistryError) as exc:
        raise fail(str(exc)) from None
    if kube_version is None and loaded.config.kube_version is not None:
        # the config's other problems are said at once above; a patch or padded minor here
        _check_version(loaded.config.kube_version, f"{loaded.path or 'config'}: kube-version")
    if nodes is not None:
        plan.settings = replace(plan.settings, nodes=str(nodes))
    if assume_complete:
        plan.settings = replace(plan.settings, assume_complete=True)
    if plan.settings.nodes:
        check_inventory(plan.settings.nodes)
    return plan, loaded


def _split(values: list[str] | None) -> list[str]:
    return [t.strip() for v in values or [] for t in v.split(",") if t.strip()]


@dataclass
class ManifestSet:
    """The set as every rule of `check` sees it, and what could not be read."""

    ctx: AnalysisContext
    loaded: LoadResult
    plan: Plan
    config: LoadedConfig
    unreadable: list[Problem]


def load_set(
    paths: list[str],
    config: Path | None,
    kube_version: str | None,
    *,
    nodes: Path | None = None,
    assume_complete: bool = False,
) -> ManifestSet:
    """Load ``paths`` with the configuration (its excludes, kube version, inventory) into the
    analysis context `check` builds."""
    from k8slint.analysis.context import AnalysisContext
    from k8slint.graph.builders import build_graph
    from k8slint.model.resource import build_resources
    from k8slint.parse.loader import load

    plan, loaded_config = make_plan(config, kube_version, nodes=nodes, assume_complete=assume_complete)
    loaded = load(paths, plan.exclude)
    graph, build = build_graph(build_resources(loaded.documents))
    ctx = AnalysisContext(
        graph,
        build,
        plan.settings,
        loaded.image_overrides,
        loaded.kustomize_patched,
        loaded.kustomize_namespaced,
    )
    unreadable = [p for p in loaded.problems if p.rule in UNREADABLE_RULES]
    return ManifestSet(ctx, loaded, plan, loaded_config, unreadable)


def emit(text: str, output: Path | None) -> None:
    """The command's output, to ``output`` or stdout; ``text`` ends with a newline."""
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None


def finish(unreadable: list[Any]) -> None:
    """After the output: each problem that left input unread, on stderr; then exit 2."""
    for p in unreadable:
        typer.echo(f"k8slint: error: {p.file}:{p.line}: {p.message}", err=True)
    if unreadable:
        raise typer.Exit(2)
