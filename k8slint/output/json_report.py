"""JSON output: ``{"findings": [...], "summary": {...}, "files": [...]}`` (a stable contract)."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from k8slint import __version__
from k8slint.output.jsonlines import dumps
from k8slint.output.summary import summary

if TYPE_CHECKING:
    from k8slint.engine.run import RunResult


def write_json(
    result: RunResult, out: IO[str], color: bool = False, options: dict[str, Any] | None = None
) -> None:
    doc = {
        "version": __version__,
        "findings": [{**f.to_json(), "fingerprint": f.fingerprint} for f in result.findings],
        "suppressed": [{**f.to_json(), "fingerprint": f.fingerprint} for f in result.suppressed],
        "summary": summary(result),
        "files": [
            {"path": f.path, "status": f.status, "reason": f.reason, "objects": f.objects}
            for f in result.files
        ],
    }
    out.write(dumps(doc))
    out.write("\n")
