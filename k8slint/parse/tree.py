"""Turn composed YAML nodes into plain data that remembers where every value came from.

``YMap`` and ``YSeq`` are ``dict`` and ``list`` with positions attached, so every consumer
(pydantic, jsonschema, json) sees ordinary containers, while the source map can still answer
"which line holds ``spec.template.spec.containers[0].image``?". Positions are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.tag import Tag

from k8slint.parse.scalars import key_string, resolve_plain, resolve_tagged

Pos = tuple[int, int]
# A mapping entry's positions: key line, key column, value line, value column.
EntryPos = tuple[int, int, int, int]

COMPLEX_KEY = "a mapping key must be a scalar"
MAX_DEPTH = 300
# go-yaml refuses documents whose aliases expand far beyond their size; so do we.
MAX_EXPANSION = 2_000_000


class YMap(dict):  # type: ignore[type-arg]
    """A mapping with the source position of each key and value."""

    __slots__ = ("col", "line", "pos")

    pos: dict[str, EntryPos]
    line: int
    col: int


class YSeq(list):  # type: ignore[type-arg]
    """A sequence with the source position of each item."""

    __slots__ = ("col", "line", "pos")

    pos: list[Pos]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class TreeProblem:
    """Something wrong in the YAML itself, found while building the data."""

    kind: str  # "duplicate-key" | "too-deep" | "excessive-aliasing"
    message: str
    line: int
    column: int


class TreeError(Exception):
    def __init__(self, problem: TreeProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_MERGE_TAG = "tag:yaml.org,2002:merge"
# The resolver hands every untagged node this one tag; resolution happens here instead,
# with the Kubernetes rules, which is also much faster than ruamel's regex resolver.
IMPLICIT = Tag(suffix="?")


class ImplicitResolver(BaseResolver):
    """Marks untagged nodes as implicit; ``TreeBuilder`` resolves their scalars."""

    processing_version = (1, 1)

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None) -> None:
        BaseResolver.__init__(self, loadumper if loadumper is not None else loader)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Tag:
        return IMPLICIT


class TreeBuilder:
    """Converts one document's node tree. Not reentrant: one per document."""

    def __init__(self) -> None:
        self.problems: list[TreeProblem] = []
        self._done: dict[int, Any] = {}
        self._sizes: dict[int, int] = {}
        self._count = 0

    def build(self, node: Any) -> Any:
        return self._node(node, 0)

    def _scalar(self, node: ScalarNode) -> Any:
        if node.ctag is IMPLICIT:
            return node.value if node.style else resolve_plain(node.value)
        tag = node.tag
        if not tag or tag == "!":
            return node.value
        return resolve_tagged(tag, node.value)

    def _node(self, node: Any, depth: int) -> Any:
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        key = id(node)
        done = self._done.get(key)
        if done is not None:
            # An alias: the same data again. Charge its expanded size to the budget.
            self._count += self._sizes.get(key, 1)
            if self._count > MAX_EXPANSION:
                mark = node.start_mark
                raise TreeError(
                    TreeProblem(
                        "excessive-aliasing",
                        "document contains excessive aliasing",
                        mark.line + 1,
                        mark.column + 1,
                    )
                )
            return done
        if depth > MAX_DEPTH:
            mark = node.start_mark
            raise TreeError(
                TreeProblem(
                    "too-deep",
                    f"document nesting is deeper than {MAX_DEPTH} levels",
                    mark.line + 1,
                    mark.column + 1,
                )
            )
        mark = node.start_mark
        start = self._count
        if isinstance(node, MappingNode):
            result: YMap | YSeq = self._mapping(node, depth)
        elif isinstance(node, SequenceNode):
            seq = YSeq()
            positions: list[Pos] = []
            append = seq.append
            for item in node.value:
                m = item.start_mark
                positions.append((m.line + 1, m.column + 1))
                append(self._node(item, depth + 1))
            seq.pos = positions
            result = seq
        else:  # pragma: no cover - ruamel composes only the three node kinds
            return None
        result.line = mark.line + 1
        result.col = mark.column + 1
        self._done[key] = result
        self._count += len(result) + 1
        self._sizes[key] = self._count - start
        return result

    def _mapping(self, node: MappingNode, depth: int) -> YMap:
        out = YMap()
        positions: dict[str, EntryPos] = {}
        merged: list[YMap] = []
        for knode, vnode in node.value:
            if isinstance(knode, ScalarNode):
                if knode.value == "<<" and (not knode.style or knode.tag == _MERGE_TAG):
                    merged.extend(self._merge_sources(vnode, depth))
                    continue
                key = key_string(self._scalar(knode))
            else:
                # A complex key (a mapping or a list as key) cannot become JSON.
                km = knode.start_mark
                self.problems.append(
                    TreeProblem(
                        "invalid-key",
                        COMPLEX_KEY,
                        km.line + 1,
                        km.column + 1,
                    )
                )
                continue
            km = knode.start_mark
            vm = vnode.start_mark
            if key in positions:
                first = positions[key]
                self.problems.append(
                    TreeProblem(
                        "duplicate-key",
                        f'mapping key "{key}" already defined at line {first[0]}: strict decoding '
                        "rejects the object, lenient decoding silently keeps only the last value",
                        km.line + 1,
                        km.column + 1,
                    )
                )
            positions[key] = (km.line + 1, km.column + 1, vm.line + 1, vm.column + 1)
            out[key] = self._node(vnode, depth + 1)
        for source in merged:
            for key, value in source.items():
                if key not in out:
                    out[key] = value
                    positions[key] = source.pos[key]
        out.pos = positions
        return out

    def _merge_sources(self, vnode: Any, depth: int) -> list[YMap]:
        value = self._node(vnode, depth + 1)
        candidates = value if isinstance(value, YSeq) else [value]
        return [c for c in candidates if isinstance(c, YMap)]
