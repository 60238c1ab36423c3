"""Find manifest files, read them, and turn them into positioned documents.

Every input is accounted for: a file is analyzed, skipped with a reason, or reported as an error
finding. Nothing here raises on bad input.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from k8slint.parse.classify import KUSTOMIZATION_FILES, is_list_kind, non_kubernetes_reason
from k8slint.parse.directives import scan as scan_directives
from k8slint.parse.documents import Document, FileRecord, LoadResult, Problem, SourceRule
from k8slint.parse.kustomize import PatchIndex, looks_like_patch
from k8slint.parse.tree import COMPLEX_KEY, ImplicitResolver, TreeBuilder, TreeError, YMap

EXTENSIONS = (".yaml", ".yml", ".json")
MAX_FILE_BYTES = 64 * 1024 * 1024
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{\{-|\{%")
# Nesting beyond what libyaml's recursive C composer survives is sent to the pure-Python
# parser, which fails cleanly instead.
MAX_FLOW_DEPTH = 199
_BRACKETS = re.compile(r"[\[\]{}]")


def _flow_too_deep(text: str) -> bool:
    """Whether brackets nest deeper than MAX_FLOW_DEPTH (brackets inside strings count too: a
    false alarm only costs the slower parser)."""
    depth = 0
    for m in _BRACKETS.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return True
        elif depth:
            depth -= 1
    return False


def _needs_pure_parser(text: str) -> bool:
    """Cheap substring tests first; the bracket scan runs only on suspicious input."""
    if text.count("[") + text.count("{") > MAX_FLOW_DEPTH and _flow_too_deep(text):
        return True
    return " " * 400 in text or "- - - - - - - - - - - - - - - - " in text or "? ? ? ? ? ? ? ? " in text


def _excluded(path: str, exclude: Sequence[str]) -> bool:
    if not exclude:
        return False
    rel = Path(os.path.relpath(path)).as_posix()
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(rel, g.rstrip("/") + "/*") for g in exclude)


def discover(paths: Iterable[str], exclude: Sequence[str] = ()) -> tuple[list[str], list[Problem], list[str]]:
    """Expand directories into manifest files, sorted for stable output.

    Returns the files, problems with the arguments, and the hidden directories not entered.
    ``exclude`` holds path globs (relative to the working directory) never read.
    """
    files: list[str] = []
    problems: list[Problem] = []
    hidden: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            files.append("-")
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                hidden.extend(os.path.join(root, d) for d in dirs if d.startswith(".") and d != ".git")
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.endswith(EXTENSIONS) and not name.startswith("."):
                        full = os.path.join(root, name)
                        if not os.path.isfile(full):
                            continue  # a FIFO, socket or device: reading it could block forever
                        if full not in seen and not _excluded(full, exclude):
                            seen.add(full)
                            files.append(full)
        elif path.exists() and not path.is_file():
            problems.append(Problem(SourceRule.UNREADABLE_FILE, "not a regular file: not read", raw, 1, 1))
        elif path.exists():
            if raw not in seen:
                seen.add(raw)
                files.append(raw)
        else:
            problems.append(Problem(SourceRule.UNREADABLE_FILE, "no such file or directory", raw, 1, 1))
    return files, problems, hidden


def display_path(path: str) -> str:
    if path == "-":
        return "<stdin>"
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") and os.path.isabs(path) else rel


def _decode(raw: bytes) -> tuple[str | None, str, int]:
    """Text of a file, or None with the reason and the line where decoding failed."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "", 0
        except UnicodeDecodeError:
            return None, "file is not valid UTF-16 text", 1
    if b"\x00" in raw[:8192]:
        return None, "binary file: not a YAML or JSON manifest", 1
    try:
        return raw.decode("utf-8-sig"), "", 0
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at line {line})", line


def _identity(data: Any) -> tuple[str, str, str | None, str] | None:
    """(apiVersion, kind, namespace, name) as written, for problems found before modeling."""
    if not isinstance(data, dict):
        return None
    api_version, kind = data.get("apiVersion"), data.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return None
    meta = data.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    name, namespace = meta.get("name"), meta.get("namespace")
    return (
        api_version,
        kind,
        namespace if isinstance(namespace, str) else None,
        name if isinstance(name, str) else "",
    )


def new_yaml(pure: bool) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=pure)
    yaml.Resolver = ImplicitResolver
    return yaml


class Loader:
    """Reads files into a LoadResult. One Loader per run."""

    def __init__(self, patches: PatchIndex | None = None) -> None:
        self.result = LoadResult()
        self.patches = patches or PatchIndex()

    def load_file(self, path: str, shown: str | None = None) -> None:
        shown = shown or display_path(path)
        try:
            if path == "-":
                raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            else:
                with open(path, "rb") as fh:
                    raw = fh.read(MAX_FILE_BYTES + 1)  # the size a stat reports can lie (devices)
        except OSError as exc:
            self._file_error(shown, f"cannot read file: {exc.strerror or exc}")
            return
        if len(raw) > MAX_FILE_BYTES:
            self._file_error(shown, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: not read")
            return
        text, reason, line = _decode(raw)
        if text is None:
            self._file_error(shown, reason, line)
            return
        patch_of = self.patches.patch_owner(path)
        if patch_of is not None:
            self._skip(
                shown,
                f"a kustomize patch applied by {display_path(patch_of)}: lint the output of kustomize build",
            )
            return
        why = None if os.path.basename(path) in KUSTOMIZATION_FILES else looks_like_patch(path, text)
        if why is not None:
            self._skip(shown, f"a partial object ({why}): lint the output of kustomize build")
            return
        if os.path.normpath(path) in self.patches.selector_managed:
            self.result.selector_managed.add(shown)
        if self.patches.is_patched(path):
            self.result.kustomize_patched.add(shown)
        if self.patches.is_renamespaced(path):
            self.result.kustomize_namespaced.add(shown)
        first = len(self.result.documents)
        self.load_text(text, shown)
        built_by = self.patches.kustomizations_of(path)
        if built_by:
            for doc in self.result.documents[first:]:
                doc.kustomizations = built_by

    def _file_error(self, shown: str, message: str, line: int = 1) -> None:
        self.result.problems.append(Problem(SourceRule.UNREADABLE_FILE, message, shown, line, 1))
        self.result.files.append(FileRecord(shown, "error", message))

    def _skip(self, shown: str, reason: str, line: int = 1) -> None:
        self.result.problems.append(
            Problem(SourceRule.SKIPPED_DOCUMENT, f"skipped: {reason}", shown, line, 1)
        )
        self.result.files.append(FileRecord(shown, "skipped", reason))

    def load_text(self, text: str, shown: str) -> None:
        record = FileRecord(shown, "analyzed")
        self.result.files.append(record)
        self.result.directives.extend(scan_directives(text, shown))
        if not text.strip():
            record.status, record.reason = "skipped", "empty file"
            self.result.problems.append(
                Problem(SourceRule.SKIPPED_DOCUMENT, "skipped: empty file", shown, 1, 1)
            )
            return
        pure = _needs_pure_parser(text)
        docs: list[tuple[int, Any, int, int]] = []
        pending: list[Problem] = []
        error: Problem | None = None
        try:
            for index, node in enumerate(new_yaml(pure).compose_all(text)):
                docs.append(self._convert(node, index, shown, pending))
        except TreeError as exc:  # raised for the document being converted
            p = exc.problem
            error = Problem(SourceRule.INVALID_DOCUMENT, p.message, shown, p.line, p.column)
        except RecursionError:
            error = Problem(SourceRule.INVALID_DOCUMENT, "document nesting is too deep to read", shown, 1, 1)
        except Exception as exc:  # ruamel's YAMLError and its relatives
            error = self._syntax_problem(exc, text, shown)
        if _TEMPLATE.search(text):
            # `name: {{ .Release.Name }}` parses as a flow mapping with a mapping as its key:
            # that is a template, not a broken manifest.
            complex_key = next((p for p in pending if p.message == COMPLEX_KEY), None)
            if complex_key is not None:
                self.result.problems.append(
                    self._template_problem(shown, complex_key.line, complex_key.column)
                )
                record.status, record.reason = "skipped", "unrendered template"
                return
        self.result.problems.extend(pending)
        if error is not None:
            self.result.problems.append(error)
        skipped_reasons: list[str] = []
        for index, data, line, column in docs:
            self._accept(data, index, line, column, shown, record, skipped_reasons, len(docs))
        if record.objects == 0:
            if error is not None and error.rule == SourceRule.UNRENDERED_TEMPLATE:
                record.status, record.reason = "skipped", "unrendered template"
            elif error is not None:
                record.status = "error"
                record.reason = error.message
            else:
                record.status = "skipped"
                record.reason = "; ".join(dict.fromkeys(skipped_reasons)) or "empty file"
                if not docs:
                    self.result.problems.append(
                        Problem(
                            SourceRule.SKIPPED_DOCUMENT, "skipped: empty file (no documents)", shown, 1, 1
                        )
                    )

    def _convert(
        self, node: Any, index: int, shown: str, pending: list[Problem]
    ) -> tuple[int, Any, int, int]:
        if node is None:
            return index, None, 1, 1
        builder = TreeBuilder()
        data = builder.build(node)
        identity = _identity(data)
        for p in builder.problems:
            rule = SourceRule.DUPLICATE_KEY if p.kind == "duplicate-key" else SourceRule.INVALID_DOCUMENT
            pending.append(Problem(rule, p.message, shown, p.line, p.column, identity))
        mark = node.start_mark
        return index, data, mark.line + 1, mark.column + 1

    @staticmethod
    def _template_problem(shown: str, line: int, column: int) -> Problem:
        return Problem(
            SourceRule.UNRENDERED_TEMPLATE,
            "file holds template markup ({{ ... }}) and is not a manifest yet: "
            "lint the rendered output (helm template ... | k8slint check -)",
            shown,
            line,
            column,
        )

    def _syntax_problem(self, exc: Exception, text: str, shown: str) -> Problem:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        column = mark.column + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
        m = _TEMPLATE.search(text)
        if m is not None:
            line = text.count("\n", 0, m.start()) + 1
            column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            return self._template_problem(shown, line, column)
        return Problem(SourceRule.INVALID_YAML, f"YAML syntax error: {problem}", shown, line, column)

    def _accept(
        self,
        data: Any,
        index: int,
        line: int,
        column: int,
        shown: str,
        record: FileRecord,
        skipped: list[str],
        total: int,
    ) -> None:
        if data is None:
            skipped.append("empty document")
            if total == 1:
                self.result.problems.append(
                    Problem(SourceRule.SKIPPED_DOCUMENT, "skipped: empty document", shown, line, column)
                )
            return
        if not isinstance(data, YMap):
            what = "a list" if isinstance(data, list) else f"a scalar ({type(data).__name__})"
            self.result.problems.append(
                Problem(
                    SourceRule.INVALID_DOCUMENT,
                    f"document is {what}, not a Kubernetes object (a mapping with apiVersion and kind)",
                    shown,
                    line,
                    column,
                )
            )
            return
        reason = non_kubernetes_reason(data, shown)
        if reason is not None:
            skipped.append(reason)
            self.result.problems.append(
                Problem(SourceRule.SKIPPED_DOCUMENT, f"skipped: {reason}", shown, line, column)
            )
            return
        if is_list_kind(data):
            items = data["items"]
            for i, item in enumerate(items):
                iline, icol = items.pos[i]
                if isinstance(item, YMap):
                    self._object(item, index, iline, icol, shown, record, i)
                else:
                    self.result.problems.append(
                        Problem(SourceRule.INVALID_DOCUMENT, "List item is not an object", shown, iline, icol)
                    )
            return
        self._object(data, index, line, column, shown, record, None)

    def _object(
        self,
        data: YMap,
        index: int,
        line: int,
        column: int,
        shown: str,
        record: FileRecord,
        item: int | None,
    ) -> None:
        missing = [k for k in ("apiVersion", "kind") if not isinstance(data.get(k), str) or not data.get(k)]
        if missing:
            self.result.problems.append(
                Problem(
                    SourceRule.INVALID_DOCUMENT,
                    ", ".join(f"{k} not set" for k in missing),
                    shown,
                    line,
                    column,
                )
            )
            return
        record.objects += 1
        self.result.documents.append(Document(shown, index, data, line, column, item))


def load(paths: Iterable[str], exclude: Sequence[str] = ()) -> LoadResult:
    """Read every manifest under ``paths``, except those matching the ``exclude`` globs."""
    files, problems, hidden = discover(paths, exclude)
    patches = PatchIndex.from_files(f for f in files if f != "-")
    loader = Loader(patches)
    loader.result.image_overrides = patches.image_overrides
    loader.result.problems.extend(problems)
    for problem in problems:
        loader.result.files.append(FileRecord(problem.file, "error", problem.message))
    for directory in hidden:
        for root, _, names in os.walk(directory):
            for name in sorted(names):
                if name.endswith(EXTENSIONS):
                    loader.result.files.append(
                        FileRecord(
                            display_path(os.path.join(root, name)),
                            "skipped",
                            f"in hidden directory {os.path.basename(directory)}: pass it explicitly to lint it",
                        )
                    )
    for path in files:
        loader.load_file(path)
    return loader.result


def iter_documents(text: str, name: str = "<string>") -> Iterator[Document]:
    """Documents of one text, for tests and embedding."""
    loader = Loader()
    loader.load_text(text, name)
    yield from loader.result.documents
