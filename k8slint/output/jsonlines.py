"""JSON documents written one list item per line: readable and diffable like indented JSON, but
encoded by the C encoder (indented output takes Python's pure encoder, seconds on large sets)."""

from __future__ import annotations

import json
from typing import Any


def _item(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def dumps(doc: dict[str, Any]) -> str:
    """``doc`` with each top-level list's items on their own lines; nested lists of objects (like
    quota's namespaces) one level down likewise."""
    parts = []
    for key, value in doc.items():
        if isinstance(value, list) and value:
            inner = ",\n".join("    " + _item(v) for v in value)
            parts.append(f"  {_item(key)}: [\n{inner}\n  ]")
        else:
            parts.append(f"  {_item(key)}: {_item(value)}")
    return "{\n" + ",\n".join(parts) + "\n}"
