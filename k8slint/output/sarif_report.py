"""SARIF 2.1.0, built with sarif-om's object model, shaped for GitHub code scanning.

- ``tool.driver.rules`` holds every rule that produced a result, with its docs as help;
- locations are relative to ``%SRCROOT%`` (the repository root), with a region;
- ``partialFingerprints`` come from rule, file, resource and field path (never line numbers);
- suppressed findings stay, with ``suppressions`` (inSource or external).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

import attr
import sarif_om as so

from k8slint import __version__
from k8slint.engine.rule import Rule
from k8slint.findings import Category, Finding, Level
from k8slint.fingerprints import relative_to_root
from k8slint.project import PROJECT_URL, rule_help_uri

if TYPE_CHECKING:
    from k8slint.engine.run import RunResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "note": "note"}
# GitHub ranks security alerts by this score: critical >= 9, high >= 7, medium >= 4, low > 0.
_SECURITY_SEVERITY = {Level.ERROR: "8.0", Level.WARNING: "5.5", Level.NOTE: "2.0"}


# Written even when equal to SARIF's default: code scanning reads them.
_ALWAYS = frozenset({"level"})


def to_json(obj: Any) -> Any:
    """sarif-om objects to JSON data, using the SARIF property names; unset fields are left out."""
    if attr.has(type(obj)):
        out: dict[str, Any] = {}
        for field in attr.fields(type(obj)):
            value = getattr(obj, field.name)
            if value is None:
                continue
            if (
                field.name not in _ALWAYS
                and field.default not in (attr.NOTHING, None)
                and value == field.default
            ):
                continue
            out[field.metadata.get("schema_property_name", field.name)] = to_json(value)
        return out
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    return obj


def _uri(file: str, root: Path) -> tuple[str, str | None]:
    return _uri_in(file, root, os.getcwd())  # relative paths depend on the working directory


@lru_cache(maxsize=4096)  # many findings share a file
def _uri_in(file: str, root: Path, cwd: str) -> tuple[str, str | None]:
    """(uri, uriBaseId): relative to %SRCROOT% inside the repository, an absolute file URI outside."""
    if file.startswith("<"):
        return quote(file.strip("<>")), None
    rel = relative_to_root(file, root)
    if rel.startswith("../"):
        return Path(file).resolve().as_uri(), None
    return quote(rel), "%SRCROOT%"


def _artifact(file: str, root: Path) -> so.ArtifactLocation:
    uri, base = _uri(file, root)
    return so.ArtifactLocation(uri=uri, uri_base_id=base)


def _descriptor(rule: type[Rule]) -> so.ReportingDescriptor:
    doc = rule.documentation()
    what = rule.doc_section("What it finds") or rule.summary
    tags = [rule.category.value]
    if rule.category is Category.RBAC:
        tags.append("security")  # code scanning shows security-severity for "security"-tagged rules
    properties: dict[str, Any] = {"tags": tags}
    if rule.category in (Category.SECURITY, Category.RBAC):
        properties["security-severity"] = _SECURITY_SEVERITY[rule.level]
    if rule.aliases:
        properties["aliases"] = list(rule.aliases)
    return so.ReportingDescriptor(
        id=rule.id,
        name="".join(part.capitalize() for part in rule.id.split("-")),
        short_description=so.MultiformatMessageString(text=rule.summary),
        full_description=so.MultiformatMessageString(text=" ".join(what.split())),
        help=so.MultiformatMessageString(text=doc, markdown=f"# {rule.id}: {rule.summary}\n\n{doc}"),
        help_uri=rule_help_uri(rule.id),
        default_configuration=so.ReportingConfiguration(level=_LEVELS[rule.level.value]),
        properties=properties,
    )


def _result(f: Finding, index: int, root: Path) -> so.Result:
    location = so.Location(
        physical_location=so.PhysicalLocation(
            artifact_location=_artifact(f.location.file, root),
            region=so.Region(start_line=f.location.line, start_column=f.location.column),
        )
    )
    if f.resource is not None:
        ns = f"{f.resource.namespace}/" if f.resource.namespace else ""
        location.logical_locations = [
            so.LogicalLocation(
                fully_qualified_name=f"{ns}{f.resource.kind}/{f.resource.name}",
                name=f.resource.name,
                kind="resource",
            )
        ]
    result = so.Result(
        rule_id=f.rule,
        rule_index=index,
        level=_LEVELS[f.level.value],
        message=so.Message(text=f.message),
        locations=[location],
        partial_fingerprints={"k8slintFingerprint/v1": f.fingerprint},
    )
    if f.related:
        result.related_locations = [
            so.Location(
                id=i,
                physical_location=so.PhysicalLocation(
                    artifact_location=_artifact(r.location.file, root),
                    region=so.Region(start_line=r.location.line, start_column=r.location.column),
                ),
                message=so.Message(text=r.message),
            )
            for i, r in enumerate(f.related)
        ]
    if f.suppression is not None:
        result.suppressions = [
            so.Suppression(kind=f.suppression.kind, justification=f.suppression.justification)
        ]
    return result


def build_sarif(
    result: RunResult, registry: dict[str, type[Rule]], category: str | None = None
) -> dict[str, Any]:
    findings = result.all_findings
    used = sorted({f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    notifications = [
        so.Notification(
            message=so.Message(text=f"{record.path}: {record.reason}"),
            level="error",
            locations=[
                so.Location(
                    physical_location=so.PhysicalLocation(
                        artifact_location=_artifact(record.path, result.root)
                    )
                )
            ],
        )
        for record in result.files
        if record.status == "error"
    ]
    run = so.Run(
        tool=so.Tool(
            driver=so.ToolComponent(
                name="k8slint",
                version=__version__,
                semantic_version=__version__,
                information_uri=PROJECT_URL,
                rules=[_descriptor(registry[r]) for r in used],
            )
        ),
        original_uri_base_ids={"%SRCROOT%": so.ArtifactLocation(uri=result.root.resolve().as_uri() + "/")},
        invocations=[
            so.Invocation(execution_successful=True, tool_execution_notifications=notifications or None)
        ],
        results=[_result(f, index[f.rule], result.root) for f in findings],
        column_kind="unicodeCodePoints",
    )
    if category:
        run.automation_details = so.RunAutomationDetails(
            id=category if category.endswith("/") else category + "/"
        )
    log = so.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])
    return to_json(log)


def write_sarif(
    result: RunResult, out: IO[str], color: bool = False, options: dict[str, Any] | None = None
) -> None:
    registry = result.registry
    doc = build_sarif(result, registry, (options or {}).get("sarif_category"))
    # compact: SARIF is read by tools, and indented output would take Python's slow pure encoder
    json.dump(doc, out, ensure_ascii=False, separators=(",", ":"))
    out.write("\n")
