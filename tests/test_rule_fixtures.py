"""Every rule against its own fixtures, with only that rule selected: the exact set of
(file, line, rule) must equal the ``# expect:`` markers."""

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
    got = as_set(findings([directory], {rule}), directory)
    assert got == expected, f"missing: {sorted(expected - got)}; unexpected: {sorted(got - expected)}"
