"""Reading the schema's type annotations: the one walker and the one unwrapper in schema.py."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, Field

from showcase.records.quantities import Quantity
from showcase.records.schema import (
    Achievements,
    Citation,
    RecordKind,
    RefTo,
    Studio,
    annotation_parts,
    bare_annotation,
    model_inside,
)


def _check(value: str) -> str:
    return value


REF = RefTo((RecordKind.PEOPLE,))
CHECKED = AfterValidator(_check)


@pytest.mark.parametrize(
    ("annotation", "bare", "metadata"),
    [
        (str, str, []),
        (str | None, str, []),
        (Annotated[str, REF] | None, str, [REF]),
        (Annotated[Annotated[str, CHECKED], REF] | None, str, [CHECKED, REF]),
        (list[Annotated[str, REF]] | None, list[Annotated[str, REF]], []),
        (int | str, int | str, []),  # two types: a type of its own
    ],
)
def test_bare_annotation_takes_off_none_and_annotated(
    annotation: Any, bare: Any, metadata: list[Any]
) -> None:
    assert bare_annotation(annotation) == (bare, metadata)


def test_annotation_parts_reach_into_lists_unions_and_fields() -> None:
    field = Field(max_length=3)
    parts = list(annotation_parts(list[Annotated[Quantity, CHECKED, field]] | None))
    assert Quantity in parts and CHECKED in parts and type(None) in parts
    assert field in parts
    assert any(getattr(part, "max_length", None) == 3 for part in parts if part is not field)


def test_model_inside_finds_the_part_a_field_holds() -> None:
    assert model_inside(Studio.model_fields["achievements"].annotation) is Achievements
    assert model_inside(Studio.model_fields["sources"].annotation) is Citation
    assert model_inside(Studio.model_fields["name"].annotation) is None
