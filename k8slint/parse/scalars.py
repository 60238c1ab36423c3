"""Plain-scalar resolution the way the Kubernetes API machinery reads YAML.

kubectl and the API server read YAML with sigs.k8s.io/yaml, which decodes with a fork of go-yaml v2
(YAML 1.1 resolution rules) and converts the result to JSON. This module reproduces the decisions
that matter for manifests:

- ``y``, ``yes``, ``on``, ``true`` (and their capitalised forms) are booleans, as are their negatives;
- ``~``, ``null`` and the empty plain scalar are null;
- integers follow Go's ``strconv.ParseInt(s, 0, 64)``: ``0755`` is octal, ``0x1F`` hexadecimal,
  ``0b101`` binary, underscores are dropped;
- floats match go-yaml's ``yamlStyleFloat``; an integral float reaches the API server as a JSON
  integer, so it is returned as ``int``;
- timestamps stay strings (go-yaml keeps them as strings when the target is untyped).
"""

from __future__ import annotations

import math
import re
from typing import Any

_TRUE = frozenset(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"])
_FALSE = frozenset(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"])
_NULL = frozenset(["", "~", "null", "Null", "NULL"])
_INF = frozenset([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"])
_NEG_INF = frozenset(["-.inf", "-.Inf", "-.INF"])
_NAN = frozenset([".nan", ".NaN", ".NAN"])
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_GO_INT = re.compile(r"^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")
# go-yaml only tries to resolve a plain scalar whose first character hints at a non-string.
_HINTS = frozenset("+-.0123456789yYnNtTfFoO~")

INT64_MIN = -(1 << 63)
UINT64_MAX = (1 << 64) - 1


def _parse_go_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64), falling back to ParseUint as go-yaml does."""
    if not _GO_INT.match(text):
        return None
    sign = -1 if text[0] == "-" else 1
    body = text[1:] if text[0] in "+-" else text
    if len(body) > 1 and body[0] == "0":
        prefix = body[1].lower()
        if prefix == "x":
            value = int(body[2:], 16)
        elif prefix == "o":
            value = int(body[2:], 8)
        elif prefix == "b":
            value = int(body[2:], 2)
        else:
            value = int(body[1:], 8)
    else:
        value = int(body)
    value *= sign
    if INT64_MIN <= value <= UINT64_MAX:
        return value
    return None


def resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar to the value sigs.k8s.io/yaml would produce."""
    if not text:
        return None
    if text[0] not in _HINTS:
        return text
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text in _NULL:
        return None
    plain = text.replace("_", "") if "_" in text else text
    if plain:
        as_int = _parse_go_int(plain)
        if as_int is not None:
            return as_int
        if _FLOAT.match(plain):
            return normalize_float(float(plain))
    if text in _INF:
        return math.inf
    if text in _NEG_INF:
        return -math.inf
    if text in _NAN:
        return math.nan
    return text


def normalize_float(value: float) -> float | int:
    """A float with an integral value is an integer once it has been through JSON."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e21:
        return int(value)
    return value


def resolve_tagged(tag: str, text: str) -> Any:
    """Resolve a scalar carrying an explicit standard tag (``!!str``, ``!!int``, ...)."""
    suffix = tag.rsplit(":", 1)[-1] if tag.startswith("tag:yaml.org,2002:") else tag
    if suffix == "str" or suffix == "binary":
        return text
    resolved = resolve_plain(text)
    if suffix == "int" and isinstance(resolved, int) and not isinstance(resolved, bool):
        return resolved
    if suffix == "float" and isinstance(resolved, (int, float)) and not isinstance(resolved, bool):
        return resolved
    if suffix == "bool" and isinstance(resolved, bool):
        return resolved
    if suffix == "null" and resolved is None:
        return None
    return text


def key_string(key: Any) -> str:
    """Map keys become JSON object keys: sigs.k8s.io/yaml formats non-string keys."""
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, float):
        if math.isinf(key):
            return "+Inf" if key > 0 else "-Inf"
        if math.isnan(key):
            return "NaN"
        return repr(key)
    return str(key)
