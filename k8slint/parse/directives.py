"""``# k8slint: ignore[...]`` comments, read from the raw text (YAML parsers drop comments).

- ``# k8slint: ignore[rule-a, rule-b] optional reason`` on the offending line, or alone on the line
  above it; ``# k8slint: ignore`` without brackets covers every rule;
- ``# k8slint: ignore-file[rule-a]`` in the comment block at the top of a file covers the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIRECTIVE = re.compile(r"#\s*k8slint:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?[ \t]*(.*)$")


@dataclass(frozen=True, slots=True)
class Directive:
    file: str
    line: int
    column: int
    scope: str  # "line" | "file" | "misplaced-file"
    rules: frozenset[str] | None  # None: every rule
    reason: str
    standalone: bool  # alone on its line: it covers the next line


def scan(text: str, file: str) -> list[Directive]:
    if "k8slint:" not in text:
        return []
    out: list[Directive] = []
    in_header = True
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped != "---":
            in_header = False
        m = _DIRECTIVE.search(line)
        if m is None:
            continue
        standalone = stripped.startswith("#")
        prefix = line[: m.start()]
        if not standalone and (prefix.count('"') % 2 or prefix.count("'") % 2):
            continue  # the "#" is inside a quoted scalar: not a comment
        kind, names, reason = m.group(1), m.group(2), m.group(3).strip()
        rules = frozenset(n.strip() for n in names.split(",") if n.strip()) if names is not None else None
        scope = "line" if kind == "ignore" else ("file" if in_header and standalone else "misplaced-file")
        reason = re.sub(r"^(?:reason\s*[=:]\s*|--\s*)", "", reason)
        out.append(Directive(file, number, m.start() + 1, scope, rules, reason, standalone))
    return out
