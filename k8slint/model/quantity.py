"""Kubernetes resource quantities, parsed exactly (no floats).

Grammar (k8s.io/apimachinery/pkg/api/resource/quantity.go)::

    <quantity>        ::= <signedNumber><suffix>
    <signedNumber>    ::= <number> | <sign><number>
    <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
    <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
    <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
    <decimalSI>       ::= m | "" | k | M | G | T | P | E
    <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import total_ordering
from typing import Any

# The API server's own error text for a malformed quantity.
QUANTITY_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {
    "n": Fraction(1, 10**9),
    "u": Fraction(1, 10**6),
    "m": Fraction(1, 1000),
    "": Fraction(1),
    "k": Fraction(10**3),
    "M": Fraction(10**6),
    "G": Fraction(10**9),
    "T": Fraction(10**12),
    "P": Fraction(10**15),
    "E": Fraction(10**18),
}
_QUANTITY = re.compile(
    r"^(?P<sign>[+-]?)(?P<num>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"(?:(?P<bin>Ki|Mi|Gi|Ti|Pi|Ei)|[eE](?P<exp>[+-]?[0-9]+)|(?P<dec>[numkMGTPE]?))$"
)


class QuantityError(ValueError):
    pass


@total_ordering
class Quantity:
    """An exact quantity. ``value`` is a Fraction in base units (cores, bytes, ...)."""

    __slots__ = ("text", "value")

    def __init__(self, text: str, value: Fraction) -> None:
        self.text = text
        self.value = value

    @classmethod
    def parse(cls, raw: Any) -> Quantity:
        if isinstance(raw, Quantity):
            return raw
        if isinstance(raw, bool) or raw is None:
            raise QuantityError(QUANTITY_ERROR)
        if isinstance(raw, int):
            return cls(str(raw), Fraction(raw))
        if isinstance(raw, float):
            if not math.isfinite(raw):
                raise QuantityError(QUANTITY_ERROR)
            text = repr(raw)
        elif isinstance(raw, str):
            text = raw
        else:
            raise QuantityError(QUANTITY_ERROR)
        m = _QUANTITY.match(text)
        if m is None:
            raise QuantityError(QUANTITY_ERROR)
        number = Fraction(m.group("num") if not m.group("num").endswith(".") else m.group("num")[:-1])
        if m.group("sign") == "-":
            number = -number
        if m.group("bin"):
            number *= _BINARY[m.group("bin")]
        elif m.group("exp") is not None:
            exp = int(m.group("exp"))
            if abs(exp) > 400:
                raise QuantityError(QUANTITY_ERROR)
            number *= Fraction(10) ** exp
        else:
            number *= _DECIMAL[m.group("dec") or ""]
        return cls(text, number)

    def milli(self) -> int:
        """MilliValue(): thousandths, rounded up as the API machinery does."""
        return math.ceil(self.value * 1000)

    def ceil(self) -> int:
        """Value(): whole units, rounded up."""
        return math.ceil(self.value)

    def is_zero(self) -> bool:
        return self.value == 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Quantity):
            return self.value == other.value
        return NotImplemented

    def __lt__(self, other: Quantity) -> bool:
        return self.value < other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __add__(self, other: Quantity) -> Quantity:
        return Quantity(_format(self.value + other.value), self.value + other.value)

    def __repr__(self) -> str:
        return f"Quantity({self.text!r})"

    def __str__(self) -> str:
        return self.text


def _format(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    milli = value * 1000
    if milli.denominator == 1:
        return f"{milli.numerator}m"
    return str(float(value))


def parse_quantity(raw: Any) -> Quantity:
    return Quantity.parse(raw)
