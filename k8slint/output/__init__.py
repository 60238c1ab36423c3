"""Reporters, selected by name from a registry: each writes one format."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from k8slint.engine.run import RunResult

Reporter = Callable[["RunResult", IO[str], bool], None]


def get_reporter(name: str) -> Reporter:
    if name == "json":
        from k8slint.output.json_report import write_json

        return write_json
    if name == "text":
        from k8slint.output.text_report import write_text

        return write_text
    raise KeyError(name)


FORMATS = ("text", "json")
