"""GitHub Actions workflow commands: annotations on pull requests without code scanning.

``::error file=F,line=L,col=C,title=RULE::message`` (warning and notice for the other levels).
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from k8slint.engine.run import RunResult

_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(
    result: RunResult, out: IO[str], color: bool = False, options: dict[str, Any] | None = None
) -> None:
    for f in result.findings:
        subject = f" [{f.resource}]" if f.resource else ""
        props = (
            f"file={_property(f.location.file)},line={f.location.line},col={f.location.column},"
            f"title={_property(f.rule)}"
        )
        out.write(f"::{_COMMANDS[f.level.value]} {props}::{_data(f.message + subject)}\n")
