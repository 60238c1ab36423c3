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
_NANO = Fraction(1, 10**9)
_BINARY_SUFFIXES = ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei")
_DECIMAL_SUFFIXES = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}
_QUANTITY = re.compile(
    r"^(?P<sign>[+-]?)(?P<num>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"(?:(?P<bin>Ki|Mi|Gi|Ti|Pi|Ei)|[eE](?P<exp>[+-]?[0-9]+)|(?P<dec>[numkMGTPE]?))$"
)


class QuantityError(ValueError):
    pass


_NANOS = 10**9

# parsed strings (Quantities are immutable, so they are shared) and the errors of invalid ones
_PARSED: dict[str, Quantity | QuantityError] = {}


@total_ordering
class Quantity:
    """An exact quantity. ``value`` is a Fraction in base units (cores, bytes, ...), rounded up
    (away from zero) to a whole nano as ``ParseQuantity`` does; ``text`` is the text as written
    (what ``str()`` returns); ``fmt`` is the format the suffix gives (``BinarySI``,
    ``DecimalExponent``, ``DecimalSI``), which decides the canonical form."""

    __slots__ = ("_text", "_value", "fmt", "nanos")

    def __init__(
        self, text: str | None, value: Fraction | None, fmt: str = "DecimalSI", nanos: int | None = None
    ) -> None:
        self._text = text  # None: a computed sum, formatted on first use
        self._value = value  # None: a sum of whole nanos, made a Fraction on first use
        self.fmt = fmt
        if nanos is None and value is not None and _NANOS % value.denominator == 0:
            nanos = value.numerator * (_NANOS // value.denominator)
        self.nanos = nanos  # the value in whole nano units (int arithmetic), when it is one

    @property
    def value(self) -> Fraction:
        if self._value is None:
            self._value = Fraction(self.nanos or 0, _NANOS)
        return self._value

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = _format(self.value)
        return self._text

    @classmethod
    def parse(cls, raw: Any) -> Quantity:
        if isinstance(raw, Quantity):
            return raw
        if isinstance(raw, str):  # manifests repeat a few dozen strings: parse each once
            found = _PARSED.get(raw)
            if found is None:
                try:
                    found = cls._parse(raw)
                except QuantityError as exc:
                    found = exc
                if len(_PARSED) < 65536:
                    _PARSED[raw] = found
            if isinstance(found, QuantityError):
                raise QuantityError(str(found))
            return found
        return cls._parse(raw)

    @classmethod
    def _parse(cls, raw: Any) -> Quantity:
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
        fmt = "DecimalSI"
        if m.group("bin"):
            number *= _BINARY[m.group("bin")]
            fmt = "BinarySI"
        elif m.group("exp") is not None:
            exp = int(m.group("exp"))
            if abs(exp) > 400:
                raise QuantityError(QUANTITY_ERROR)
            number *= Fraction(10) ** exp
            fmt = "DecimalExponent"
        else:
            number *= _DECIMAL[m.group("dec") or ""]
        if (number / _NANO).denominator != 1:  # ParseQuantity rounds up to a whole nano
            magnitude = math.ceil(abs(number) / _NANO) * _NANO
            number = magnitude if number > 0 else -magnitude
        return cls(text, number, fmt)

    def milli(self) -> int:
        """MilliValue(): thousandths, rounded up as the API machinery does."""
        return math.ceil(self.value * 1000)

    def ceil(self) -> int:
        """Value(): whole units, rounded up."""
        return math.ceil(self.value)

    def is_zero(self) -> bool:
        return self.nanos == 0 if self.nanos is not None else self.value == 0

    def sign(self) -> int:
        """-1, 0 or 1 (Sign())."""
        v = self.nanos if self.nanos is not None else self.value
        return (v > 0) - (v < 0)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Quantity):
            if self.nanos is not None and other.nanos is not None:
                return self.nanos == other.nanos
            return self.value == other.value
        return NotImplemented

    def __lt__(self, other: Quantity) -> bool:
        if self.nanos is not None and other.nanos is not None:
            return self.nanos < other.nanos
        return self.value < other.value

    def __gt__(self, other: Quantity) -> bool:
        if self.nanos is not None and other.nanos is not None:
            return self.nanos > other.nanos
        return self.value > other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __add__(self, other: Quantity) -> Quantity:
        # Quantity.Add: the receiver's format, unless it is zero
        if self.nanos is not None and other.nanos is not None:
            fmt = self.fmt if self.nanos else other.fmt
            return Quantity(None, None, fmt, self.nanos + other.nanos)
        fmt = self.fmt if self.value else other.fmt
        return Quantity(None, self.value + other.value, fmt)

    def times(self, n: int) -> Quantity:
        """``n`` of this quantity, in its format."""
        if self.nanos is not None:
            return Quantity(None, None, self.fmt, self.nanos * n)
        return Quantity(None, self.value * n, self.fmt)

    def __repr__(self) -> str:
        return f"Quantity({self.text!r})"

    def __str__(self) -> str:
        return self.text

    def canonical(self) -> str:
        """``Quantity.String()``: the form the API server prints (``1024Mi`` is ``1Gi``, ``1.5``
        is ``1500m``, ``1000`` is ``1k``, ``1e3`` stays ``1e3``)."""
        return _canonical(self.value, self.fmt)


def _canonical(value: Fraction, fmt: str) -> str:
    """CanonicalizeBytes: a BinarySI value that is a whole number of at least 1024 takes the
    largest binary suffix dividing it; anything else prints in decimal, the mantissa an integer
    and the exponent a multiple of 3 (an SI suffix, or ``e<n>`` for DecimalExponent and beyond
    ``E``)."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if fmt == "BinarySI" and magnitude >= 1024 and magnitude.denominator == 1:
        number, exponent = magnitude.numerator, 0
        while number % 1024 == 0 and exponent < len(_BINARY_SUFFIXES) - 1:
            number //= 1024
            exponent += 1
        return f"{sign}{number}{_BINARY_SUFFIXES[exponent]}"
    scaled, exponent = magnitude, 0
    while scaled.denominator != 1:
        scaled *= 10
        exponent -= 1
    number = scaled.numerator
    while number % 10 == 0:
        number //= 10
        exponent += 1
    shift = exponent % 3
    number *= 10**shift
    exponent -= shift
    if fmt == "DecimalExponent":
        return f"{sign}{number}" + (f"e{exponent}" if exponent else "")
    suffix = _DECIMAL_SUFFIXES.get(exponent)
    return f"{sign}{number}{suffix if suffix is not None else f'e{exponent}'}"


def _format(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    milli = value * 1000
    if milli.denominator == 1:
        return f"{milli.numerator}m"
    return str(float(value))


def parse_quantity(raw: Any) -> Quantity:
    return Quantity.parse(raw)
