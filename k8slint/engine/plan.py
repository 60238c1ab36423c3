"""What a run will do: the rules, their levels and options, suppressions and baseline, resolved from
built-in defaults, the config file and command-line flags (later wins)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from k8slint.analysis.context import Settings
from k8slint.config import ConfigError, LoadedConfig, ResourceSuppression, today
from k8slint.engine.rule import Rule, RuleOptions
from k8slint.engine.selection import enabled as is_enabled
from k8slint.engine.selection import unknown_tokens
from k8slint.findings import Level

SUPPORTED_MINORS = range(27, 38)  # Kubernetes 1.27 .. 1.37
DEFAULT_KUBE_VERSION = "1.37"


@dataclass
class Plan:
    rules: dict[str, type[Rule]]
    enabled: set[str]
    settings: Settings = field(default_factory=Settings)
    levels: dict[str, Level] = field(default_factory=dict)
    options: dict[str, RuleOptions] = field(default_factory=dict)
    suppressions: list[ResourceSuppression] = field(default_factory=list)
    config_file: str = ""
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    today: dt.date = field(default_factory=today)
    baseline: dict[str, int] | None = None
    root: Path = field(default_factory=Path.cwd)
    crd_documents: list[Any] = field(default_factory=list)  # CRDs from --crds: schemas, not linted

    def instantiate(self, rule: type[Rule]) -> Rule:
        return rule(self.options.get(rule.id))


def parse_kube_version(text: str) -> tuple[int, int]:
    import re

    m = re.fullmatch(r"v?1\.(\d+)(?:\.\d+)?", text.strip())
    if not m or int(m.group(1)) not in SUPPORTED_MINORS:
        raise ConfigError(
            f"kube-version {text!r} is not supported: use 1.{SUPPORTED_MINORS.start} to 1.{SUPPORTED_MINORS.stop - 1}"
        )
    return 1, int(m.group(1))


def repository_root(start: Path | None = None) -> Path:
    """The git work tree containing ``start`` (found by walking up for .git), else ``start``."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return here


def make_plan(
    rules: dict[str, type[Rule]],
    loaded: LoadedConfig,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    kube_version: str | None = None,
    preset: str | None = None,
) -> Plan:
    """Resolve everything; every problem of the config is reported at once (ConfigError)."""
    config = loaded.config
    where = str(loaded.path) if loaded.path else "command line"
    errors: list[str] = []
    chosen = select if select is not None else (config.select or [])
    dropped = (config.ignore or []) + (ignore or [])
    for token in unknown_tokens(chosen + dropped, rules.values()):
        errors.append(f"{where}: unknown rule or category in select/ignore: {token} (see `k8slint rules`)")
    levels: dict[str, Level] = {}
    options: dict[str, RuleOptions] = {}
    for rule_id, settings in config.rules.items():
        rule = rules.get(rule_id)
        if rule is None:
            errors.append(f"{where}: rules.{rule_id}: no such rule (see `k8slint rules`)")
            continue
        if settings.level:
            levels[rule_id] = Level(settings.level)
        try:
            options[rule_id] = rule.Options.model_validate(settings.options)
        except ValidationError as exc:
            for e in exc.errors():
                path = ".".join(str(p) for p in e["loc"])
                errors.append(f"{where}: rules.{rule_id}.options.{path}: {e['msg']}")
    version = (1, 37)
    try:
        version = parse_kube_version(kube_version or config.kube_version or DEFAULT_KUBE_VERSION)
    except ConfigError as exc:
        errors.append(str(exc))
    if errors:
        raise ConfigError("\n".join(errors))
    chosen_preset = preset or config.preset or "default"
    active = {rid for rid, rule in rules.items() if is_enabled(rule, chosen, dropped, chosen_preset)}
    if "internal-error" in rules and "internal-error" not in dropped:
        active.add("internal-error")  # a rule that failed never passes silently, whatever is selected
    return Plan(
        rules=rules,
        enabled=active,
        settings=Settings(
            kube_version=version,
            required_labels=tuple(config.required_labels),
            required_annotations=tuple(config.required_annotations),
            nodes=str(loaded.base / config.nodes) if config.nodes else None,
            assume_complete=config.assume_complete,
        ),
        levels=levels,
        options=options,
        suppressions=list(config.suppressions),
        config_file=os.path.relpath(loaded.path) if loaded.path else "",
        per_path_ignores=dict(config.per_path_ignores),
        # the config file itself is never a manifest
        exclude=list(config.exclude) + ([os.path.relpath(loaded.path)] if loaded.path else []),
        root=repository_root(),
    )
