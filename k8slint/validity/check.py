"""Validate each object against the target version's schema (or its CRD), and its apiVersion
against the deprecation guide. Produces (rule, path, message) issues; rules hold the docs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from k8slint.model.kinds import split_api_version
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import Path, dotted
from k8slint.validity.apis import retired
from k8slint.validity.crds import CrdIndex
from k8slint.validity.enums import enum_violations
from k8slint.validity.schemas import VersionSchemas

UNKNOWN_FIELD = "unknown-field"
MISSING_FIELD = "missing-required-field"
FIELD_TYPE = "invalid-field-type"
FIELD_VALUE = "invalid-field-value"
UNKNOWN_KIND = "unknown-kind"
REMOVED_API = "removed-api"
DEPRECATED_API = "deprecated-api"
NO_SCHEMA = "custom-resource-without-schema"
RULES = frozenset(
    {
        UNKNOWN_FIELD,
        MISSING_FIELD,
        FIELD_TYPE,
        FIELD_VALUE,
        UNKNOWN_KIND,
        REMOVED_API,
        DEPRECATED_API,
        NO_SCHEMA,
    }
)


@dataclass(frozen=True, slots=True)
class ValidityIssue:
    rule: str
    path: Path
    message: str


def _suggest(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return close[0]
    lowered = {o.lower(): o for o in options}
    return lowered.get(word.lower())


_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "object": "an object",
    "array": "a list",
}


def _describe(value: Any) -> str:
    from k8slint.model.resource import _describe as describe

    return describe(value)


def _expected(schema: Any) -> str:
    kinds = schema.get("type") if isinstance(schema, dict) else None
    kinds = [k for k in (kinds if isinstance(kinds, list) else [kinds]) if k and k != "null"]
    return " or ".join(_TYPE_NAMES.get(k, k) for k in kinds) or "another type"


def _children_with(schema: dict[str, Any], field: str) -> list[str]:
    """Properties of ``schema`` whose own object (or list item) schema has ``field``."""
    out = []
    for name, sub in (schema.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        target = sub.get("items") if isinstance(sub.get("items"), dict) else sub
        if field in (target.get("properties") or {}):
            out.append(name)
    return out


def _schema_at(root: Any, path: Path) -> Any:
    node = root
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get("items") if isinstance(part, int) else (node.get("properties") or {}).get(part)
    return node


def _unknown_field(error: Any, root: Any) -> list[ValidityIssue]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    allowed = list((schema.get("properties") or {}).keys())
    instance = error.instance if isinstance(error.instance, dict) else {}
    base = tuple(error.absolute_path)
    out = []
    for field in [k for k in instance if k not in allowed]:
        where = dotted(base) or "the object"
        message = f'unknown field "{field}" in {where}'
        hint = _suggest(field, allowed)
        parents = _children_with(schema, field)
        if hint and hint != field:
            message += f': did you mean "{hint}"?'
        elif parents:
            message += f': it belongs under "{parents[0]}" (is it indented one level too little?)'
        elif base and field in ((_schema_at(root, base[:-1]) or {}).get("properties") or {}):
            message += f': it belongs one level up, beside "{base[-1]}" (is it indented one level too much?)'
        message += " (strict field validation rejects unknown fields; lenient validation drops them silently)"
        out.append(ValidityIssue(UNKNOWN_FIELD, (*base, field), message))
    return out


def _from_error(error: Any, skip: set[Path], root: Any) -> list[ValidityIssue]:
    path = tuple(error.absolute_path)
    if path[:1] == ("status",):
        return []  # status is written by controllers; a manifest's status is not validated on create
    kind = error.validator
    if kind == "additionalProperties":
        return _unknown_field(error, root)
    if path in skip:
        return []
    if kind == "required":
        field = error.message.split("'")[1] if "'" in error.message else "?"
        if (*path, field) in skip:
            return []
        where = dotted((*path, field))
        return [ValidityIssue(MISSING_FIELD, path, f"{where}: Required value (the field is missing)")]
    if kind == "type":
        from k8slint.model.resource import _hint

        expected = _expected(error.schema)
        message = f"{dotted(path)} must be {expected}, not {_describe(error.instance)}{_hint(expected, error.instance)}"
        return [ValidityIssue(FIELD_TYPE, path, message)]
    if kind == "anyOf":
        kinds = [_expected(s) for s in error.validator_value if isinstance(s, dict)]
        expected = " or ".join(dict.fromkeys(k for k in kinds if k != "another type")) or "another type"
        return [
            ValidityIssue(
                FIELD_TYPE, path, f"{dotted(path)} must be {expected}, not {_describe(error.instance)}"
            )
        ]
    if kind == "enum":
        values = error.validator_value
        if path[-1:] in (("apiVersion",), ("kind",)):
            return []  # reported as unknown-kind / removed-api
        shown = ", ".join(f'"{v}"' for v in values if v is not None)
        return [
            ValidityIssue(
                FIELD_VALUE,
                path,
                f'{dotted(path)}: Unsupported value: "{error.instance}": supported values: {shown}',
            )
        ]
    if kind in (
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "format",
        "const",
        "multipleOf",
        "minProperties",
        "maxProperties",
    ):
        return [ValidityIssue(FIELD_VALUE, path, f"{dotted(path)}: Invalid value: {error.message}")]
    if kind in ("oneOf", "allOf", "not"):
        return [ValidityIssue(FIELD_VALUE, path, f"{dotted(path)}: Invalid value: {error.message}")]
    return []


def _schema_issues(validator: Any, data: Any, skip: set[Path]) -> list[ValidityIssue]:
    out: list[ValidityIssue] = []
    seen: set[tuple[str, Path]] = set()
    for error in validator.iter_errors(data):
        for issue in _from_error(error, skip, validator.schema):
            if (issue.rule, issue.path) not in seen:
                seen.add((issue.rule, issue.path))
                out.append(issue)
    return out


def check_resource(
    resource: Resource, schemas: VersionSchemas, crds: CrdIndex, selector_managed: bool = False
) -> list[ValidityIssue]:
    api_version, kind = resource.api_version, resource.kind
    group, version = split_api_version(api_version)
    minor = schemas.minor
    target = tuple(int(x) for x in minor.split("."))
    gone = retired(api_version, kind)
    if gone is not None:
        use = f"use {gone.replacement}" if gone.replacement else "it has no replacement"
        if target >= gone.removed_in:
            removed = ".".join(map(str, gone.removed_in))
            msg = f"{api_version} {kind} was removed in Kubernetes {removed}: {use}"
            return [
                ValidityIssue(REMOVED_API, ("apiVersion",), msg + (f". {gone.note}" if gone.note else ""))
            ]
        if gone.deprecated_in is not None and target >= gone.deprecated_in:
            removed = ".".join(map(str, gone.removed_in))
            msg = f"{api_version} {kind} is deprecated and will be removed in Kubernetes {removed}: {use}"
            out = [ValidityIssue(DEPRECATED_API, ("apiVersion",), msg)]
        else:
            out = []
    else:
        out = []
    skip = {issue.path for issue in resource.issues}
    if selector_managed:
        skip.add(("spec", "selector"))  # kustomize commonLabels writes spec.selector at build time
    if schemas.has(api_version, kind):
        issues = _schema_issues(schemas.validator(api_version, kind), resource.raw, skip)
        from k8slint.analysis.workloads import template_path

        base = template_path(resource)
        spec_paths = [] if base is None else [(*base, "spec") if base else ("spec",)]
        reported = {i.path for i in issues} | skip
        for path, message in enum_violations(kind, resource.raw, spec_paths):
            if path not in reported:
                issues.append(ValidityIssue(FIELD_VALUE, path, message))
        return out + issues
    if group in schemas.groups:
        kinds = schemas.kinds_of(api_version)
        message = f'no matches for kind "{kind}" in version "{api_version}"'
        elsewhere = schemas.versions_of(group, kind)
        if elsewhere:
            message += f": {kind} is served as {', '.join(elsewhere)}"
        elif kinds:
            hint = _suggest(kind, [k for k in kinds if not k.endswith("List")])
            if hint:
                message += f': did you mean "{hint}"?'
        elif not schemas.kinds_of(api_version):
            message = (
                f'no matches for kind "{kind}" in version "{api_version}": the API version is not served'
            )
        return [*out, ValidityIssue(UNKNOWN_KIND, ("kind",), message)]
    candidates = crds.schemas_for(group, version, kind)
    if candidates:
        from jsonschema import Draft202012Validator

        results = [_schema_issues(Draft202012Validator(s), resource.raw, skip) for s in candidates]
        return out + min(results, key=len)  # valid when any of the CRDs accepts it
    if crds.serves(group, version, kind):
        return out  # served without a schema: the API server accepts any content
    if crds.knows(group, kind):
        return [
            *out,
            ValidityIssue(
                UNKNOWN_KIND,
                ("apiVersion",),
                f'no matches for kind "{kind}" in version "{api_version}": '
                "its CustomResourceDefinition does not serve that version",
            ),
        ]
    return [
        *out,
        ValidityIssue(
            NO_SCHEMA,
            ("kind",),
            f"no CustomResourceDefinition for {kind}.{group} in the set: not validated "
            "(pass its CRD with --crds)",
        ),
    ]
