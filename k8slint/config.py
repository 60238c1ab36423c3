"""Configuration: ``.k8slint.yaml`` or ``[tool.k8slint]`` in pyproject.toml, found by walking up
from the working directory, or ``--config FILE``. Layers, later wins: built-in defaults, the config
file, command-line flags. ``k8slint config`` shows the result and where each value came from."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONFIG_NAMES = (".k8slint.yaml", ".k8slint.yml")
LevelName = Literal["error", "warning", "note"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class RuleSettings(_Strict):
    level: LevelName | None = Field(None, description="Override the rule's default level.")
    options: dict[str, Any] = Field(
        default_factory=dict, description="The rule's options (see `k8slint explain`)."
    )


class ResourceSuppression(_Strict):
    rules: list[str] = Field(description="Rule ids (or peer aliases) to suppress.")
    kind: str = Field("*", description="Kind glob.")
    namespace: str = Field("*", description="Namespace glob.")
    name: str = Field("*", description="Name glob.")
    reason: str = Field(description="Why: shown in reports and SARIF.")
    until: dt.date | None = Field(
        None, description="Expiry date (YYYY-MM-DD); expired entries stop suppressing."
    )


class ConfigFile(_Strict):
    """The schema of `.k8slint.yaml` (and of `[tool.k8slint]`)."""

    preset: Literal["minimal", "default", "strict"] | None = Field(
        None, description="Which rules run by default: minimal, default (the default) or strict."
    )
    select: list[str] | None = Field(None, description="Only these rule ids, prefixes or categories.")
    ignore: list[str] | None = Field(None, description="Skip these rule ids, prefixes or categories.")
    rules: dict[str, RuleSettings] = Field(default_factory=dict, description="Per-rule level and options.")
    exclude: list[str] = Field(default_factory=list, description="Path globs never read.")
    per_path_ignores: dict[str, list[str]] = Field(
        default_factory=dict, alias="per-path-ignores", description="Path glob -> rules ignored there."
    )
    kube_version: str | None = Field(None, alias="kube-version", description="Target Kubernetes minor, X.Y.")
    nodes: str | None = Field(None, description="Node inventory file for scheduling findings.")
    required_labels: list[str] = Field(default_factory=list, alias="required-labels")
    required_annotations: list[str] = Field(default_factory=list, alias="required-annotations")
    assume_complete: bool = Field(
        False,
        alias="assume-complete",
        description="The set holds every object of the cluster: missing references are errors everywhere.",
    )
    roots: list[str] = Field(
        default_factory=list,
        description="The manifest set (directories or files) the pre-commit hook analyzes.",
    )
    fail_on: Literal["error", "warning", "note", "never"] | None = Field(None, alias="fail-on")
    rules_dir: list[str] = Field(default_factory=list, alias="rules-dir")
    suppressions: list[ResourceSuppression] = Field(default_factory=list)


class ConfigError(Exception):
    """Every problem of a config file at once, each with its location."""


@dataclass
class LoadedConfig:
    config: ConfigFile
    path: Path | None  # None: no config file
    base: Path  # relative paths in the config are relative to this directory

    def origin(self, key: str) -> str:
        if self.path is None or key not in self.config.model_fields_set:
            return "default"
        return str(self.path)


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "[tool.k8slint]" in pyproject.read_text(
            encoding="utf-8", errors="replace"
        ):
            return pyproject
    return None


def _read(path: Path) -> Any:
    if path.name == "pyproject.toml":
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except Exception as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        return data.get("tool", {}).get("k8slint", {})
    # The same positioned reader as manifests, so errors can name their line.
    from k8slint.parse.loader import new_yaml
    from k8slint.parse.tree import TreeBuilder

    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        node = new_yaml(False).compose(text)
    except Exception as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    data = TreeBuilder().build(node) if node is not None else {}
    return data if data is not None else {}


def load_config(explicit: Path | None = None) -> LoadedConfig:
    path = explicit if explicit is not None else find_config()
    if path is None:
        return LoadedConfig(ConfigFile(), None, Path.cwd())
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    data = _read(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping")
    try:
        config = ConfigFile.model_validate(data)
    except ValidationError as exc:
        from k8slint.parse.sourcemap import locate

        lines = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            where = ""
            if hasattr(data, "pos"):
                line, _, _ = locate(data, loc)
                where = f":{line}"
            field_name = ".".join(str(p) for p in loc) or "(top level)"
            lines.append(f"{path}{where}: {field_name}: {error['msg']}")
        raise ConfigError("\n".join(lines)) from None
    return LoadedConfig(config, path, path.parent)


def config_schema() -> dict[str, Any]:
    schema = ConfigFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://k8slint.dev/schemas/config.schema.json"
    return schema


def today() -> dt.date:
    """The date expiries are compared with (K8SLINT_TODAY=YYYY-MM-DD overrides it, for tests)."""
    override = os.environ.get("K8SLINT_TODAY")
    return dt.date.fromisoformat(override) if override else dt.date.today()
