"""One selector implementation, with the upstream edge cases."""

from __future__ import annotations

import pytest

from k8slint.selectors import Selector, SelectorError

LABELS = {"app": "web", "tier": "front", "zone-index": "3"}


def test_empty_label_selector_matches_everything_and_null_nothing():
    assert Selector.from_label_selector({}).matches(LABELS)
    assert Selector.from_label_selector({}).matches({})
    assert not Selector.from_label_selector(None).matches(LABELS)


def test_service_map_selector_empty_or_missing_selects_nothing():
    assert not Selector.from_map({}).matches(LABELS)
    assert not Selector.from_map(None).matches(LABELS)
    assert Selector.from_map({"app": "web"}).matches(LABELS)
    assert not Selector.from_map({"app": "web", "tier": "back"}).matches(LABELS)


@pytest.mark.parametrize(
    ("expr", "matches_labels", "matches_empty"),
    [
        ({"key": "app", "operator": "In", "values": ["web", "api"]}, True, False),
        ({"key": "app", "operator": "NotIn", "values": ["web"]}, False, True),
        ({"key": "app", "operator": "NotIn", "values": ["api"]}, True, True),
        ({"key": "tier", "operator": "Exists"}, True, False),
        ({"key": "tier", "operator": "DoesNotExist"}, False, True),
    ],
)
def test_match_expressions(expr, matches_labels, matches_empty):
    sel = Selector.from_label_selector({"matchExpressions": [expr]})
    assert sel.matches(LABELS) is matches_labels
    assert sel.matches({}) is matches_empty


def test_match_labels_and_expressions_are_anded():
    sel = Selector.from_label_selector(
        {
            "matchLabels": {"app": "web"},
            "matchExpressions": [{"key": "tier", "operator": "In", "values": ["back"]}],
        }
    )
    assert not sel.matches(LABELS)


def test_node_selector_gt_lt():
    gt = Selector.from_node_selector_term(
        {"matchExpressions": [{"key": "zone-index", "operator": "Gt", "values": ["2"]}]}
    )
    lt = Selector.from_node_selector_term(
        {"matchExpressions": [{"key": "zone-index", "operator": "Lt", "values": ["2"]}]}
    )
    assert gt.matches(LABELS) and not lt.matches(LABELS)
    assert not gt.matches({"zone-index": "x"})
    assert not Selector.from_node_selector_term({}).matches(LABELS)


@pytest.mark.parametrize(
    "bad",
    [
        {"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]},
        {"matchExpressions": [{"key": "a", "operator": "In", "values": []}]},
        {"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]},
        {"matchExpressions": [{"operator": "Exists"}]},
        {"matchExpressions": [{"key": "a", "operator": ["In"], "values": ["x"]}]},  # unhashable
        {"matchExpressions": [{"key": "a", "operator": {"In": 1}, "values": ["x"]}]},
        {"matchExpressions": 3.5},
        {"matchLabels": {"a": 1}},
        ["not", "an", "object"],
    ],
)
def test_invalid_selectors_raise(bad):
    with pytest.raises(SelectorError):
        Selector.from_label_selector(bad)
