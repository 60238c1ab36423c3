"""Bad input becomes findings with locations, never a traceback, and the rest is still read."""

from __future__ import annotations

from tests.harness import findings as _findings
from tests.harness import run as _run

# what reading input can report; the rule pack is not what these tests are about
READING = {
    "invalid-yaml",
    "invalid-document",
    "unreadable-file",
    "duplicate-key",
    "skipped-document",
    "unrendered-template",
    "internal-error",
    "privileged-container",
    "image-tag-latest-or-missing",
}


def run(paths, select=None):
    return _run(paths, READING if select is None else select)


def findings(paths, select=None):
    return _findings(paths, READING if select is None else select)


GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n"


def _rules(found):
    return {(f.rule, f.location.line) for f in found}


def test_deep_flow_nesting(tmp_path):
    (tmp_path / "deep.yaml").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "good.yaml").write_text(GOOD)
    result = run([tmp_path])
    assert [r.name for r in result.resources] == ["good"]
    assert any(
        f.rule == "invalid-document" and f.location.file.endswith("deep.yaml") for f in result.findings
    )


def test_deep_flow_nesting_with_keys_and_siblings(tmp_path):
    # `{a: {a: ...` and `{a: [1], b: {a: [1], b: ...`: the C parser would overflow its stack
    (tmp_path / "keys.yaml").write_text("a: " + "{a: " * 30_000 + "1" + "}" * 30_000 + "\n")
    (tmp_path / "siblings.yaml").write_text("a: " + "{a: [1], b: " * 3_000 + "1" + "}" * 3_000 + "\n")
    (tmp_path / "good.yaml").write_text(GOOD)
    result = run([tmp_path])
    assert [r.name for r in result.resources] == ["good"]
    deep = {f.location.file.rsplit("/", 1)[-1] for f in result.findings if f.rule == "invalid-document"}
    assert deep == {"keys.yaml", "siblings.yaml"}


def test_non_regular_files_are_never_read(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would block forever
    (tmp_path / "good.yaml").write_text(GOOD)
    result = run([tmp_path])
    assert [r.name for r in result.resources] == ["good"]
    found = findings(["/dev/zero"])  # endless: its size says 0
    assert [(f.rule, f.message) for f in found] == [("unreadable-file", "not a regular file: not read")]


def test_deep_block_nesting(tmp_path):
    (tmp_path / "deep.yaml").write_text("- " * 50_000 + "x\n")
    found = findings([tmp_path / "deep.yaml"])
    assert {f.rule for f in found} <= {"invalid-document", "invalid-yaml"} and found


def test_alias_bomb(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    found = findings([tmp_path / "bomb.yaml"])
    assert any(f.rule == "invalid-document" and "excessive aliasing" in f.message for f in found)


def test_binary_and_non_utf8(tmp_path):
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin.yaml").write_bytes(b"a: 1\nb: caf\xe9\n")
    (tmp_path / "good.yaml").write_text(GOOD)
    result = run([tmp_path])
    assert _rules(result.findings) == {("unreadable-file", 1), ("unreadable-file", 2)}
    assert len(result.resources) == 1


def test_utf16_with_bom_is_read(tmp_path):
    (tmp_path / "u16.yaml").write_bytes(GOOD.encode("utf-16"))
    assert [r.name for r in run([tmp_path]).resources] == ["good"]


def test_syntax_error_keeps_earlier_documents(tmp_path):
    (tmp_path / "x.yaml").write_text(GOOD + "---\napiVersion: v1\nkind: [\n")
    result = run([tmp_path])
    assert [r.name for r in result.resources] == ["good"]
    assert {f.rule for f in result.findings} == {"invalid-yaml"}


def test_scalar_list_and_empty_documents(tmp_path):
    (tmp_path / "x.yaml").write_text("42\n---\n- a\n---\n---\n" + GOOD)
    result = run([tmp_path])
    assert _rules(result.findings) == {("invalid-document", 1), ("invalid-document", 3)}
    assert [r.name for r in result.resources] == ["good"]


def test_missing_path_is_a_finding(tmp_path):
    found = findings([tmp_path / "nope.yaml"])
    assert [(f.rule, f.location.line) for f in found] == [("unreadable-file", 1)]


def test_hidden_directories_are_skipped_and_accounted(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.yaml").write_text(GOOD)
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "wf.yaml").write_text(GOOD)
    (tmp_path / "app.yml").write_text(GOOD)
    (tmp_path / "notes.txt").write_text("not a manifest")
    result = run([tmp_path])
    assert len(result.resources) == 1
    skipped = [
        (f.path.rsplit("/", 1)[-1], f.reason.split(":")[0]) for f in result.files if f.status == "skipped"
    ]
    assert skipped == [("wf.yaml", "in hidden directory .github")]


def test_a_crashing_rule_becomes_internal_error(monkeypatch):
    from k8slint.checks.image_tag_latest_or_missing import ImageTagLatestOrMissing

    def boom(self, container, ctx):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(ImageTagLatestOrMissing, "check", boom)
    from k8slint.analysis.context import Settings
    from k8slint.engine.registry import load_registry
    from k8slint.engine.run import Runner

    registry = load_registry()
    pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: x\n      securityContext: {privileged: true}\n"
    result = Runner(registry, set(registry), Settings()).run_text(pod, "p.yaml")
    rules = {f.rule: f for f in result.findings}
    assert rules["internal-error"].level.value == "note"
    assert "image-tag-latest-or-missing" in rules["internal-error"].message
    assert rules["internal-error"].location.line == 1
    assert "privileged-container" in rules  # the other rules still ran


def test_internal_errors_are_reported_whatever_is_selected():
    from pathlib import Path

    from k8slint.config import ConfigFile, LoadedConfig
    from k8slint.engine.plan import make_plan
    from k8slint.engine.registry import load_registry

    registry = load_registry()
    loaded = LoadedConfig(ConfigFile(), None, Path.cwd())
    assert "internal-error" in make_plan(registry, loaded, select=["privileged-container"]).enabled
    plan = make_plan(registry, loaded, select=["privileged-container"], ignore=["internal-error"])
    assert "internal-error" not in plan.enabled
