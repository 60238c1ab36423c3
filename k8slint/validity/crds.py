"""Schemas for custom resources, from the CustomResourceDefinitions in the set (and --crds).

The served version's ``openAPIV3Schema`` becomes a JSON Schema with the API server's semantics:
unknown fields are errors (strict field validation) unless ``x-kubernetes-preserve-unknown-fields``
says otherwise, ``nullable`` admits null, ``x-kubernetes-int-or-string`` admits both, and
``x-kubernetes-embedded-resource`` admits apiVersion, kind and metadata.
"""

from __future__ import annotations

from typing import Any

from k8slint.parse.sourcemap import get

GATEKEEPER_CONSTRAINTS = "constraints.gatekeeper.sh"
_META = {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"}}


def _convert(node: Any, top: bool = False) -> Any:
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("description", "example", "externalDocs", "default") or key.startswith("x-kubernetes-"):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {k: _convert(v) for k, v in value.items()}
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            out[key] = _convert(value)
        elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
            out[key] = [_convert(v) for v in value]
        elif key == "nullable":
            continue
        else:
            out[key] = value
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out = {
            "anyOf": [{"type": "integer"}, {"type": "string"}],
            **{k: v for k, v in out.items() if k != "anyOf"},
        }
    if node.get("nullable") and "type" in out:
        kinds = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*kinds, "null"]
    if node.get("x-kubernetes-embedded-resource"):
        out.setdefault("properties", {})
        for k, v in _META.items():
            out["properties"].setdefault(k, v)
    preserve = node.get("x-kubernetes-preserve-unknown-fields") is True
    if "properties" in out and "additionalProperties" not in out and not preserve:
        out["additionalProperties"] = False
    if top:
        out.setdefault("properties", {})
        for k, v in _META.items():
            out["properties"].setdefault(k, v)
        out["properties"]["metadata"] = {"type": "object"}
        if not preserve:
            out["additionalProperties"] = False
    return out


class CrdIndex:
    """(group, version, kind) -> JSON Schema, from the CRDs of the set."""

    def __init__(self) -> None:
        # several CRDs of one kind may sit in a repository (vendored releases): an object is valid
        # when any of their schemas accepts it
        self.schemas: dict[tuple[str, str, str], list[Any]] = {}
        self.served: set[tuple[str, str, str]] = set()
        self.kinds: set[tuple[str, str]] = set()
        self.any_version: set[tuple[str, str]] = set()  # accepted without a schema (generated CRDs)

    def add(self, crd: Any) -> None:
        spec = crd.get("spec") if isinstance(crd, dict) else None
        if not isinstance(spec, dict):
            return
        group = spec.get("group")
        names = spec.get("names") if isinstance(spec.get("names"), dict) else {}
        kind = names.get("kind")
        if not isinstance(group, str) or not isinstance(kind, str):
            return
        self.kinds.add((group, kind))
        versions = spec.get("versions")
        legacy = (
            spec.get("validation", {}).get("openAPIV3Schema")
            if isinstance(spec.get("validation"), dict)
            else None
        )
        if isinstance(versions, list):
            for v in versions:
                if not isinstance(v, dict) or not isinstance(v.get("name"), str):
                    continue
                raw = (
                    v.get("schema", {}).get("openAPIV3Schema") if isinstance(v.get("schema"), dict) else None
                )
                raw = raw if isinstance(raw, dict) else legacy
                if v.get("served", True):
                    self._add(group, v["name"], kind, raw)
        if isinstance(spec.get("version"), str):
            self._add(group, spec["version"], kind, legacy)

    def _add(self, group: str, version: str, kind: str, raw: Any) -> None:
        self.served.add((group, version, kind))
        if isinstance(raw, dict):
            schema = _convert(raw, top=True)
            entries = self.schemas.setdefault((group, version, kind), [])
            if schema not in entries:
                entries.append(schema)

    def knows(self, group: str, kind: str) -> bool:
        return (group, kind) in self.kinds

    def add_constraint_template(self, template: Any) -> None:
        """Gatekeeper generates the CRD of a constraint kind from its ConstraintTemplate: accept any
        content for that kind (the parameters' schema is the template's business)."""
        kind = get(template, ("spec", "crd", "spec", "names", "kind"))
        if isinstance(kind, str):
            self.kinds.add((GATEKEEPER_CONSTRAINTS, kind))
            self.any_version.add((GATEKEEPER_CONSTRAINTS, kind))

    def serves(self, group: str, version: str, kind: str) -> bool:
        if (group, kind) in self.any_version:
            return True
        return (group, version, kind) in self.served

    def schemas_for(self, group: str, version: str, kind: str) -> list[Any]:
        if (group, kind) in self.any_version:
            return []
        return self.schemas.get((group, version, kind), [])
