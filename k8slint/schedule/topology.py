"""Incremental pod counts per topology domain, shared by PodTopologySpread and InterPodAffinity.

A *matcher* is a predicate on pods (namespace and labels: one spread constraint's selector, one
affinity term, "every required affinity term of a pod"); it keeps the number of matching placed
pods per node. A *domain counter* sums a matcher's per-node counts by the value of one topology
key over a set of eligible nodes, and keeps the minimum over its domains in O(1) per update (a
histogram of counts). Whether a shape matches a matcher is computed once per (matcher, shape).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from k8slint.schedule.pods import Shape


class DomainCounter:
    __slots__ = ("counts", "domain_of", "hist", "low")

    def __init__(self, domain_of: list[str | None]) -> None:
        self.domain_of = domain_of  # per node: its domain, None when the node is not eligible
        self.counts: dict[str, int] = {d: 0 for d in domain_of if d is not None}
        self.hist: dict[int, int] = {0: len(self.counts)} if self.counts else {}
        self.low = 0

    def add(self, node: int, delta: int) -> None:
        d = self.domain_of[node]
        if d is None:
            return
        old = self.counts[d]
        new = old + delta
        self.counts[d] = new
        self.hist[old] -= 1
        self.hist[new] = self.hist.get(new, 0) + 1
        if new < self.low:
            self.low = new
        elif self.hist[old] == 0 and old == self.low:
            while self.hist.get(self.low, 0) == 0:
                self.low += 1

    @property
    def domains(self) -> int:
        return len(self.counts)

    def total(self) -> int:
        return sum(self.counts.values())


class Matcher:
    __slots__ = ("counters", "per_node", "test")

    def __init__(self, test: Callable[[Shape], bool], nodes: int) -> None:
        self.test = test
        self.per_node = [0] * nodes
        self.counters: dict[Hashable, DomainCounter] = {}


class Counts:
    """Every matcher of the run; ``placed(shape, node, delta)`` updates them all."""

    def __init__(self, nodes: int) -> None:
        self.nodes = nodes
        self.matchers: dict[Hashable, Matcher] = {}
        self.by_shape: dict[int, list[Matcher]] = {}
        self.shapes: dict[int, Shape] = {}
        self.population: dict[int, list[int]] = {}  # shape id -> pods placed per node

    def matcher(self, key: Hashable, test: Callable[[Shape], bool]) -> Matcher:
        m = self.matchers.get(key)
        if m is None:
            m = self.matchers[key] = Matcher(test, self.nodes)
            for sid, shape in self.shapes.items():
                if test(shape):
                    self.by_shape[sid].append(m)
                    for node, n in enumerate(self.population[sid]):
                        m.per_node[node] += n
        return m

    def counter(self, m: Matcher, key: Hashable, domain_of: Callable[[], list[str | None]]) -> DomainCounter:
        c = m.counters.get(key)
        if c is None:
            c = m.counters[key] = DomainCounter(domain_of())
            for node, n in enumerate(m.per_node):
                if n:
                    c.add(node, n)
        return c

    def placed(self, shape: Shape, node: int, delta: int) -> None:
        found = self.by_shape.get(shape.id)
        if found is None:
            self.shapes[shape.id] = shape
            self.population[shape.id] = [0] * self.nodes
            found = self.by_shape[shape.id] = [m for m in self.matchers.values() if m.test(shape)]
        self.population[shape.id][node] += delta
        for m in found:
            m.per_node[node] += delta
            for c in m.counters.values():
                c.add(node, delta)
