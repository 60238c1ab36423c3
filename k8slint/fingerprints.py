"""Stable finding identities for SARIF partialFingerprints and baselines.

A fingerprint hashes the rule, the file, the resource (group, kind, namespace, name) and the field
path; line numbers are not part of it, so moving a finding down the file does not make it new.
Identical bases in one run get an occurrence suffix.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from k8slint.findings import Finding


def relative_to_root(file: str, root: Path) -> str:
    """A finding's file as a POSIX path relative to the repository root (unchanged if outside)."""
    if file.startswith("<"):
        return file
    rel = os.path.relpath(os.path.abspath(file), root)
    return Path(rel).as_posix()


def with_fingerprints(findings: Iterable[Finding], root: Path) -> list[Finding]:
    """The findings of one run, sorted, each with its fingerprint."""
    seen: Counter[str] = Counter()
    out: list[Finding] = []
    relative: dict[str, str] = {}  # per file, not per finding
    for finding in sorted(findings, key=lambda f: f.sort_key):
        rule, _, rest = finding.fingerprint_basis.partition("|")
        _, _, rest = rest.partition("|")
        file = finding.location.file
        if file not in relative:
            relative[file] = relative_to_root(file, root)
        basis = f"{rule}|{relative[file]}|{rest}"
        digest = hashlib.sha256(basis.encode()).hexdigest()[:32]
        n = seen[digest]
        seen[digest] += 1
        out.append(replace(finding, fingerprint=f"{digest}:{n}" if n else digest))
    return out
