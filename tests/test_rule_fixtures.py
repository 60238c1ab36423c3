"""Every rule against its own fixtures, with only that rule selected: the exact set of
(file, line, rule) must equal the ``# expect:`` markers.

A fixture directory may hold ``.k8slint.yaml``: the configuration its case needs (settings,
options). It may also hold ``also-select.txt``: rules that must run too (one id per line), for
rules about other rules' findings such as unused-suppression. Only the directory's rule is compared.
"""

from __future__ import annotations

import pytest

from tests.harness import RULE_FIXTURES, as_set, expectations, findings

FIXTURE_DIRS = sorted(p for p in RULE_FIXTURES.iterdir() if p.is_dir())


@pytest.mark.parametrize("directory", FIXTURE_DIRS, ids=[p.name for p in FIXTURE_DIRS])
def test_rule_fixture(directory):
    rule = directory.name
    expected = expectations(directory)
    assert expected, f"fixture {directory} marks no expected finding"
    assert {e[2] for e in expected} == {rule}, "markers in a rule's fixture name only that rule"
    extra = directory / "also-select.txt"
    also = set(extra.read_text().split()) if extra.exists() else set()
    config = directory / ".k8slint.yaml"
    found = findings([directory], {rule} | also, config if config.exists() else None)
    got = {e for e in as_set(found, directory) if e[2] == rule}
    assert got == expected, f"missing: {sorted(expected - got)}; unexpected: {sorted(got - expected)}"
