"""A compiled validator for the JSON Schema subset the Kubernetes schemas use.

The built-in schemas (after reference resolution) use only ``type``, ``properties``,
``additionalProperties``, ``items``, ``required``, ``enum`` and ``anyOf`` (``format`` and the
``x-kubernetes-*`` annotations carry no validation); ``const`` and ``not`` complete what simple
declarative rules use. Compiling that subset into closures once per
kind validates faster than a general validator and keeps jsonschema out of most runs; its errors
carry the same attributes as jsonschema's (validator, absolute_path, instance, schema,
validator_value, message) and a test checks that both report the same errors over real manifests.
Schemas with any other keyword are refused (``Unsupported``) so that callers fall back to jsonschema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SUPPORTED = frozenset(
    {
        "type",
        "properties",
        "additionalProperties",
        "items",
        "required",
        "enum",
        "anyOf",
        "format",
        "const",
        "not",
    }
)


class Unsupported(Exception):
    pass


@dataclass(slots=True)
class SchemaError:
    validator: str
    absolute_path: tuple[str | int, ...]
    instance: Any
    schema: Any
    validator_value: Any
    message: str


Check = Callable[[Any, tuple[str | int, ...], list[SchemaError]], None]

_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def _is_valid(check: Check, instance: Any) -> bool:
    errors: list[SchemaError] = []
    check(instance, (), errors)
    return not errors


_COMPILED: dict[int, tuple[Any, Check]] = {}


def _lazy(schema: Any) -> Check:
    """Compile ``schema`` the first time an instance reaches it: a Deployment's schema is large,
    and most of it never meets a value. Shared sub-schemas are compiled once."""
    cached = _COMPILED.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]

    def first_use(instance: Any, path: tuple[str | int, ...], errors: list[SchemaError]) -> None:
        compiled = compile_schema(schema)
        _COMPILED[id(schema)] = (schema, compiled)
        compiled(instance, path, errors)

    return first_use


def compile_schema(schema: Any) -> Check:
    cached = _COMPILED.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    if schema is True or schema == {}:
        return lambda instance, path, errors: None
    if not isinstance(schema, dict):
        raise Unsupported(f"schema {schema!r}")
    for key in schema:
        if (
            key not in SUPPORTED
            and not key.startswith("x-kubernetes-")
            and key not in ("description", "$schema", "$id")
        ):
            raise Unsupported(key)
    checks: list[Check] = []

    if "type" in schema:
        wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        tests = [_TYPES[t] for t in wanted]
        shown = ", ".join(repr(t) for t in wanted)

        def check_type(instance: Any, path: tuple[str | int, ...], errors: list[SchemaError]) -> None:
            if not any(t(instance) for t in tests):
                errors.append(
                    SchemaError(
                        "type", path, instance, schema, schema["type"], f"{instance!r} is not of type {shown}"
                    )
                )

        checks.append(check_type)

    if "enum" in schema:
        allowed = schema["enum"]

        def check_enum(instance: Any, path: tuple[str | int, ...], errors: list[SchemaError]) -> None:
            if not any(instance == a and type(instance) is type(a) for a in allowed):
                errors.append(
                    SchemaError(
                        "enum", path, instance, schema, allowed, f"{instance!r} is not one of {allowed!r}"
                    )
                )

        checks.append(check_enum)

    if "required" in schema:
        required = list(schema["required"])

        def check_required(instance: Any, path: tuple[str | int, ...], errors: list[SchemaError]) -> None:
            if isinstance(instance, dict):
                for name in required:
                    if name not in instance:
                        errors.append(
                            SchemaError(
                                "required",
                                path,
                                instance,
                                schema,
                                required,
                                f"{name!r} is a required property",
                            )
                        )

        checks.append(check_required)

    _check_keywords(schema)
    props: dict[str, Check] = {k: _lazy(v) for k, v in (schema.get("properties") or {}).items()}
    extra = schema.get("additionalProperties", True)
    extra_check = None if isinstance(extra, bool) else _lazy(extra)
    if props or extra is not True:

        def check_object(instance: Any, path: tuple[str | int, ...], errors: list[SchemaError]) -> None:
            if not isinstance(instance, dict):
                return
            unknown = []
            for key, value in instance.items():
                sub = props.get(key)
                if sub is not None:
                    sub(value, (*path, key), errors)
                elif extra_check is not None:
                    extra_check(value, (*path, key), errors)
                elif extra is False:
                    unknown.append(key)
            if unknown:
                listed = ", ".join(repr(k) for k in unknown)
                verb = "was" if len(unknown) == 1 else "were"
                errors.append(
                    SchemaError(
                        "additionalProperties",
                        path,
                        instance,
                        schema,
                        False,
                        f"Additional properties are not allowed ({listed} {verb} unexpected)",
                    )
                )

        checks.append(check_object)

    if "items" in schema:
        item_check = _lazy(schema["items"])

        def check_items(instance: Any, path: tuple[str | int, ...], errors: list[SchemaError]) -> None:
            if isinstance(instance, list):
                for i, item in enumerate(instance):
                    item_check(item, (*path, i), errors)

        checks.append(check_items)

    if "const" in schema:
        expected = schema["const"]

        def check_const(instance: Any, path: tuple[str | int, ...], errors: list[SchemaError]) -> None:
            if not (instance == expected and type(instance) is type(expected)):
                errors.append(
                    SchemaError("const", path, instance, schema, expected, f"{expected!r} was expected")
                )

        checks.append(check_const)

    if "not" in schema:
        negated = compile_schema(schema["not"])

        def check_not(instance: Any, path: tuple[str | int, ...], errors: list[SchemaError]) -> None:
            if _is_valid(negated, instance):
                errors.append(
                    SchemaError(
                        "not",
                        path,
                        instance,
                        schema,
                        schema["not"],
                        f"{instance!r} should not be valid under {schema['not']!r}",
                    )
                )

        checks.append(check_not)

    if "anyOf" in schema:
        branches = [compile_schema(s) for s in schema["anyOf"]]

        def check_any(instance: Any, path: tuple[str | int, ...], errors: list[SchemaError]) -> None:
            if not any(_is_valid(b, instance) for b in branches):
                errors.append(
                    SchemaError(
                        "anyOf",
                        path,
                        instance,
                        schema,
                        schema["anyOf"],
                        f"{instance!r} is not valid under any of the given schemas",
                    )
                )

        checks.append(check_any)

    if len(checks) == 1:
        return checks[0]

    def check_all(instance: Any, path: tuple[str | int, ...], errors: list[SchemaError]) -> None:
        for c in checks:
            c(instance, path, errors)

    return check_all


def _check_keywords(schema: Any) -> None:
    if isinstance(schema, dict):
        for key in schema:
            if (
                key not in SUPPORTED
                and not key.startswith("x-kubernetes-")
                and key not in ("description", "$schema", "$id")
            ):
                raise Unsupported(key)


def supports(schema: Any, _seen: set[int] | None = None) -> bool:
    """Whether every keyword anywhere in ``schema`` is in the subset (checked once per kind)."""
    seen = _seen if _seen is not None else set()
    if id(schema) in seen or not isinstance(schema, dict):
        return True
    seen.add(id(schema))
    try:
        _check_keywords(schema)
    except Unsupported:
        return False
    subs = [*(schema.get("properties") or {}).values(), *schema.get("anyOf", [])]
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict):
            subs.append(schema[key])
    return all(supports(s, seen) for s in subs)


class FastValidator:
    """``iter_errors`` like jsonschema's validators, for the Kubernetes subset."""

    def __init__(self, schema: Any) -> None:
        if not supports(schema):
            raise Unsupported("the schema uses keywords outside the Kubernetes subset")
        self.schema = schema
        self._check = compile_schema(schema)

    def iter_errors(self, instance: Any) -> list[SchemaError]:
        errors: list[SchemaError] = []
        self._check(instance, (), errors)
        return errors
