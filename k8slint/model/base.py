"""Shared pydantic configuration and field types for the typed object models.

Models mirror how the API server decodes JSON: strict types (a string is never an integer),
every field optional (required-ness is the validity engine's concern), unknown fields ignored here
(the raw mapping stays available on the resource), and frozen instances.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator
from pydantic.alias_generators import to_camel

from k8slint.model.quantity import Quantity, QuantityError


class K8sModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
        strict=True,
        defer_build=True,
    )


def _quantity(value: Any) -> Quantity:
    try:
        return Quantity.parse(value)
    except QuantityError as exc:
        raise ValueError(str(exc)) from None


def _int_or_string(value: Any) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("must be an integer or a string")
    return value


QuantityField = Annotated[Quantity, PlainValidator(_quantity), PlainSerializer(str)]
IntOrString = Annotated[int | str, PlainValidator(_int_or_string)]
ResourceList = dict[str, QuantityField]
StrMap = dict[str, str]


def alias(name: str) -> Any:
    """A field whose JSON name is not the camelCase of its Python name (hostIPC, from, ...)."""
    return Field(default=None, alias=name)
