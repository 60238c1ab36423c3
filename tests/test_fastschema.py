"""The compiled Kubernetes-subset validator reports exactly what jsonschema reports, over every
built-in object of the fixtures and of the shared corpus (when present)."""

from __future__ import annotations

import jsonschema

from k8slint.parse.loader import load
from k8slint.validity.fastschema import FastValidator
from k8slint.validity.schemas import for_version
from tests.harness import FIXTURES, ROOT

CORPUS = ROOT.parent / "shared" / "corpus"


def _errors(validator, data):
    return sorted((e.validator, tuple(e.absolute_path)) for e in validator.iter_errors(data))


def test_same_errors_as_jsonschema():
    paths = [str(FIXTURES)] + ([str(CORPUS)] if CORPUS.is_dir() else [])
    schemas = for_version(1, 37)
    compared = 0
    cache: dict[str, tuple[FastValidator, jsonschema.Draft202012Validator]] = {}
    for doc in load(paths).documents:
        key = f"{doc.data['apiVersion']}/{doc.data['kind']}"
        if key not in schemas.kinds:
            continue
        if key not in cache:
            schema = schemas.resolved(schemas.kinds[key])
            cache[key] = (FastValidator(schema), jsonschema.Draft202012Validator(schema))
        fast, reference = cache[key]
        assert _errors(fast, doc.data) == _errors(reference, doc.data), (doc.file, doc.line)
        compared += 1
    assert compared > 20


def test_subset_semantics_match_on_edge_values():
    schema = {
        "type": "object",
        "required": ["a"],
        "additionalProperties": False,
        "properties": {
            "a": {"type": "integer"},
            "b": {"type": ["string", "null"]},
            "c": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "d": {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "string"}}},
            "e": {"enum": ["x", 1]},
            "f": {"not": {"const": True}},
        },
    }
    fast, reference = FastValidator(schema), jsonschema.Draft202012Validator(schema)
    for instance in [
        {"a": True},
        {"a": 1.0},
        {"a": 1.5},
        {"b": None, "a": 1},
        {"a": 1, "c": 2.5},
        {"a": 1, "c": False},
        {"a": 1, "d": [{"k": 1}, "x"]},
        {"a": 1, "e": True},
        {"a": 1, "e": 1},
        {"z": 1},
        [],
        "s",
        {"a": 1, "f": True},
        {"a": 1, "f": 1},
        {"a": 1, "f": False},
    ]:
        assert _errors(fast, instance) == _errors(reference, instance), instance


def test_declarative_rule_schemas_agree_with_jsonschema():
    from k8slint.engine.declarative import read_rule_file, rule_files
    from k8slint.resources_data import data_dir

    docs = [d.data for d in load([str(FIXTURES)]).documents]
    for path in rule_files(data_dir("rules")):
        schema = read_rule_file(path)["schema"]
        fast, reference = FastValidator(schema), jsonschema.Draft202012Validator(schema)
        for data in docs:
            for container in (
                (data.get("spec") or {}).get("containers") or [] if isinstance(data.get("spec"), dict) else []
            ):
                assert _errors(fast, container) == _errors(reference, container), (path.name, container)
