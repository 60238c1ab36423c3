"""Quantities parse exactly, following the Kubernetes grammar."""

from __future__ import annotations

from fractions import Fraction

import pytest

from k8slint.model.quantity import Quantity, QuantityError


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("250m", Fraction(1, 4)),
        ("64Mi", 64 * 2**20),
        ("1e3", 1000),
        ("0.5", Fraction(1, 2)),
        ("1Ki", 1024),
        ("1.5Gi", 3 * 2**29),
        (".5", Fraction(1, 2)),
        ("5.", 5),
        ("+1", 1),
        ("-1m", Fraction(-1, 1000)),
        ("1E-3", Fraction(1, 1000)),
        ("100n", Fraction(1, 10**7)),
        ("3u", Fraction(3, 10**6)),
        ("2k", 2000),
        ("1M", 10**6),
        ("1G", 10**9),
        ("1T", 10**12),
        ("1P", 10**15),
        ("1E", 10**18),
        ("1Ei", 2**60),
        (2, 2),
        (0.1, Fraction(1, 10)),
        ("0", 0),
    ],
)
def test_valid(text, value):
    assert Quantity.parse(text).value == value


@pytest.mark.parametrize(
    "text", ["1.2.3", "512MB", "", "e3", "1 Gi", "Gi", "1mi", "1KI", "--1", True, None, "1e", [1]]
)
def test_invalid(text):
    with pytest.raises(QuantityError, match="quantities must match the regular expression"):
        Quantity.parse(text)


def test_no_float_rounding():
    assert Quantity.parse("0.1").value + Quantity.parse("0.2").value == Quantity.parse("0.3").value
    assert Quantity.parse("100m") == Quantity.parse("0.1")


def test_milli_value_rounds_up():
    assert Quantity.parse("1n").milli() == 1
    assert Quantity.parse("1.5").milli() == 1500
    assert Quantity.parse("1Ki").ceil() == 1024


def test_ordering_and_sum():
    assert Quantity.parse("500m") < Quantity.parse("1")
    assert (Quantity.parse("250m") + Quantity.parse("750m")).value == 1


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # apimachinery quantity_test.go TestQuantityParseEmit / TestQuantityString / TestNewSet
        ("1024Mi", "1Gi"),
        ("1Gi", "1Gi"),
        ("307200Ki", "300Mi"),
        ("1025024Mi", "1001Gi"),
        ("1024Gi", "1Ti"),
        ("1536Mi", "1536Mi"),
        ("2Ki", "2Ki"),
        ("1025", "1025"),
        ("5000m", "5"),
        ("0.5", "500m"),
        ("1.5", "1500m"),
        ("1000m", "1"),
        ("1.08", "1080m"),
        ("1080000000n", "1080m"),
        ("1000u", "1m"),
        ("1000M", "1G"),
        ("0.001T", "1G"),
        ("100M", "100M"),
        ("1000", "1k"),
        ("1500", "1500"),
        ("1234000", "1234k"),
        ("1000E", "1e21"),
        ("1e3", "1e3"),  # DecimalExponent keeps its format: not 1k
        (".001e12", "1e9"),
        ("0.001e0", "1e-3"),
        ("1000e-12", "1e-9"),
        ("0", "0"),
        ("0Gi", "0"),
        ("00", "0"),
        (".001Ki", "1024m"),
        (".000000001Ki", "1024n"),
        (".000000000001Ki", "2n"),  # ParseQuantity rounds up to a whole nano
        ("3.001n", "4n"),
        ("-1024Mi", "-1Gi"),
        ("-1.5", "-1500m"),
        (1000, "1k"),
    ],
)
def test_canonical(text, canonical):
    q = Quantity.parse(text)
    assert q.canonical() == canonical
    assert str(q) == str(text)  # str() keeps the text as written


def test_sum_keeps_the_first_operands_format():
    # Quantity.Add: the receiver's format, unless it is zero
    assert (Quantity.parse("512Mi") + Quantity.parse("512Mi")).canonical() == "1Gi"
    assert (Quantity.parse(0) + Quantity.parse("1Gi")).canonical() == "1Gi"
    assert (Quantity.parse("100m") + Quantity.parse("0")).canonical() == "100m"
