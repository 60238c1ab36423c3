"""Parity with kube-linter on its own per-check fixtures (../shared/peers/kube-linter): for every
k8slint rule aliased to a kube-linter check, the objects reported must match kube-linter's report
count and kinds, except where k8slint deliberately differs; each difference is listed here with
its reason (and documented in the rule's docs)."""

from __future__ import annotations

import json

import pytest

from k8slint.analysis.context import Settings
from k8slint.engine.plan import Plan
from k8slint.engine.registry import load_registry
from k8slint.engine.run import Runner
from tests.harness import ROOT

PEERS = ROOT.parent / "shared" / "peers" / "kube-linter"
REGISTRY = load_registry()
BY_ALIAS: dict[str, list[str]] = {}
for _rule in REGISTRY.values():
    for _alias in _rule.aliases:
        if _alias.startswith("kube-linter:"):
            BY_ALIAS.setdefault(_alias.split(":", 1)[1], []).append(_rule.id)

# kube-linter check -> why k8slint reports something else on its fixture
DIVERGENCES = {
    "liveness-port": "a probe on an undeclared port number works; only undeclared port names fail",
    "readiness-port": "a probe on an undeclared port number works; only undeclared port names fail",
    "startup-port": "a probe on an undeclared port number works; only undeclared port names fail",
    "no-readiness-probe": "readiness only gates Service endpoints: pods no Service selects are not reported",
    "mismatching-selector": "validity is only claimed for the built-in apps/v1 kinds, not DeploymentConfig",
    "run-as-non-root": "runAsGroup 0 is not root: only a root UID is reported",
    "required-annotation-email": "needs required-annotations in the configuration",
    "required-label-owner": "needs required-labels in the configuration",
    "job-ttl-seconds-after-finished": "a Job created by a CronJob's jobTemplate is cleaned by the CronJob's history limits",
    "unset-cpu-requirements": "requests and limits are separate rules, so each container can get two findings",
    "unset-memory-requirements": "requests and limits are separate rules, so each container can get two findings",
    "drop-net-raw-capability": "one finding per container, kube-linter counts per object",
    "invalid-target-ports": "kube-linter reports each invalid port, the suite counts objects; k8slint also reports "
    "the unnamed ports of a multi-port Service, which the API server rejects",
    "dangling-servicemonitor": "without a namespaceSelector the Prometheus operator watches only the ServiceMonitor's "
    "own namespace: dont-fire (namespace default) does not see the Service of namespace dontfire",
    "pdb-min-available": "a PDB selects pods by their template labels; the fixture's Deployment foo has no pod template, "
    "and KEDA ScaledObjects are not read",
}
OPTIONS = {
    "minimum-three-replicas": {"too-few-replicas": {"minimum": 3}},
    "hpa-minimum-three-replicas": {"hpa-min-replicas": {"minimum": 3}},
}


def _cases() -> list[dict]:
    if not PEERS.is_dir():
        return []
    cases = json.loads((PEERS / "expected.json").read_text())["cases"]
    return [c for c in cases if c["check"] in BY_ALIAS]


@pytest.mark.skipif(not PEERS.is_dir(), reason="the shared peer fixtures are not beside this checkout")
@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["check"])
def test_kube_linter_parity(case):
    rules = set(BY_ALIAS[case["check"]])
    options = {
        rid: REGISTRY[rid].Options.model_validate(o) for rid, o in OPTIONS.get(case["check"], {}).items()
    }
    plan = Plan(rules=REGISTRY, enabled=rules, settings=Settings(), options=options)
    result = Runner(plan).run([str(PEERS / "checks" / case["fixture"])])
    objects = sorted({(f.resource.kind, f.resource.name) for f in result.findings if f.resource})
    assert not [f for f in result.findings if f.rule == "internal-error"]
    if case["check"] in DIVERGENCES:
        return  # documented above and in the rule's docs
    assert len(objects) == case["expected_reports"], objects
    if case["kinds"]:
        assert sorted(k for k, _ in objects) == sorted(case["kinds"])
