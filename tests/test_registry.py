"""The registry keeps itself honest: ids, docs, examples, fixtures and the catalog contract."""

from __future__ import annotations

import re

import pytest

from k8slint.analysis.context import Settings
from k8slint.engine.rule import DOC_SECTIONS, Rule
from k8slint.engine.run import Runner
from tests.harness import RULE_FIXTURES, rules

ALL = rules()
# internal-error cannot be provoked by a manifest; tests/test_engine.py covers it.
WITHOUT_FIXTURE = {"internal-error"}


def test_ids_are_kebab_case_and_unique():
    for rule_id, rule in ALL.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule_id)
        assert rule.id == rule_id


@pytest.mark.parametrize("rule_id", sorted(ALL))
def test_rule_has_fixture(rule_id):
    if rule_id in WITHOUT_FIXTURE:
        pytest.skip("covered by a dedicated test")
    assert (RULE_FIXTURES / rule_id).is_dir(), f"fixtures/rules/{rule_id}/ is missing"


@pytest.mark.parametrize("rule_id", sorted(ALL))
def test_rule_docs_have_every_section(rule_id):
    rule: type[Rule] = ALL[rule_id]
    for section in DOC_SECTIONS:
        assert rule.doc_section(section) or (section in ("Example",) and not rule.examples_replayable), (
            f"{rule_id}: section '## {section}' is missing or empty"
        )
    assert rule.summary and not rule.summary.endswith(".")


@pytest.mark.parametrize("rule_id", sorted(ALL))
def test_aliases_name_a_peer(rule_id):
    for alias in ALL[rule_id].aliases:
        assert re.fullmatch(
            r"(kube-linter|kube-score|polaris|yamllint|checkov|ruff|kubeconform|kubescape|trivy|krane|rbac-police)"
            r":[A-Za-z0-9_\-]+",
            alias,
        )


def _findings_for(rule_id: str, text: str) -> list[str]:
    result = Runner(ALL, set(ALL), Settings()).run_text(text, "example.yaml")
    return [f.rule for f in result.findings]


@pytest.mark.parametrize("rule_id", sorted(ALL))
def test_documented_examples(rule_id):
    """The '## Example' YAML triggers the rule; the '## Use instead' YAML does not."""
    rule = ALL[rule_id]
    if not rule.examples_replayable:
        pytest.skip("examples describe input that text cannot carry")
    bad, good = rule.example_yaml("Example"), rule.example_yaml("Use instead")
    assert bad and good, f"{rule_id}: examples must be ```yaml blocks"
    assert rule_id in _findings_for(rule_id, bad), f"{rule_id}: the documented example does not trigger it"
    assert rule_id not in _findings_for(rule_id, good), f"{rule_id}: the documented fix still triggers it"


def test_builtin_rule_files_match_the_rule_file_schema():
    from k8slint.engine.declarative import read_rule_file, rule_files, validate_rule_spec
    from k8slint.resources_data import data_dir

    files = rule_files(data_dir("rules"))
    assert files
    for path in files:
        validate_rule_spec(path, read_rule_file(path))  # raises RuleFileError naming file and field
        assert path.stem == read_rule_file(path)["id"], "a rule file is named after its id"


def test_generated_rule_docs_are_current():
    import subprocess
    import sys

    from tests.harness import ROOT

    proc = subprocess.run(
        [sys.executable, "scripts/gen_docs.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + "run: python scripts/gen_docs.py"
