"""Connection sets: per protocol (SCTP, TCP, UDP), an interval set of destination ports 1..65535."""

from __future__ import annotations

from dataclasses import dataclass

PROTOCOLS = ("SCTP", "TCP", "UDP")  # the order connection strings list them in
MIN_PORT, MAX_PORT = 1, 65535
Intervals = tuple[tuple[int, int], ...]
FULL: Intervals = ((MIN_PORT, MAX_PORT),)


def normalize(intervals: list[tuple[int, int]]) -> Intervals:
    """Sorted, disjoint, merged (adjacent intervals join)."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def union(a: Intervals, b: Intervals) -> Intervals:
    if not a:
        return b
    if not b or a == b:
        return a
    return normalize([*a, *b])


def intersect(a: Intervals, b: Intervals) -> Intervals:
    if not a or not b:
        return ()
    if a == b:
        return a
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def subtract(a: Intervals, b: Intervals) -> Intervals:
    if not a or not b:
        return a
    out: list[tuple[int, int]] = []
    for lo, hi in a:
        cur = lo
        for blo, bhi in b:
            if bhi < cur or blo > hi:
                continue
            if blo > cur:
                out.append((cur, blo - 1))
            cur = max(cur, bhi + 1)
            if cur > hi:
                break
        if cur <= hi:
            out.append((cur, hi))
    return tuple(out)


def contains(a: Intervals, port: int) -> bool:
    return any(lo <= port <= hi for lo, hi in a)


@dataclass(frozen=True, slots=True)
class Conn:
    """An immutable connection set: ``ports[i]`` holds the intervals of ``PROTOCOLS[i]``."""

    ports: tuple[Intervals, Intervals, Intervals]

    @staticmethod
    def of(protocol: str, intervals: Intervals) -> Conn:
        parts: list[Intervals] = [(), (), ()]
        parts[PROTOCOLS.index(protocol)] = normalize(list(intervals))
        return Conn((parts[0], parts[1], parts[2]))

    def __or__(self, other: Conn) -> Conn:
        if other is NONE or self is ALL:
            return self
        if self is NONE or other is ALL:
            return other
        return _make(tuple(union(a, b) for a, b in zip(self.ports, other.ports, strict=True)))

    def __and__(self, other: Conn) -> Conn:
        if other is ALL or self is NONE:
            return self
        if self is ALL or other is NONE:
            return other
        return _make(tuple(intersect(a, b) for a, b in zip(self.ports, other.ports, strict=True)))

    def __sub__(self, other: Conn) -> Conn:
        if other is NONE or self is NONE:
            return self
        if other is ALL:
            return NONE
        return _make(tuple(subtract(a, b) for a, b in zip(self.ports, other.ports, strict=True)))

    @property
    def empty(self) -> bool:
        return not any(self.ports)

    @property
    def all(self) -> bool:
        return self.ports == (FULL, FULL, FULL)

    def allows(self, protocol: str, port: int) -> bool:
        return protocol in PROTOCOLS and contains(self.ports[PROTOCOLS.index(protocol)], port)

    def __str__(self) -> str:
        if self.all:
            return "All Connections"
        if self.empty:
            return "No Connections"
        parts = []
        for proto, intervals in zip(PROTOCOLS, self.ports, strict=True):
            if intervals:
                ports = ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in intervals)
                parts.append(f"{proto} {ports}")
        return ",".join(parts)


def _make(ports: tuple[Intervals, ...]) -> Conn:
    if not any(ports):
        return NONE
    if ports == (FULL, FULL, FULL):
        return ALL
    return Conn((ports[0], ports[1], ports[2]))


ALL = Conn((FULL, FULL, FULL))
NONE = Conn(((), (), ()))
