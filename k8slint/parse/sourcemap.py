"""Resolve a document path to a source position.

A path is a tuple of mapping keys and list indices, e.g.
``("spec", "template", "spec", "containers", 0, "image")``. A path to a key that is absent resolves
to its nearest existing ancestor, so "securityContext is missing" points at the container.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from k8slint.parse.tree import YMap, YSeq

Path = tuple[str | int, ...]


def locate(root: Any, path: Sequence[str | int]) -> tuple[int, int, bool]:
    """(line, column, exact) of ``path`` in ``root``; ``exact`` is False for a fallback."""
    line = getattr(root, "line", 1)
    column = getattr(root, "col", 1)
    node = root
    for part in path:
        if isinstance(node, YMap) and isinstance(part, str) and part in node.pos:
            line, column = node.pos[part][0], node.pos[part][1]
            node = node[part]
        elif isinstance(node, YSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.pos[part]
            node = node[part]
        else:
            return line, column, False
    return line, column, True


def value_position(root: Any, path: Sequence[str | int]) -> tuple[int, int]:
    """Position of the value at ``path`` (not its key), falling back like ``locate``."""
    if path:
        _, _, exact = locate(root, path[:-1])
        if exact:
            parent = get(root, path[:-1])
            last = path[-1]
            if isinstance(parent, YMap) and isinstance(last, str) and last in parent.pos:
                entry = parent.pos[last]
                return entry[2], entry[3]
    line, column, _ = locate(root, path)
    return line, column


def get(root: Any, path: Sequence[str | int], default: Any = None) -> Any:
    node = root
    for part in path:
        if isinstance(node, dict) and isinstance(part, str):
            if part not in node:
                return default
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return default
    return node


def dotted(path: Sequence[str | int]) -> str:
    """``("spec", "containers", 0, "image")`` -> ``spec.containers[0].image``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def items(node: Any, key: str) -> list[Any]:
    """``node[key]`` when ``node`` is a mapping and the value is a list; else an empty list."""
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, list) else []


def text(node: Any, key: str) -> str | None:
    """``node[key]`` when it is a non-empty string; else None."""
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, str) and value else None
