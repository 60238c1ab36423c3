"""Every suppression form: annotations (with reason, expiry, container scope), pod-template
annotations, comments, ignore-file, config entries, peers' annotations through aliases, unused."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from k8slint.cli import app

runner = CliRunner()
SELECTED = (
    "privileged-container,image-tag-latest-or-missing,unused-suppression,expired-suppression,invalid-quantity"
)

WORKLOAD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  namespace: ops
  annotations: {ANNOTATIONS}
spec:
  selector: {{matchLabels: {{app: agent}}}}
  template:
    metadata:
      labels: {{app: agent}}
      annotations: {TEMPLATE}
    spec:
      containers:
        - name: main
          image: example/agent
          securityContext: {{privileged: true}}
        - name: helper
          image: example/helper
          securityContext: {{privileged: true}}
"""


def run(tmp_path, text: str, *args: str, config: str | None = None) -> dict:
    (tmp_path / "m.yaml").write_text(text)
    if config is not None:
        (tmp_path / ".k8slint.yaml").write_text(config)
    result = runner.invoke(
        app, ["check", str(tmp_path / "m.yaml"), "--format", "json", "--select", SELECTED, *args]
    )
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def active(doc: dict) -> set[tuple[str, int]]:
    return {(f["rule"], f["line"]) for f in doc["findings"]}


def workload(annotations: str = "{}", template: str = "{}") -> str:
    return WORKLOAD.format(ANNOTATIONS=annotations, TEMPLATE=template)


def test_no_suppression(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = run(tmp_path, workload())
    assert active(doc) == {
        ("image-tag-latest-or-missing", 16),
        ("privileged-container", 17),
        ("image-tag-latest-or-missing", 19),
        ("privileged-container", 20),
    }


def test_object_annotation_with_reason(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = run(
        tmp_path,
        workload(
            '{k8slint.io/ignore: "privileged-container,image-tag-latest-or-missing", '
            'k8slint.io/ignore-reason: "node agent, reviewed"}'
        ),
    )
    assert active(doc) == set()
    assert {s["suppression"]["justification"] for s in doc["suppressed"]} == {"node agent, reviewed"}
    assert {s["suppression"]["kind"] for s in doc["suppressed"]} == {"inSource"}


def test_pod_template_annotation_and_container_scope(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = run(tmp_path, workload(template="{k8slint.io/ignore.helper: privileged-container}"))
    assert active(doc) == {
        ("image-tag-latest-or-missing", 16),
        ("privileged-container", 17),
        ("image-tag-latest-or-missing", 19),
    }
    doc = run(tmp_path, workload(template="{k8slint.io/ignore: image-tag-latest-or-missing}"))
    assert active(doc) == {("privileged-container", 17), ("privileged-container", 20)}


def test_expiry(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("K8SLINT_TODAY", "2026-06-01")
    future = run(
        tmp_path, workload('{k8slint.io/ignore: privileged-container, k8slint.io/ignore-until: "2026-06-30"}')
    )
    assert ("privileged-container", 17) not in active(future)
    monkeypatch.setenv("K8SLINT_TODAY", "2026-07-01")
    past = run(
        tmp_path, workload('{k8slint.io/ignore: privileged-container, k8slint.io/ignore-until: "2026-06-30"}')
    )
    assert {("privileged-container", 17), ("privileged-container", 20), ("expired-suppression", 6)} <= active(
        past
    )
    note = next(f for f in past["findings"] if f["rule"] == "expired-suppression")
    assert "expired on 2026-06-30" in note["message"]


def test_comments(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (
        workload()
        .replace(
            "image: example/agent",
            "image: example/agent  # k8slint: ignore[image-tag-latest-or-missing] pinned by CD",
        )
        .replace(
            "        - name: helper\n",
            "        # k8slint: ignore[privileged-container]\n        - name: helper\n",
        )
    )
    doc = run(tmp_path, text)
    # the standalone comment covers the next line (the helper's "- name"), not its securityContext
    assert active(doc) == {
        ("privileged-container", 17),
        ("image-tag-latest-or-missing", 20),
        ("privileged-container", 21),
        ("unused-suppression", 18),
    }
    reasons = {s["rule"]: s["suppression"]["justification"] for s in doc["suppressed"]}
    assert reasons == {"image-tag-latest-or-missing": "pinned by CD"}


def test_ignore_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = run(tmp_path, "# third-party manifest\n# k8slint: ignore-file[privileged-container]\n" + workload())
    assert {r for r, _ in active(doc)} == {"image-tag-latest-or-missing"}
    doc = run(tmp_path, "# k8slint: ignore-file\n" + workload())
    assert active(doc) == set()


def test_config_suppression_with_globs_and_expiry(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("K8SLINT_TODAY", "2026-06-01")
    config = (
        "suppressions:\n"
        "  - {kind: Deploy*, namespace: ops, name: 'ag*', rules: [privileged-container], reason: CIS exception 12}\n"
        "  - {name: other, rules: [image-tag-latest-or-missing], reason: nothing matches this}\n"
        "  - {rules: [image-tag-latest-or-missing], reason: lapsed, until: 2026-01-01}\n"
    )
    doc = run(tmp_path, workload(), config=config)
    assert {r for r, _ in active(doc)} == {
        "image-tag-latest-or-missing",
        "unused-suppression",
        "expired-suppression",
    }
    assert {s["suppression"]["kind"] for s in doc["suppressed"]} == {"external"}
    assert {s["suppression"]["justification"] for s in doc["suppressed"]} == {"CIS exception 12"}


def test_peer_annotations_through_aliases(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cases = {
        '{ignore-check.kube-linter.io/privileged-container: "needed"}': {"image-tag-latest-or-missing"},
        '{kube-linter.io/ignore-all: "true"}': set(),
        '{polaris.fairwinds.com/runAsPrivileged-exempt: "true", polaris.fairwinds.com/tagNotSpecified-exempt: "true"}': set(),
        '{kube-score/ignore: "container-image-tag,container-security-context-privileged"}': set(),
        '{ignore-check.kube-linter.io/no-such-check: "peer annotations are never reported unused"}': {
            "image-tag-latest-or-missing",
            "privileged-container",
        },
    }
    for given, remaining in cases.items():
        doc = run(tmp_path, workload(given))
        assert {r for r, _ in active(doc)} == remaining, given


def test_unused_is_reported_only_for_rules_that_ran(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = workload("{k8slint.io/ignore: invalid-quantity}")
    assert ("unused-suppression", 6) in active(run(tmp_path, text))
    assert ("unused-suppression", 6) not in active(run(tmp_path, text, "--ignore", "invalid-quantity"))


def test_suppressed_findings_do_not_fail_the_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.yaml").write_text(workload('{k8slint.io/ignore: "privileged-container"}'))
    assert runner.invoke(app, ["check", "m.yaml", "--select", SELECTED]).exit_code == 0
    assert (
        runner.invoke(app, ["check", "m.yaml", "--select", SELECTED, "--fail-on", "warning"]).exit_code == 1
    )
