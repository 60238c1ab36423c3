#!/usr/bin/env python3
"""Regenerate the compact Kubernetes schemas shipped in schemas/kubernetes/ from the per-version
JSON schemas of the `kubernetes-validate` package (generated from the upstream OpenAPI definitions).

usage: pip install 'kubernetes-validate==1.37.0' && python scripts/gen_schemas.py

What it writes:
- schemas/kubernetes/definitions.json.gz: every distinct definition once, descriptions dropped;
- schemas/kubernetes/v1.NN.json.gz: per minor (1.27 ... 1.37), the definition each name means in
  that version, and the top-level definition of each group/version/kind.
Identical definitions are shared across versions, so eleven versions cost little more than one.
Only the "local-strict" flavour is used: unknown fields are errors, as with the API server's
strict field validation (the default since 1.27).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "schemas" / "kubernetes"
MINORS = range(27, 38)
# Upstream's int-or-string and quantity are `oneOf` two nullable types, so `null` matches both and
# fails `oneOf`; `anyOf` says what the API server accepts.
ONE_OF_AS_ANY_OF = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    "io.k8s.apimachinery.pkg.api.resource.Quantity",
}


def strip(node: object) -> object:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("description", "$schema", "$id") and not isinstance(value, dict):
                continue
            if key == "$ref" and isinstance(value, str):
                out[key] = value.rsplit("/", 1)[-1]  # just the definition name
                continue
            out[key] = strip(value)
        return out
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def main() -> int:
    try:
        import kubernetes_validate
    except ImportError:
        print("pip install kubernetes-validate first", file=sys.stderr)
        return 1
    base = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    pool: dict[str, object] = {}
    versions: dict[str, dict[str, dict[str, str]]] = {}
    for minor in MINORS:
        folder = base / f"v1.{minor}.0-local-strict"
        defs = json.loads((folder / "_definitions.json").read_text())["$defs"]
        names: dict[str, str] = {}
        for name, schema in defs.items():
            compact = strip(schema)
            if name in ONE_OF_AS_ANY_OF and isinstance(compact, dict) and "oneOf" in compact:
                compact["anyOf"] = compact.pop("oneOf")
            digest = hashlib.sha256(json.dumps(compact, sort_keys=True).encode()).hexdigest()[:16]
            pool[digest] = compact
            names[name] = digest
        kinds: dict[str, str] = {}
        for name, schema in defs.items():
            for gvk in schema.get("x-kubernetes-group-version-kind", []) if isinstance(schema, dict) else []:
                group, version, kind = gvk.get("group", ""), gvk["version"], gvk["kind"]
                api_version = f"{group}/{version}" if group else version
                kinds[f"{api_version}/{kind}"] = name
        versions[f"1.{minor}"] = {"definitions": names, "kinds": kinds}
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json.gz"):
        old.unlink()
    outputs = [("definitions.json.gz", pool)] + [(f"v{v}.json.gz", data) for v, data in versions.items()]
    for filename, data in outputs:
        raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
        (OUT / filename).write_bytes(gzip.compress(raw, 9, mtime=0))
    total = sum(p.stat().st_size for p in OUT.glob("*.gz"))
    print(f"{len(pool)} distinct definitions, {len(versions)} versions, {total / 1e6:.2f} MB compressed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
