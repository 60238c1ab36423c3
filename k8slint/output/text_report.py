"""Text output: ``path:line:col: level rule-id message [Kind namespace/name]`` and a summary."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from k8slint.output.summary import summary

if TYPE_CHECKING:
    from k8slint.engine.run import RunResult

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def write_findings(result: RunResult, out: IO[str], color: bool = False) -> None:
    """One line per counted finding (suppressed ones are left out), then related locations."""
    for f in result.findings:
        where = f"{f.location.file}:{f.location.line}:{f.location.column}:"
        level = f.level.value
        subject = f" [{f.resource}]" if f.resource else ""
        if color:
            out.write(
                f"{_BOLD}{where}{_RESET} {_COLORS[level]}{level}{_RESET} {_DIM}{f.rule}{_RESET} "
                f"{f.message}{_DIM}{subject}{_RESET}\n"
            )
        else:
            out.write(f"{where} {level} {f.rule} {f.message}{subject}\n")
        for r in f.related:
            out.write(f"    {r.location.file}:{r.location.line}:{r.location.column}: {r.message}\n")


def write_text(
    result: RunResult, out: IO[str], color: bool = False, options: dict[str, Any] | None = None
) -> None:
    write_findings(result, out, color)
    if (options or {}).get("quiet"):
        return
    s = summary(result)
    files = s["files"]
    line = (
        f"{_plural(s['errors'], 'error')}, {_plural(s['warnings'], 'warning')}, {_plural(s['notes'], 'note')} "
        f"in {_plural(s['objects'], 'object')} from {_plural(files['analyzed'], 'file')}"
    )
    extra = [f"{files['skipped']} skipped"] if files["skipped"] else []
    if s["suppressed"]:
        extra.append(f"{s['suppressed']} findings suppressed")
    if files["error"]:
        extra.append(f"{files['error']} unreadable")
    if extra:
        line += f" ({', '.join(extra)})"
    out.write((f"{_BOLD}{line}{_RESET}" if color else line) + "\n")
