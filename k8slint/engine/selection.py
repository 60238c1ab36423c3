"""Which rules run: the preset (minimal, default, strict), then ``--select`` and ``--ignore``, which
take rule ids, id prefixes and category names.

The most specific match wins (an exact id beats a prefix, a longer prefix beats a shorter one,
a category counts as a prefix of its length); on a tie, ignore wins.
"""

from __future__ import annotations

from collections.abc import Iterable

from k8slint.engine.rule import Rule
from k8slint.findings import Category

_CATEGORIES = {c.value for c in Category}


def _specificity(rule: type[Rule], tokens: Iterable[str]) -> int:
    best = -1
    for token in tokens:
        if token in ("ALL", "all", "*"):
            best = max(best, 0)
        elif token == rule.id:
            best = max(best, 1000)
        elif (token in _CATEGORIES and rule.category.value == token) or rule.id.startswith(token):
            best = max(best, len(token))
    return best


def unknown_tokens(tokens: Iterable[str], rules: Iterable[type[Rule]]) -> list[str]:
    rules = list(rules)
    return [
        t
        for t in tokens
        if t not in ("ALL", "all", "*")
        and t not in _CATEGORIES
        and not any(r.id.startswith(t) for r in rules)
    ]


PRESETS = ("minimal", "default", "strict")


def in_preset(rule: type[Rule], preset: str) -> bool:
    return PRESETS.index(rule.preset) <= PRESETS.index(preset)


def enabled(rule: type[Rule], select: list[str], ignore: list[str], preset: str = "strict") -> bool:
    """Without --select the preset decides; an explicit selection overrides it."""
    if not select and not in_preset(rule, preset):
        return False
    chosen = _specificity(rule, select) if select else 0
    dropped = _specificity(rule, ignore)
    return chosen >= 0 and chosen > dropped
