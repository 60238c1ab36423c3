"""Suppressions, applied centrally after the rules ran.

Sources: object annotations (``k8slint.io/ignore``, its reason and expiry, the container-scoped
``k8slint.io/ignore.<container>``), the peers' annotations through rule aliases, YAML comments,
config entries, per-path ignores. A suppressed finding is kept with its Suppression (SARIF reports
it as suppressed); k8slint's own suppressions that match nothing, or have expired, are reported.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from k8slint.config import ResourceSuppression
from k8slint.engine.rule import Rule
from k8slint.findings import Finding, Location, ResourceId, Suppression
from k8slint.model.resource import Resource
from k8slint.parse.directives import Directive
from k8slint.parse.sourcemap import get, locate

UNUSED = "unused-suppression"
EXPIRED = "expired-suppression"
ANNOTATION = "k8slint.io/ignore"


@dataclass
class Entry:
    """One suppression directive, wherever it came from."""

    rules: frozenset[str] | None  # rule ids; None: every rule
    kind: str  # "inSource" | "external"
    source: str
    reason: str
    location: Location
    own: bool  # k8slint's own syntax: report it when unused or expired
    until: dt.date | None = None
    named: tuple[str, ...] = ()  # the names as written (ids or aliases), for messages
    matched: set[str] = field(default_factory=set)
    hit_any: bool = False

    def covers(self, rule: str) -> bool:
        return self.rules is None or rule in self.rules


class Suppressor:
    def __init__(self, registry: dict[str, type[Rule]], enabled: set[str], today: dt.date) -> None:
        self.registry = registry
        self.enabled = enabled
        self.today = today
        self.by_alias: dict[str, set[str]] = defaultdict(set)
        for rule in registry.values():
            for alias in rule.aliases:
                self.by_alias[alias].add(rule.id)
        self.notes: list[tuple[str, str, Location, ResourceId | None]] = []

    # -- building entries -------------------------------------------------------------------------
    def _resolve(self, names: Iterable[str]) -> frozenset[str]:
        out: set[str] = set()
        for name in names:
            out |= {name} if name in self.registry else self.by_alias.get(name, set())
        return frozenset(out)

    def _expired(self, entry: Entry, resource: ResourceId | None) -> bool:
        if entry.until is not None and entry.until < self.today:
            what = ", ".join(entry.named) or "every rule"
            self.notes.append(
                (
                    EXPIRED,
                    f"suppression of {what} expired on {entry.until.isoformat()}: its findings are reported again",
                    entry.location,
                    resource,
                )
            )
            return True
        return False

    def annotation_entries(self, resource: Resource) -> list[tuple[Entry, str | None]]:
        """(entry, container) pairs from the object's and its pod template's annotations."""
        out: list[tuple[Entry, str | None]] = []
        raw = resource.raw
        places = [("metadata",)]
        for template_meta in (
            ("spec", "template", "metadata"),
            ("spec", "jobTemplate", "spec", "template", "metadata"),
        ):
            if isinstance(get(raw, (*template_meta, "annotations")), dict):
                places.append(template_meta)
        rid = ResourceId(*resource.identity())
        for meta in places:
            annotations = get(raw, (*meta, "annotations"))
            if not isinstance(annotations, dict):
                continue
            reason = str(annotations.get(f"{ANNOTATION}-reason", "")) or "annotated on the object"
            until = _date(annotations.get(f"{ANNOTATION}-until"))

            def where(key: str, meta: tuple[str, ...] = meta) -> Location:
                line, column, _ = locate(raw, (*meta, "annotations", key))
                return Location(resource.doc.file, line, column)

            for key, value in annotations.items():
                if not isinstance(value, str):
                    continue
                names = [n.strip() for n in value.split(",") if n.strip()]
                entry: Entry | None = None
                container = None
                if key == ANNOTATION or key.startswith(ANNOTATION + "."):
                    container = key[len(ANNOTATION) + 1 :] or None
                    entry = Entry(
                        self._resolve(names),
                        "inSource",
                        f"annotation {key}",
                        reason,
                        where(key),
                        True,
                        until,
                        tuple(names),
                    )
                elif key.startswith("ignore-check.kube-linter.io/"):
                    check = key.split("/", 1)[1]
                    entry = self._peer(f"kube-linter:{check}", key, value, where(key))
                elif key == "kube-linter.io/ignore-all":
                    entry = Entry(
                        None,
                        "inSource",
                        f"annotation {key}",
                        value or "kube-linter ignore-all",
                        where(key),
                        False,
                    )
                elif (
                    key.startswith("polaris.fairwinds.com/")
                    and key.endswith("-exempt")
                    and value.lower() == "true"
                ):
                    check = key[len("polaris.fairwinds.com/") : -len("-exempt")]
                    entry = self._peer(f"polaris:{check}", key, "exempt in Polaris", where(key))
                elif key == "polaris.fairwinds.com/exempt" and value.lower() == "true":
                    entry = Entry(
                        None, "inSource", f"annotation {key}", "exempt in Polaris", where(key), False
                    )
                elif key == "kube-score/ignore":
                    rules = self._resolve(f"kube-score:{n}" for n in names)
                    entry = Entry(
                        rules, "inSource", f"annotation {key}", "ignored in kube-score", where(key), False
                    )
                if entry is not None and not self._expired(entry, rid):
                    out.append((entry, container))
        return out

    def _peer(self, alias: str, key: str, value: str, location: Location) -> Entry:
        reason = value if value and value.lower() != "true" else f"ignored through {key}"
        return Entry(self._resolve([alias]), "inSource", f"annotation {key}", reason, location, False)

    def comment_entries(self, directives: Iterable[Directive]) -> dict[str, list[tuple[Entry, Directive]]]:
        out: dict[str, list[tuple[Entry, Directive]]] = defaultdict(list)
        for d in directives:
            location = Location(d.file, d.line, d.column)
            named = tuple(sorted(d.rules)) if d.rules is not None else ()
            rules = self._resolve(d.rules) if d.rules is not None else None
            entry = Entry(
                rules,
                "inSource",
                f"comment k8slint: ignore{'-file' if d.scope != 'line' else ''}",
                d.reason or "comment in the manifest",
                location,
                True,
                None,
                named,
            )
            if d.scope == "misplaced-file":
                self.notes.append(
                    (
                        UNUSED,
                        "ignore-file must be in the comment block at the top of the file",
                        location,
                        None,
                    )
                )
                continue
            out[d.file].append((entry, d))
        return out

    def config_entries(
        self, items: list[ResourceSuppression], config_file: str
    ) -> list[tuple[Entry, ResourceSuppression]]:
        out = []
        for i, item in enumerate(items):
            entry = Entry(
                self._resolve(item.rules),
                "external",
                "config",
                item.reason,
                Location(config_file, 1, 1),
                True,
                item.until,
                tuple(item.rules),
            )
            if not self._expired(entry, None):
                out.append((entry, item))
            del i
        return out

    # -- applying ---------------------------------------------------------------------------------
    def apply(
        self,
        findings: list[Finding],
        resources: list[Resource],
        directives: list[Directive],
        config_items: list[ResourceSuppression],
        config_file: str,
        per_path_ignores: dict[str, list[str]],
    ) -> list[Finding]:
        by_identity: dict[tuple[str, ResourceId], list[Resource]] = defaultdict(list)
        annotation_entries: dict[int, list[tuple[Entry, str | None]]] = {}
        for r in resources:
            by_identity[(r.doc.file, ResourceId(*r.identity()))].append(r)
            entries = self.annotation_entries(r)
            if entries:
                annotation_entries[id(r)] = entries
        comments = self.comment_entries(directives)
        configured = self.config_entries(config_items, config_file)
        path_rules = [(glob, self._resolve(rules)) for glob, rules in per_path_ignores.items()]
        all_entries: list[Entry] = [e for es in annotation_entries.values() for e, _ in es]
        all_entries += [e for es in comments.values() for e, _ in es] + [e for e, _ in configured]

        out: list[Finding] = []
        for f in findings:
            hit = self._match(f, by_identity, annotation_entries, comments, configured, path_rules)
            out.append(f if hit is None else replace(f, suppression=hit))
        self._report_unused(all_entries)
        return out

    def _match(
        self, f, by_identity, annotation_entries, comments, configured, path_rules
    ) -> Suppression | None:
        if f.rule in (UNUSED, EXPIRED):
            return None
        if f.resource is not None:
            for r in by_identity.get((f.location.file, f.resource), ()):
                for entry, container in annotation_entries.get(id(r), ()):
                    if entry.covers(f.rule) and (container is None or _container_of(r, f.path) == container):
                        return self._use(entry, f.rule)
            for entry, item in configured:
                if entry.covers(f.rule) and _resource_matches(item, f.resource):
                    return self._use(entry, f.rule)
        for entry, d in comments.get(f.location.file, ()):
            if not entry.covers(f.rule):
                continue
            if (
                d.scope == "file"
                or f.location.line == d.line
                or (d.standalone and f.location.line == d.line + 1)
            ):
                return self._use(entry, f.rule)
        for glob, rules in path_rules:
            if f.rule in rules and fnmatch.fnmatch(f.location.file, glob):
                return Suppression("external", f"per-path-ignores: {glob}", "config")
        return None

    @staticmethod
    def _use(entry: Entry, rule: str) -> Suppression:
        entry.matched.add(rule)
        entry.hit_any = True
        return Suppression(entry.kind, entry.reason, entry.source)

    def _report_unused(self, entries: list[Entry]) -> None:
        for entry in entries:
            if not entry.own:
                continue
            if entry.rules is None:
                if not entry.hit_any:
                    self.notes.append(
                        (UNUSED, f"suppression ({entry.source}) matched no finding", entry.location, None)
                    )
                continue
            unknown = [n for n in entry.named if n not in self.registry and n not in self.by_alias]
            for name in unknown:
                self.notes.append(
                    (UNUSED, f'suppression names "{name}", which is not a rule', entry.location, None)
                )
            idle = sorted(r for r in entry.rules if r in self.enabled and r not in entry.matched)
            if idle:
                names = ", ".join(idle)
                self.notes.append(
                    (
                        UNUSED,
                        f"suppression of {names} ({entry.source}) matched no finding",
                        entry.location,
                        None,
                    )
                )


def _date(value: object) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _container_of(resource: Resource, path: tuple[str | int, ...]) -> str | None:
    for i, part in enumerate(path):
        if part in ("containers", "initContainers", "ephemeralContainers") and i + 1 < len(path):
            name = get(resource.raw, (*path[: i + 2], "name"))
            return name if isinstance(name, str) else None
    return None


def _resource_matches(item: ResourceSuppression, rid: ResourceId) -> bool:
    return (
        fnmatch.fnmatchcase(rid.kind, item.kind)
        and fnmatch.fnmatchcase(rid.namespace or "", item.namespace)
        and fnmatch.fnmatchcase(rid.name, item.name)
    )
