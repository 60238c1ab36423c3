"""Shared test helpers: run k8slint in-process and read ``# expect:`` markers from fixtures.

A fixture line carrying ``# expect: rule-a, rule-b`` must receive exactly those findings; every
other line must receive none. Files that cannot hold comments (JSON, binary) list their
expectations in ``<file>.expect``: one ``LINE RULE`` per line.
"""

from __future__ import annotations

import re
from pathlib import Path

from k8slint.analysis.context import Settings
from k8slint.engine.registry import load_registry
from k8slint.engine.run import Runner, RunResult
from k8slint.findings import Finding

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
_MARKER = re.compile(rb"#\s*expect:\s*([a-z0-9\-, ]+)")

Expectation = tuple[str, int, str]


def rules() -> dict[str, type]:
    return load_registry()


def run(paths: list[str | Path], select: set[str] | None = None, config: Path | None = None) -> RunResult:
    registry = load_registry()
    if config is not None:
        from k8slint.config import load_config
        from k8slint.engine.plan import make_plan

        plan = make_plan(registry, load_config(config))
        if select is not None:
            plan.enabled = set(select)
        return Runner(plan).run([str(p) for p in paths])
    enabled = set(registry) if select is None else select
    return Runner(registry, enabled, Settings()).run([str(p) for p in paths])


def findings(
    paths: list[str | Path], select: set[str] | None = None, config: Path | None = None
) -> list[Finding]:
    return run(paths, select, config).findings


def as_set(found: list[Finding], root: Path) -> set[Expectation]:
    out = set()
    for f in found:
        path = Path(f.location.file).resolve()
        out.add((str(path.relative_to(root.resolve())), f.location.line, f.rule))
    return out


def expectations(directory: Path) -> set[Expectation]:
    expected: set[Expectation] = set()
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or path.name == "also-select.txt":
            continue
        rel = str(path.relative_to(directory))
        if path.suffix == ".expect":
            for line in path.read_text().splitlines():
                if line.strip():
                    number, rule = line.split()
                    expected.add((rel[: -len(".expect")], int(number), rule))
            continue
        for number, text in enumerate(path.read_bytes().splitlines(), start=1):
            m = _MARKER.search(text)
            if m:
                for rule in m.group(1).decode().split(","):
                    if rule.strip():
                        expected.add((rel, number, rule.strip()))
    return expected
