"""Rule discovery: built-in Python rules by walking ``k8slint.checks``, declarative rules from
``rules/`` and any ``--rules-dir``. A duplicate id is a load error."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path

from k8slint.engine.declarative import RuleFileError, load_rules_dir
from k8slint.engine.rule import ContainerRule, GraphRule, PodTemplateRule, ResourceRule, Rule, SourceRule
from k8slint.resources_data import data_dir

_BASES = (Rule, SourceRule, ResourceRule, PodTemplateRule, ContainerRule, GraphRule)


class RegistryError(Exception):
    pass


@cache
def _python_rules() -> tuple[type[Rule], ...]:
    import k8slint.checks as package

    found: list[type[Rule]] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Rule)
                and obj not in _BASES
                and "id" in vars(obj)  # shared bases without an id are not rules
                and obj.__module__ == module.__name__
            ):
                found.append(obj)
    return tuple(found)


def load_registry(extra_dirs: tuple[Path, ...] = ()) -> dict[str, type[Rule]]:
    rules: dict[str, type[Rule]] = {}
    sources: list[type[Rule]] = list(_python_rules())
    sources.extend(load_rules_dir(data_dir("rules"), trusted=True))
    for directory in extra_dirs:
        if not directory.is_dir():
            raise RuleFileError(f"{directory}: rules directory does not exist")
        sources.extend(load_rules_dir(directory))
    for rule in sources:
        if rule.id in rules:
            raise RegistryError(f"rule id {rule.id!r} is defined twice")
        rules[rule.id] = rule
    return dict(sorted(rules.items()))
