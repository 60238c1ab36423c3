"""Baselines: record today's findings, then fail only on new ones.

Findings are matched by fingerprint (rule, file, resource, field path), never by line, so a
finding that moved is not new.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from k8slint import __version__
from k8slint.config import ConfigError
from k8slint.findings import Finding, Suppression


def write_baseline(path: Path, findings: list[Finding]) -> None:
    entries = [
        {
            "fingerprint": f.fingerprint,
            "rule": f.rule,
            "file": f.location.file,
            "resource": f.resource.to_json() if f.resource else None,
            "message": f.message,
        }
        for f in findings
    ]
    doc = {"k8slint": __version__, "findings": entries}
    try:
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None


def read_baseline(path: Path) -> Counter[str]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return Counter(str(e["fingerprint"]) for e in doc["findings"])
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a k8slint baseline: {exc}") from None


def apply_baseline(findings: list[Finding], baseline: dict[str, int]) -> list[Finding]:
    """Mark findings recorded in the baseline as suppressed (external); the rest are new."""
    from dataclasses import replace

    budget = Counter(baseline)
    out = []
    for f in findings:
        if f.suppression is None and budget[f.fingerprint] > 0:
            budget[f.fingerprint] -= 1
            out.append(
                replace(f, suppression=Suppression("external", "recorded in the baseline", "baseline"))
            )
        else:
            out.append(f)
    return out
