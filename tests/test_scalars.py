"""Scalars resolve the way sigs.k8s.io/yaml (go-yaml v2, YAML 1.1) resolves them."""

from __future__ import annotations

import math

import pytest

from k8slint.parse.loader import iter_documents
from k8slint.parse.scalars import key_string, resolve_plain


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("Yes", True),
        ("YES", True),
        ("on", True),
        ("ON", True),
        ("y", True),
        ("true", True),
        ("no", False),
        ("off", False),
        ("n", False),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("NULL", None),
        ("0755", 0o755),
        ("0o17", 15),
        ("0x1F", 31),
        ("0b101", 5),
        ("1_000", 1000),
        ("+7", 7),
        ("-12", -12),
        ("1.5", 1.5),
        ("1.0", 1),
        ("1e3", 1000),
        (".5", 0.5),
        ("08", 8),
        ("-0.25", -0.25),
        ("yess", "yes" + "s"),
        ("2024-01-01", "2024-01-01"),
        ("1.2.3", "1.2.3"),
        ("nginx", "nginx"),
        ("0.5Gi", "0.5Gi"),
        ("250m", "250m"),
        ("12:30", "12:30"),
        ("Y2K", "Y2K"),
        ("on-call", "on-call"),
    ],
)
def test_resolve_plain(text, value):
    got = resolve_plain(text)
    assert got == value and type(got) is type(value)


def test_special_floats():
    assert resolve_plain(".inf") == math.inf
    assert resolve_plain("-.Inf") == -math.inf
    assert math.isnan(resolve_plain(".nan"))


def test_quoted_and_tagged_scalars_stay_strings():
    (doc,) = iter_documents(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
        "data:\n  a: 'yes'\n  b: \"0755\"\n  c: !!str 8080\n  d: |\n    on\n  e: !!int '12'\n"
    )
    data = doc.data["data"]
    assert data == {"a": "yes", "b": "0755", "c": "8080", "d": "on\n", "e": 12}


def test_non_string_keys_become_json_strings():
    (doc,) = iter_documents(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  yes: a\n  1: b\n  ~: c\n"
    )
    assert doc.data["data"] == {"true": "a", "1": "b", "null": "c"}
    assert key_string(False) == "false"


def test_merge_keys_and_aliases():
    text = (
        "defaults: &d {app: web, tier: front}\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    <<: *d\n    tier: back\n"
    )
    (doc,) = iter_documents(text)
    assert doc.data["metadata"]["labels"] == {"tier": "back", "app": "web"}
