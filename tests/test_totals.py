"""Tests for showcase.records.totals: sums that stay as approximate as their parts."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from showcase.records.quantities import Qualifier, Quantity, parse_quantity
from showcase.records.schema import RecordKind, Studio, field_title
from showcase.records.totals import (
    Total,
    TotalError,
    add,
    count,
    format_number,
    quantity_fields,
    sum_field,
)

EXACT = Qualifier.EXACT
MORE = Qualifier.MORE_THAN
AT_LEAST = Qualifier.AT_LEAST
NEARLY = Qualifier.NEARLY
LESS = Qualifier.LESS_THAN
AT_MOST = Qualifier.AT_MOST
ABOUT = Qualifier.ABOUT


def total_of(*texts: str) -> Total:
    """The sum of quantities written as an editor would write them."""
    return add(parse_quantity(text) for text in texts)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5828000", "582.8万"),
        ("10000000000", "100亿"),
        ("41047", "41047"),
        ("1458000", "145.8万"),
        ("96.3", "96.3"),
        ("96.30", "96.3"),
        ("0", "0"),
        ("99999", "99999"),
        ("100000", "10万"),
        ("30000000", "3000万"),
        ("99990000", "9999万"),
        ("100000000", "1亿"),
        ("300050000", "3.0005亿"),
        ("10500000000", "105亿"),
        ("1234567", "123.4567万"),
        # More than 4 decimals in the magnitude: plain digits rather than rounding.
        ("1234567.5", "1234567.5"),
        ("123456789", "123456789"),
        ("1E+10", "100亿"),
        ("99999.99", "99999.99"),
    ],
)
def test_format_number_writes_magnitudes_as_reports_do(value: str, expected: str) -> None:
    assert format_number(Decimal(value)) == expected


def test_format_number_refuses_what_is_not_a_number() -> None:
    with pytest.raises(ValueError, match="finite"):
        format_number(Decimal("NaN"))


@pytest.mark.parametrize(
    ("qualifier", "value", "unit", "text"),
    [
        (EXACT, "41", "项", "41项"),
        (MORE, "41", "项", "41余项"),
        (MORE, "30000000", "元", "3000余万元"),
        (MORE, "10000000000", "元", "100余亿元"),
        (MORE, "5828000", "人次", "582.8万余人次"),
        (MORE, "96.3", "吨", "超过96.3吨"),
        (MORE, "41", None, "41余"),
        (AT_LEAST, "41", "项", "不少于41项"),
        (NEARLY, "41", "项", "近41项"),
        (NEARLY, "10500000000", "元", "近105亿元"),
        (LESS, "41", "项", "不到41项"),
        (AT_MOST, "41", "项", "不超过41项"),
        (ABOUT, "41", "项", "约41项"),
        (EXACT, "41", None, "41"),
    ],
)
def test_total_text_is_written_as_a_union_report_would(
    qualifier: Qualifier, value: str, unit: str | None, text: str
) -> None:
    total = Total(Decimal(value), qualifier, unit, ())
    assert total.text == text
    assert str(total) == text


def test_total_text_reads_back_as_the_same_quantity() -> None:
    # Whatever the site prints, the quantity parser reads as the same amount and meaning.
    values = ["0", "41", "96.3", "41047", "100000", "5828000", "30000000", "10500000000"]
    for value, qualifier, unit in itertools.product(values, Qualifier, ["项", "元", None]):
        text = Total(Decimal(value), qualifier, unit, ()).text
        parsed = parse_quantity(text)
        assert (parsed.value, parsed.qualifier, parsed.unit) == (Decimal(value), qualifier, unit)


def test_an_approximate_part_keeps_the_sum_approximate() -> None:
    total = total_of("30余项", "11项")
    assert total.text == "41余项"
    assert total.value == Decimal(41)
    assert total.qualifier is MORE
    assert not total.is_exact
    assert total.unit == "项"
    assert [part.text for part in total.parts] == ["30余项", "11项"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("30项", "11项"), "41项"),
        (("30余项", "11项"), "41余项"),
        (("3000多万元", "170万元"), "3170多万元"),
        (("近百亿元", "5亿元"), "近105亿元"),
        (("约4000元", "100元"), "约4100元"),
        (("30余项", "近百项"), "约130项"),
        (("不少于30项", "11项"), "不少于41项"),
        (("不少于30项", "11余项"), "41余项"),
        (("近30项", "近11项"), "近41项"),
        (("近30项", "不到11项"), "不到41项"),
        (("近30项", "不超过11项"), "不超过41项"),
        (("不超过30项", "不到11项", "1项"), "不到42项"),
        (("30余项", "不到11项"), "约41项"),
        (("30项", "约11项", "5余项"), "约46项"),
        (("582.8万人次", "3.9万人次"), "586.7万人次"),
    ],
)
def test_the_qualifier_of_a_sum_follows_its_parts(texts: tuple[str, ...], expected: str) -> None:
    assert total_of(*texts).text == expected


def test_a_bare_number_joins_the_unit_of_the_others() -> None:
    assert total_of("30", "11项").text == "41项"
    assert total_of("11项", "30").unit == "项"
    assert total_of("30", "11").text == "41"
    assert total_of("30", "11").unit is None


def test_different_units_are_not_added() -> None:
    with pytest.raises(TotalError) as caught:
        total_of("30项", "11个", "2项")
    message = str(caught.value)
    assert "“项”、“个”" in message
    assert "“30项”" in message
    assert "统一单位" in message


@pytest.mark.parametrize("texts", [("96.3%", "87.7%"), ("96.3％",), ("30", "5%")])
def test_percentages_are_not_added(texts: tuple[str, ...]) -> None:
    with pytest.raises(TotalError, match="百分比不能相加"):
        total_of(*texts)


def test_an_empty_sum_is_an_exact_zero() -> None:
    assert add([]) == Total(Decimal(0), EXACT, None, ())
    assert add([]).text == "0"


def test_sums_are_exact_decimals() -> None:
    total = total_of("0.1吨", "0.2吨", "0.3吨")
    assert total.value == Decimal("0.6")
    assert isinstance(total.value, Decimal)
    assert total.text == "0.6吨"
    huge = total_of("100000000000000万亿元", "1元")
    assert huge.value == Decimal(10**26 + 1)
    assert format(huge.value, "f") == "1" + "0" * 25 + "1"


def test_a_sum_too_long_to_hold_exactly_is_refused() -> None:
    nines = Quantity(Decimal("9" * 60), EXACT, "元", "9" * 60 + "元")
    with pytest.raises(TotalError, match="位数太多"):
        add([nines, nines])


def test_the_sum_does_not_depend_on_the_order_of_its_parts() -> None:
    texts = ["30余项", "11项", "不少于5项", "2项"]
    results = {
        (total.value, total.qualifier, total.unit, total.text)
        for total in (total_of(*order) for order in itertools.permutations(texts))
    }
    assert results == {(Decimal(48), MORE, "项", "48余项")}


def test_count_is_an_exact_number_of_records() -> None:
    assert count(4, "个") == Total(Decimal(4), EXACT, "个", ())
    assert count(4, "个").text == "4个"
    assert count(0, "项").text == "0项"
    with pytest.raises(ValueError, match="non-negative"):
        count(-1, "个")


def test_quantity_fields_are_found_in_the_schema() -> None:
    assert quantity_fields(RecordKind.STUDIOS) == (
        "achievements.site_visits",
        "achievements.consultations",
        "achievements.problems_solved",
        "achievements.patents_granted",
        "achievements.patents_pending",
        "achievements.economic_benefit",
    )
    assert quantity_fields(RecordKind.PROJECTS) == ("funding",)
    # A figure is what the union published, in any unit: it is never added up.
    assert quantity_fields(RecordKind.FIGURES) == ()
    assert quantity_fields(RecordKind.PEOPLE) == ()


def test_sum_field_adds_a_field_over_records_and_skips_empty_ones() -> None:
    def studio(record_id: str, patents: str | None) -> Studio:
        achievements = {"patents_granted": patents} if patents else {}
        return Studio.model_validate(
            {
                "id": record_id,
                "name": record_id,
                "achievements": achievements,
                "sources": [{"source": "test-source"}],
            }
        )

    studios = [studio("a-studio", "30余项"), studio("b-studio", None), studio("c-studio", "11项")]
    total = sum_field(RecordKind.STUDIOS, studios, "achievements.patents_granted")
    assert total.text == "41余项"
    assert len(total.parts) == 2
    with pytest.raises(ValueError, match="no quantity field"):
        sum_field(RecordKind.STUDIOS, studios, "achievements.patents")


def test_a_field_is_titled_through_its_parts() -> None:
    assert field_title(Studio, "name") == Studio.model_fields["name"].title
    assert field_title(Studio, "achievements.patents_granted") == "获得专利"
    with pytest.raises(ValueError, match=r"Studio\.name has no fields"):
        field_title(Studio, "name.length")
