"""One run: load, model, graph, rules, findings. Every stage is timed for the benchmark."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from k8slint.analysis.context import AnalysisContext, Settings
from k8slint.baseline import apply_baseline
from k8slint.engine.plan import Plan
from k8slint.engine.rule import (
    ContainerRule,
    GraphRule,
    PodTemplateRule,
    ResourceRule,
    Rule,
    SourceRule,
    Violation,
)
from k8slint.findings import Finding, Level, Location, Related, ResourceId
from k8slint.fingerprints import with_fingerprints
from k8slint.graph.builders import build_graph
from k8slint.graph.graph import ResourceGraph
from k8slint.model.resource import Resource, build_resources
from k8slint.parse.documents import FileRecord, LoadResult, Problem
from k8slint.parse.loader import Loader, load
from k8slint.parse.sourcemap import locate
from k8slint.suppress import Suppressor

INTERNAL_ERROR = "internal-error"
VALIDITY_RULES = frozenset(
    {
        "unknown-field",
        "missing-required-field",
        "invalid-field-type",
        "invalid-field-value",
        "unknown-kind",
        "removed-api",
        "deprecated-api",
        "custom-resource-without-schema",
    }
)


@dataclass
class RunResult:
    findings: list[Finding]  # counted: not suppressed
    files: list[FileRecord]
    resources: list[Resource]
    graph: ResourceGraph
    timings: dict[str, float] = field(default_factory=dict)
    suppressed: list[Finding] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)
    registry: dict[str, type[Rule]] = field(default_factory=dict)

    @property
    def all_findings(self) -> list[Finding]:
        return sorted(self.findings + self.suppressed, key=lambda f: f.sort_key)


class Runner:
    def __init__(
        self,
        rules: dict[str, type[Rule]] | Plan,
        enabled: set[str] | None = None,
        settings: Settings | None = None,
    ) -> None:
        if isinstance(rules, Plan):
            self.plan = rules
        else:
            self.plan = Plan(rules=rules, enabled=set(enabled or ()), settings=settings or Settings())
        self.rules = self.plan.rules
        self.enabled = self.plan.enabled
        self.settings = self.plan.settings
        self.findings: list[Finding] = []

    # -- reporting --------------------------------------------------------------------------------
    def _emit(
        self,
        rule_id: str,
        message: str,
        location: Location,
        resource: ResourceId | None,
        path: tuple[Any, ...] = (),
        related: tuple[Related, ...] = (),
        downgrade: Level | None = None,
    ) -> None:
        if rule_id not in self.enabled:
            return
        rule = self.rules[rule_id]
        level = self.plan.levels.get(rule_id, rule.level)
        if downgrade is not None and downgrade.rank < level.rank:
            level = downgrade
        self.findings.append(
            Finding(rule.id, rule.category, level, message, location, resource, path, related)
        )

    def _problem(self, p: Problem) -> None:
        resource = ResourceId(*p.resource) if p.resource else None
        self._emit(p.rule, p.message, Location(p.file, p.line, p.column), resource)

    def _violation(self, rule: type[Rule], resource: Resource, v: Violation) -> None:
        target = v.resource or resource
        line, column, _ = locate(target.raw, v.path)
        related = tuple(
            Related(
                Location(r.resource.doc.file, *locate(r.resource.raw, r.path)[:2]),
                r.message,
                ResourceId(*r.resource.identity()),
            )
            for r in v.related
        )
        self._emit(
            rule.id,
            v.message,
            Location(target.doc.file, line, column),
            ResourceId(*target.identity()),
            v.path,
            related,
            v.downgrade,
        )

    def _crash(self, name: str, resource: Resource | None, exc: Exception) -> None:
        where = (
            Location(resource.doc.file, resource.doc.line, resource.doc.column)
            if resource
            else Location("-", 1, 1)
        )
        rid = ResourceId(*resource.identity()) if resource else None
        self._emit(INTERNAL_ERROR, f"rule {name} failed: {type(exc).__name__}: {exc}", where, rid)

    def _collect(self, rule: type[Rule], resource: Resource, produced: Iterable[Violation]) -> None:
        for v in produced:
            self._violation(rule, resource, v)

    # -- the run ----------------------------------------------------------------------------------
    def run(self, paths: list[str]) -> RunResult:
        t0 = time.perf_counter()
        loaded = load(paths, self.plan.exclude)
        return self.analyze(loaded, {"load": time.perf_counter() - t0})

    def run_text(self, text: str, name: str = "<string>") -> RunResult:
        """Analyze one text (documentation examples, embedding)."""
        loader = Loader()
        loader.load_text(text, name)
        return self.analyze(loader.result, {})

    def analyze(self, loaded: LoadResult, timings: dict[str, float]) -> RunResult:
        for p in loaded.problems:
            self._problem(p)
        t1 = time.perf_counter()
        resources = build_resources(loaded.documents)
        for r in resources:
            for issue in r.issues:
                line, column, _ = locate(r.raw, issue.path)
                self._emit(
                    issue.rule,
                    issue.message,
                    Location(r.doc.file, line, column),
                    ResourceId(*r.identity()),
                    issue.path,
                )
        timings["model"] = time.perf_counter() - t1
        tv = time.perf_counter()
        if self.enabled & VALIDITY_RULES:
            self._validity(resources, loaded.selector_managed)
        timings["validity"] = time.perf_counter() - tv
        t2 = time.perf_counter()
        graph, build = build_graph(resources)
        timings["graph"] = time.perf_counter() - t2
        t3 = time.perf_counter()
        ctx = AnalysisContext(
            graph,
            build,
            self.settings,
            loaded.image_overrides,
            loaded.kustomize_patched,
            loaded.kustomize_namespaced,
        )
        self._run_rules(ctx)
        timings["rules"] = time.perf_counter() - t3
        everything = with_fingerprints(self._suppress(resources, loaded), self.plan.root)
        if self.plan.baseline is not None:
            everything = apply_baseline(everything, self.plan.baseline)
        active = [f for f in everything if f.suppression is None]
        suppressed = [f for f in everything if f.suppression is not None]
        return RunResult(
            active, loaded.files, resources, graph, timings, suppressed, self.plan.root, self.rules
        )

    def _suppress(self, resources: list[Resource], loaded: LoadResult) -> list[Finding]:
        suppressor = Suppressor(self.rules, self.enabled, self.plan.today)
        out = suppressor.apply(
            self.findings,
            resources,
            loaded.directives,
            self.plan.suppressions,
            self.plan.config_file or "config",
            self.plan.per_path_ignores,
        )
        self.findings = []
        for rule_id, message, location, resource in suppressor.notes:
            self._emit(rule_id, message, location, resource)
        return out + self.findings

    def _validity(self, resources: list[Resource], selector_managed: set[str]) -> None:
        from k8slint.validity.check import check_resource
        from k8slint.validity.crds import CrdIndex
        from k8slint.validity.schemas import for_version

        schemas = for_version(*self.settings.kube_version)
        crds = CrdIndex()
        for extra in self.plan.crd_documents:
            crds.add(extra)
        for r in resources:
            try:
                if r.kind == "CustomResourceDefinition":
                    crds.add(r.raw)
                elif r.kind == "ConstraintTemplate" and r.ref.group == "templates.gatekeeper.sh":
                    crds.add_constraint_template(r.raw)
            except Exception as exc:  # a malformed CRD must not stop the run
                self._crash("validity", r, exc)
        for r in resources:
            try:
                issues = check_resource(r, schemas, crds, r.doc.file in selector_managed)
            except Exception as exc:
                self._crash("validity", r, exc)
                continue
            for issue in issues:
                line, column, _ = locate(r.raw, issue.path)
                self._emit(
                    issue.rule,
                    issue.message,
                    Location(r.doc.file, line, column),
                    ResourceId(*r.identity()),
                    issue.path,
                )

    def _active(self, kind: type[Rule]) -> Iterator[Rule]:
        for rule_id in sorted(self.enabled):
            rule = self.rules[rule_id]
            if issubclass(rule, kind) and not issubclass(rule, SourceRule):
                yield self.plan.instantiate(rule)

    def _run_rules(self, ctx: AnalysisContext) -> None:
        for rule in self._active(ResourceRule):
            assert isinstance(rule, ResourceRule)
            for resource in ctx.resources:
                if rule.targets is None or resource.kind in rule.targets:
                    self._guarded(rule, resource, rule.check, resource, ctx)
        for rule in self._active(PodTemplateRule):
            assert isinstance(rule, PodTemplateRule)
            for template in ctx.templates:
                self._guarded(rule, template.resource, rule.check, template, ctx)
        for rule in self._active(ContainerRule):
            assert isinstance(rule, ContainerRule)
            for container in ctx.containers:
                self._guarded(rule, container.resource, rule.check, container, ctx)
        for rule in self._active(GraphRule):
            assert isinstance(rule, GraphRule)
            try:
                for v in rule.check(ctx):
                    if v.resource is not None:
                        self._violation(type(rule), v.resource, v)
            except Exception as exc:
                self._crash(rule.id, None, exc)

    def _guarded(self, rule: Rule, resource: Resource, check: Any, *args: Any) -> None:
        try:
            self._collect(type(rule), resource, check(*args))
        except Exception as exc:
            self._crash(rule.id, resource, exc)
