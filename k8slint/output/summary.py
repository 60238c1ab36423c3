"""Counts shared by every reporter."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from k8slint.engine.run import RunResult


def summary(result: RunResult) -> dict[str, Any]:
    levels = Counter(f.level.value for f in result.findings)
    files = Counter(f.status for f in result.files)
    return {
        "errors": levels.get("error", 0),
        "warnings": levels.get("warning", 0),
        "notes": levels.get("note", 0),
        "files": {
            "analyzed": files.get("analyzed", 0),
            "skipped": files.get("skipped", 0),
            "error": files.get("error", 0),
        },
        "objects": len(result.resources),
        "suppressed": len(result.suppressed),
    }
