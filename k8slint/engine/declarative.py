"""Declarative rules: a YAML file with metadata and a JSON Schema the target must satisfy.

Targets: ``container`` (each container of each pod template), ``podSpec`` (each pod spec) or
``object`` (whole objects, optionally limited to ``kinds``). The first schema failure of a target
becomes one finding, at the failing field (or its nearest existing ancestor).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path as FsPath
from typing import Any

from k8slint.engine.rule import ContainerRule, PodTemplateRule, ResourceRule, Rule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import Path, get
from k8slint.resources_data import data_dir


class RuleFileError(Exception):
    """A rule file that cannot be used: names the file and the field."""


def _rule_file_schema() -> dict[str, Any]:
    with open(data_dir("schemas") / "rule.schema.json", encoding="utf-8") as fh:
        return json.load(fh)


def _first_error(validator: Any, instance: Any) -> Any:
    best = None
    for error in validator.iter_errors(instance):
        if best is None or len(error.absolute_path) > len(best.absolute_path):
            best = error
    return best


class _Schema:
    """Compiles the rule's schema once, on first use."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._validator: Any = None

    def error(self, instance: Any) -> tuple[Path, str] | None:
        if self._validator is None:
            from k8slint.validity.fastschema import FastValidator, Unsupported

            try:  # the same verdicts as jsonschema for the common keywords, without its import cost
                self._validator = FastValidator(self.schema)
            except Unsupported:
                from jsonschema import Draft202012Validator

                self._validator = Draft202012Validator(self.schema)
        err = _first_error(self._validator, instance)
        if err is None:
            return None
        return tuple(err.absolute_path), err.message


def read_rule_file(path: FsPath) -> Any:
    from ruamel.yaml import YAML

    try:
        return YAML(typ="safe", pure=False).load(path.read_text(encoding="utf-8"))
    except Exception as exc:
        raise RuleFileError(f"{path}: not valid YAML: {exc}") from None


def load_rule_file(path: FsPath, *, trusted: bool = False) -> type[Rule]:
    """Read and validate one rule file. ``trusted`` skips validation: the built-in rules are
    validated against the rule-file schema by the test suite, not on every run."""
    spec = read_rule_file(path)
    if not trusted:
        validate_rule_spec(path, spec)
    return make_rule(spec)


def validate_rule_spec(path: FsPath, spec: Any) -> None:
    from jsonschema import Draft202012Validator

    errors = sorted(Draft202012Validator(_rule_file_schema()).iter_errors(spec), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        where = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        raise RuleFileError(f"{path}: field {where}: {err.message}")
    try:
        Draft202012Validator.check_schema(spec["schema"])
    except Exception as exc:
        raise RuleFileError(
            f"{path}: field schema: not a valid JSON Schema: {getattr(exc, 'message', exc)}"
        ) from None
    return make_rule(spec)


def make_rule(spec: dict[str, Any]) -> type[Rule]:
    schema = _Schema(spec["schema"])
    message: str = spec["message"]
    attrs: dict[str, Any] = {
        "id": spec["id"],
        "category": Category(spec["category"]),
        "level": Level(spec["level"]),
        "summary": spec["summary"],
        "aliases": tuple(spec.get("aliases", ())),
        "doc": spec.get("doc", ""),
        "declarative": True,
        "preset": spec.get("preset", "default"),
    }
    target = spec["target"]
    if target == "container":

        def check_container(self: Any, container: Any, ctx: Any) -> Iterable[Violation]:
            raw = get(container.resource.raw, container.path)
            failed = schema.error(raw)
            if failed is not None:
                yield Violation((*container.path, *failed[0]), message.format(container=container.name))

        attrs["check"] = check_container
        base: type[Rule] = ContainerRule
    elif target == "podSpec":

        def check_pod(self: Any, template: Any, ctx: Any) -> Iterable[Violation]:
            failed = schema.error(template.raw_spec)
            if failed is not None:
                yield Violation((*template.spec_path, *failed[0]), message.format(container=""))

        attrs["check"] = check_pod
        base = PodTemplateRule
    else:

        def check_object(self: Any, resource: Any, ctx: Any) -> Iterable[Violation]:
            failed = schema.error(resource.raw)
            if failed is not None:
                yield Violation(failed[0], message.format(container=""))

        attrs["check"] = check_object
        attrs["targets"] = frozenset(spec["kinds"]) if spec.get("kinds") else None
        base = ResourceRule
    return type(f"Declarative_{spec['id'].replace('-', '_')}", (base,), attrs)


def rule_files(directory: FsPath) -> list[FsPath]:
    return sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))


def load_rules_dir(directory: FsPath, *, trusted: bool = False) -> list[type[Rule]]:
    return [load_rule_file(p, trusted=trusted) for p in rule_files(directory)]
