"""Per-version Kubernetes schemas: loaded from the compact files in schemas/kubernetes/, with
references resolved once into one schema per kind (recursion cut where a definition refers to
itself, as CRD's JSONSchemaProps does), and one compiled validator per kind and run."""

from __future__ import annotations

import gzip
import json
from functools import cache
from typing import Any

from k8slint.resources_data import data_dir


@cache
def _pool() -> dict[str, Any]:
    with gzip.open(data_dir("schemas") / "kubernetes" / "definitions.json.gz") as fh:
        return json.load(fh)


@cache
def _version(minor: str) -> dict[str, dict[str, str]]:
    with gzip.open(data_dir("schemas") / "kubernetes" / f"v{minor}.json.gz") as fh:
        return json.load(fh)


class VersionSchemas:
    """The schemas of one Kubernetes minor (e.g. "1.37")."""

    def __init__(self, minor: str) -> None:
        self.minor = minor
        data = _version(minor)
        self.definitions: dict[str, str] = data["definitions"]
        self.kinds: dict[str, str] = data["kinds"]
        self._validators: dict[str, Any] = {}
        self._resolved: dict[str, Any] = {}
        self.groups = frozenset(k.rsplit("/", 2)[0] if k.count("/") == 2 else "" for k in self.kinds)

    def has(self, api_version: str, kind: str) -> bool:
        return f"{api_version}/{kind}" in self.kinds

    def kinds_of(self, api_version: str) -> list[str]:
        prefix = api_version + "/"
        return [k[len(prefix) :] for k in self.kinds if k.startswith(prefix) and "/" not in k[len(prefix) :]]

    def versions_of(self, group: str, kind: str) -> list[str]:
        out = []
        for key in self.kinds:
            head, _, k = key.rpartition("/")
            g = head.rpartition("/")[0] if "/" in head else ""
            if k == kind and g == group:
                out.append(head)
        return sorted(out)

    def resolved(self, name: str) -> Any:
        """The definition with every $ref inlined. Definitions are shared between kinds (read-only);
        a definition that reaches itself is cut to ``{}`` at the repeat (and not shared)."""
        pool = _pool()
        cache = self._resolved
        cut = [False]

        def walk(node: Any, stack: tuple[str, ...]) -> Any:
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str):
                    if ref in stack:
                        cut[0] = True
                        return {}  # recursive definition: accept anything below this point
                    if ref in cache:
                        merged = cache[ref]
                    else:
                        outer, cut[0] = cut[0], False
                        merged = walk(pool.get(self.definitions.get(ref, ""), {}), (*stack, ref))
                        if not cut[0]:
                            cache[ref] = merged
                        cut[0] = cut[0] or outer
                    rest = {k: v for k, v in node.items() if k != "$ref"}
                    return {**merged, **walk(rest, stack)} if rest else merged
                return {k: walk(v, stack) for k, v in node.items()}
            if isinstance(node, list):
                return [walk(v, stack) for v in node]
            return node

        return walk({"$ref": name}, ())

    def validator(self, api_version: str, kind: str) -> Any:
        """A compiled validator for the kind (jsonschema only if the schema leaves the subset)."""
        key = f"{api_version}/{kind}"
        if key not in self._validators:
            from k8slint.validity.fastschema import FastValidator, Unsupported

            schema = self.resolved(self.kinds[key])
            try:
                self._validators[key] = FastValidator(schema)
            except Unsupported:
                from jsonschema import Draft202012Validator

                self._validators[key] = Draft202012Validator(schema)
        return self._validators[key]


@cache
def for_version(major: int, minor: int) -> VersionSchemas:
    return VersionSchemas(f"{major}.{minor}")
