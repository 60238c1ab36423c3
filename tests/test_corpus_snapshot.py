"""Every validity finding over the shared corpus is listed (and was reviewed) in a snapshot: a new
one, or a lost one, fails here until it is reviewed and the snapshot updated."""

from __future__ import annotations

import pytest

from tests.harness import ROOT, run

CORPUS = ROOT.parent / "shared" / "corpus"
SNAPSHOT = ROOT / "tests" / "snapshots" / "corpus-validity.txt"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout")
def test_corpus_validity_findings_match_the_reviewed_snapshot():
    from k8slint.engine.registry import load_registry
    from k8slint.findings import Category

    registry = load_registry()
    validity = {r for r, rule in registry.items() if rule.category is Category.VALIDITY}
    result = run([CORPUS], validity - {"custom-resource-without-schema"})
    got = {f"{f.location.file.split('corpus/', 1)[1]}:{f.location.line} {f.rule}" for f in result.findings}
    expected = {line for line in SNAPSHOT.read_text().splitlines() if line and not line.startswith("#")}
    assert got == expected, f"new: {sorted(got - expected)}; gone: {sorted(expected - got)}"
    assert not any("Traceback" in f.message for f in result.findings)
