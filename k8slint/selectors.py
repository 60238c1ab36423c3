"""Label selectors with Kubernetes semantics, shared by every engine.

Three shapes exist upstream and they differ at the edges:

- ``LabelSelector`` (metav1: Deployments, PDBs, NetworkPolicies, affinity terms): an empty selector
  ``{}`` matches everything; an absent one (``None``) matches nothing
  (``metav1.LabelSelectorAsSelector``).
- a plain map (Service ``spec.selector``, ReplicationController): requirements are ANDed; an empty or
  absent map selects nothing for a Service (no endpoints are managed).
- node selector requirements (node affinity) add ``Gt`` and ``Lt`` on integer values.

Operators: In, NotIn, Exists, DoesNotExist (and Gt, Lt for nodes). ``NotIn`` and ``DoesNotExist``
match objects that lack the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LABEL_OPERATORS = frozenset({"In", "NotIn", "Exists", "DoesNotExist"})
NODE_OPERATORS = LABEL_OPERATORS | {"Gt", "Lt"}


class SelectorError(ValueError):
    """A selector the API server would reject."""


@dataclass(frozen=True, slots=True)
class Requirement:
    key: str
    operator: str
    values: frozenset[str] = frozenset()

    def matches(self, labels: Mapping[str, str]) -> bool:
        op = self.operator
        value = labels.get(self.key)
        value = value if isinstance(value, str) else None  # a non-string label never equals a value
        if op == "In":
            return value is not None and value in self.values
        if op == "NotIn":
            return self.key not in labels or value not in self.values
        if op == "Exists":
            return self.key in labels
        if op == "DoesNotExist":
            return self.key not in labels
        if op in ("Gt", "Lt"):
            if self.key not in labels:
                return False
            try:
                have = int(labels[self.key])
                want = int(next(iter(self.values)))
            except (ValueError, StopIteration):
                return False
            return have > want if op == "Gt" else have < want
        return False


def _requirement(expr: Any, operators: frozenset[str]) -> Requirement:
    if not isinstance(expr, Mapping):
        raise SelectorError("a match expression must be an object")
    key = expr.get("key")
    op = expr.get("operator")
    values = expr.get("values") or []
    if not isinstance(key, str) or not key:
        raise SelectorError("a match expression needs a key")
    if not isinstance(op, str) or op not in operators:
        raise SelectorError(f'"{op}" is not a valid label selector operator')
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SelectorError("match expression values must be a list of strings")
    if op in ("In", "NotIn") and not values:
        raise SelectorError(f"values: must be specified when `operator` is '{op}'")
    if op in ("Exists", "DoesNotExist") and values:
        raise SelectorError(f"values: may not be specified when `operator` is '{op}'")
    if op in ("Gt", "Lt") and len(values) != 1:
        raise SelectorError(f"values: must be specified single value when `operator` is '{op}'")
    return Requirement(key, op, frozenset(values))


@dataclass(frozen=True, slots=True)
class Selector:
    """A parsed selector. ``nothing`` selects no object at all."""

    requirements: tuple[Requirement, ...] = ()
    nothing: bool = False

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        if self.nothing:
            return False
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)

    @property
    def everything(self) -> bool:
        return not self.nothing and not self.requirements

    @classmethod
    def from_label_selector(cls, raw: Any) -> Selector:
        """metav1.LabelSelector: None selects nothing, ``{}`` selects everything."""
        if raw is None:
            return cls(nothing=True)
        if not isinstance(raw, Mapping):
            raise SelectorError("a label selector must be an object")
        reqs: list[Requirement] = []
        match_labels = raw.get("matchLabels") or {}
        if not isinstance(match_labels, Mapping):
            raise SelectorError("matchLabels must be an object")
        for key, value in match_labels.items():
            if not isinstance(value, str):
                raise SelectorError(f"matchLabels.{key} must be a string")
            reqs.append(Requirement(key, "In", frozenset([value])))
        exprs = raw.get("matchExpressions") or []
        if not isinstance(exprs, list):
            raise SelectorError("matchExpressions must be a list")
        reqs.extend(_requirement(e, LABEL_OPERATORS) for e in exprs)
        return cls(tuple(reqs))

    @classmethod
    def from_map(cls, raw: Any) -> Selector:
        """A plain equality map (Service, ReplicationController): empty or absent selects nothing."""
        if not raw:
            return cls(nothing=True)
        if not isinstance(raw, Mapping):
            raise SelectorError("a selector must be a map of labels")
        return cls(tuple(Requirement(k, "In", frozenset([str(v)])) for k, v in raw.items()))

    @classmethod
    def from_node_selector_term(cls, raw: Any) -> Selector:
        """A nodeSelectorTerm's matchExpressions (Gt and Lt allowed). An empty term matches nothing."""
        if not isinstance(raw, Mapping):
            raise SelectorError("a node selector term must be an object")
        exprs = raw.get("matchExpressions") or []
        fields = raw.get("matchFields") or []
        if not isinstance(exprs, list) or not isinstance(fields, list):
            raise SelectorError("matchExpressions and matchFields must be lists")
        if not exprs and not fields:
            return cls(nothing=True)
        return cls(tuple(_requirement(e, NODE_OPERATORS) for e in exprs))


def selector_text(selector: Selector) -> str:
    """A parsed label selector in kubectl's syntax: `app=web,tier in (a,b),!canary`."""
    parts = []
    for r in selector.requirements:
        values = ",".join(sorted(r.values))
        if r.operator == "In":
            parts.append(f"{r.key}={values}" if len(r.values) == 1 else f"{r.key} in ({values})")
        elif r.operator == "NotIn":
            parts.append(f"{r.key} notin ({values})")
        elif r.operator == "Exists":
            parts.append(r.key)
        else:
            parts.append(f"!{r.key}")
    return ",".join(parts)
