"""Reporters, selected by name from a registry: each writes one format."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from k8slint.engine.run import RunResult

Reporter = Callable[["RunResult", IO[str], bool, "dict[str, Any] | None"], None]

# format -> (module, function); modules are imported only when their format is asked for
REPORTERS: dict[str, tuple[str, str]] = {
    "text": ("k8slint.output.text_report", "write_text"),
    "json": ("k8slint.output.json_report", "write_json"),
    "sarif": ("k8slint.output.sarif_report", "write_sarif"),
    "github": ("k8slint.output.github_report", "write_github"),
}
FORMATS = tuple(REPORTERS)


def get_reporter(name: str) -> Reporter:
    module, function = REPORTERS[name]
    reporter: Reporter = getattr(importlib.import_module(module), function)
    return reporter
