"""Mutated manifests (any field replaced by a value of the wrong shape) never crash a rule: every
rule copes with whatever the YAML holds, so no run ever reports internal-error."""

from __future__ import annotations

import io
import random

import pytest
from ruamel.yaml import YAML

from k8slint.analysis.context import Settings
from k8slint.engine.registry import load_registry
from k8slint.engine.run import Runner
from k8slint.parse.loader import load
from tests.harness import FIXTURES

WEIRD = [None, 1, -5, 3.5, True, "x", [], {}, [1, "a", None], {"a": [{}]}, "${X}", "1Gi", 2**70]


def _plain(x):
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def _mutate(rng: random.Random, node, depth: int = 0) -> None:
    if isinstance(node, dict) and node:
        key = rng.choice(list(node))
        if rng.random() < 0.3 or depth > 8:
            node[key] = rng.choice(WEIRD)
        else:
            _mutate(rng, node[key], depth + 1)
    elif isinstance(node, list) and node:
        i = rng.randrange(len(node))
        if rng.random() < 0.3 or depth > 8:
            node[i] = rng.choice(WEIRD)
        else:
            _mutate(rng, node[i], depth + 1)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_manifests_never_crash_a_rule(seed):
    rng = random.Random(seed)
    docs = [d.data for d in load([str(FIXTURES)]).documents]
    registry = load_registry()
    yaml = YAML(typ="safe")
    for _ in range(60):
        doc = _plain(rng.choice(docs))
        for _ in range(rng.randint(1, 4)):
            _mutate(rng, doc)
        out = io.StringIO()
        yaml.dump(doc, out)
        result = Runner(registry, set(registry), Settings()).run_text(out.getvalue(), "fuzz.yaml")
        crashes = [f.message for f in result.findings if f.rule == "internal-error"]
        assert not crashes, (crashes, out.getvalue())
