"""Tests for showcase.records.quantities: exact quantities as union publications write them."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from showcase.records.quantities import Qualifier, Quantity, QuantityError, parse_quantity

EXACT = Qualifier.EXACT
MORE = Qualifier.MORE_THAN
NEARLY = Qualifier.NEARLY
ABOUT = Qualifier.ABOUT

Case = tuple[str, str, Qualifier, str | None]  # text, value, qualifier, unit

CJK = re.compile(r"[\u4e00-\u9fff]")

# Phrases taken from the source article, with (value, qualifier, unit).
SOURCE_PHRASES: list[Case] = [
    ("30余项", "30", MORE, "项"),
    ("40多项", "40", MORE, "项"),
    ("3000多万元", "30000000", MORE, "元"),
    ("近百个", "100", NEARLY, "个"),
    ("上千名", "1000", ABOUT, "名"),
    ("96.3%", "96.3", EXACT, "%"),
    ("87.7%", "87.7", EXACT, "%"),
    ("582.8万人次", "5828000", EXACT, "人次"),
    ("3.9万场次", "39000", EXACT, "场次"),
    ("262.6万件", "2626000", EXACT, "件"),
    ("128万件", "1280000", EXACT, "件"),
    ("近百亿元", "10000000000", NEARLY, "元"),
    ("5.7万项", "57000", EXACT, "项"),
    ("9.6万项", "96000", EXACT, "项"),
    ("110万多名", "1100000", MORE, "名"),
    ("1.3万个", "13000", EXACT, "个"),
    ("200余万人", "2000000", MORE, "人"),
    ("31.8万人", "318000", EXACT, "人"),
    ("131万名", "1310000", EXACT, "名"),
    ("25万人", "250000", EXACT, "人"),
    ("41047家", "41047", EXACT, "家"),
    ("145.8万人", "1458000", EXACT, "人"),
    ("417人", "417", EXACT, "人"),
    ("85名", "85", EXACT, "名"),
    ("169个", "169", EXACT, "个"),
    ("300万元", "3000000", EXACT, "元"),
    ("170万元", "1700000", EXACT, "元"),
    ("9.3万元", "93000", EXACT, "元"),
    ("3万元", "30000", EXACT, "元"),
    ("197份", "197", EXACT, "份"),
    ("50余次", "50", MORE, "次"),
    ("300次", "300", EXACT, "次"),
    ("20多个", "20", MORE, "个"),
    ("逾10年", "10", MORE, "年"),
    ("82小时", "82", EXACT, "小时"),
    ("6.5万立方米", "65000", EXACT, "立方米"),
    ("8800立方米", "8800", EXACT, "立方米"),
    ("353个", "353", EXACT, "个"),
    ("11个", "11", EXACT, "个"),
    ("6个", "6", EXACT, "个"),
    ("30个", "30", EXACT, "个"),
]

# Other forms the grammar supports.
OTHER_FORMS: list[Case] = [
    ("30", "30", EXACT, None),
    ("100人以上", "100", Qualifier.AT_LEAST, "人"),
    ("100以上", "100", Qualifier.AT_LEAST, None),
    ("约4000元", "4000", ABOUT, "元"),
    ("5000元左右", "5000", ABOUT, "元"),
    ("5000元上下", "5000", ABOUT, "元"),
    ("不少于41项", "41", Qualifier.AT_LEAST, "项"),
    ("41,047家", "41047", EXACT, "家"),
    ("41，047家", "41047", EXACT, "家"),
    ("96.3％", "96.3", EXACT, "％"),
    ("30 项", "30", EXACT, "项"),
    ("将近3000人", "3000", NEARLY, "人"),
    ("接近90%", "90", NEARLY, "%"),
    ("近乎100%", "100", NEARLY, "%"),
    ("大约20家", "20", ABOUT, "家"),
    ("超过1万人", "10000", MORE, "人"),
    ("多达30项", "30", EXACT, "项"),
    ("多达30余项", "30", MORE, "项"),
    ("约100人左右", "100", ABOUT, "人"),
    ("至少5次", "5", Qualifier.AT_LEAST, "次"),
    ("不低于80%", "80", Qualifier.AT_LEAST, "%"),
    ("不足10人", "10", Qualifier.LESS_THAN, "人"),
    ("不到1.5万元", "15000", Qualifier.LESS_THAN, "元"),
    ("不超过3年", "3", Qualifier.AT_MOST, "年"),
    ("最多5人", "5", Qualifier.AT_MOST, "人"),
    ("至多2次", "2", Qualifier.AT_MOST, "次"),
    ("上百个", "100", ABOUT, "个"),
    ("上万人", "10000", ABOUT, "人"),
    ("上亿元", "100000000", ABOUT, "元"),
    ("上百万人", "1000000", ABOUT, "人"),
    ("近万名", "10000", NEARLY, "名"),
    ("1.2万亿元", "1200000000000", EXACT, "元"),
    ("3千个", "3000", EXACT, "个"),
    ("3百人", "300", EXACT, "人"),
    ("3千万元", "30000000", EXACT, "元"),
    ("3千克", "3", EXACT, "千克"),
    ("百余个", "100", MORE, "个"),
    ("1.23456万元", "12345.6", EXACT, "元"),
    ("0项", "0", EXACT, "项"),
]

# What union publications write, with or without a space between the pieces: every
# qualifier of the Qualifier enum before or after the number, magnitude words, decimals,
# percentages. Each would be misread by a lenient grammar if the space were not allowed
# (50 余次 as exactly 50 of a unit 余次).
SPACED_AND_ROUGH: list[Case] = [
    ("50 余次", "50", MORE, "次"),
    ("50余 次", "50", MORE, "次"),
    ("50 多 次", "50", MORE, "次"),
    ("3000 多万元", "30000000", MORE, "元"),
    ("200 余万人", "2000000", MORE, "人"),
    ("110万 多名", "1100000", MORE, "名"),
    ("582.8 万人次", "5828000", EXACT, "人次"),
    ("96.3 %", "96.3", EXACT, "%"),
    ("近 百个", "100", NEARLY, "个"),
    ("近 30 项", "30", NEARLY, "项"),
    ("逾 10 年", "10", MORE, "年"),
    ("超过 1万人", "10000", MORE, "人"),
    ("不到 20 家", "20", Qualifier.LESS_THAN, "家"),
    ("100 人 以上", "100", Qualifier.AT_LEAST, "人"),
    ("5000元 左右", "5000", ABOUT, "元"),
    ("数十个", "10", MORE, "个"),
    ("数百名", "100", MORE, "名"),
    ("数百万元", "1000000", MORE, "元"),
    ("数 千人", "1000", MORE, "人"),
    ("十余家", "10", MORE, "家"),
    ("百余人", "100", MORE, "人"),
    ("千余名", "1000", MORE, "名"),
    ("万余人", "10000", MORE, "人"),
    ("百余万人", "1000000", MORE, "人"),
    ("近千名", "1000", NEARLY, "名"),
    ("逾千人", "1000", MORE, "人"),
    ("约百人", "100", ABOUT, "人"),
    ("千人以上", "1000", Qualifier.AT_LEAST, "人"),
    ("上十万人", "100000", ABOUT, "人"),
    ("3两", "3", EXACT, "两"),
    ("1.5‰", "1.5", EXACT, "‰"),
    ("999999999999999", "999999999999999", EXACT, None),
    ("1.123456万元", "11234.56", EXACT, "元"),
]


ACCEPTED = SOURCE_PHRASES + OTHER_FORMS + SPACED_AND_ROUGH


@pytest.mark.parametrize(("text", "value", "qualifier", "unit"), ACCEPTED)
def test_parse(text: str, value: str, qualifier: Qualifier, unit: str | None) -> None:
    q = parse_quantity(text)
    assert isinstance(q.value, Decimal)
    assert q.value == Decimal(value)
    assert q.qualifier is qualifier
    assert q.unit == unit
    assert q.text == text
    assert str(q) == text
    assert q.is_exact is (qualifier is EXACT)


@pytest.mark.parametrize(("text", "value", "qualifier", "unit"), ACCEPTED)
def test_value_is_written_without_exponent(
    text: str, value: str, qualifier: Qualifier, unit: str | None
) -> None:
    # 5828000 must not come back as 5.828E+6: templates print the value directly.
    assert str(parse_quantity(text).value) == value


def test_value_is_exact_decimal_not_float() -> None:
    q = parse_quantity("582.8万人次")
    assert q.value == Decimal("5828000")
    assert type(q.value) is Decimal
    assert parse_quantity("96.3%").value == Decimal("96.3")
    # 0.1 + 0.2 style float error cannot occur: fractional digits are kept exactly.
    assert parse_quantity("0.3万元").value == Decimal("3000")
    assert parse_quantity("1.000001").value == Decimal("1.000001")
    assert parse_quantity("123456789012345.5万亿元").value == Decimal("123456789012345500000000000")


def test_whitespace_is_stripped_and_text_kept() -> None:
    q = parse_quantity("  约 4000 元\n")
    assert q == Quantity(Decimal(4000), ABOUT, "元", "约 4000 元")


def test_int_input() -> None:
    q = parse_quantity(30)
    assert q == Quantity(Decimal(30), EXACT, None, "30")
    assert q.is_exact


def test_quantity_is_frozen() -> None:
    q = parse_quantity("30余项")
    with pytest.raises(AttributeError):
        q.value = Decimal(31)  # type: ignore[misc]


def test_qualifier_values() -> None:
    assert [member.value for member in Qualifier] == [
        "exact",
        "more_than",
        "nearly",
        "about",
        "at_least",
        "less_than",
        "at_most",
    ]
    # StrEnum: the members serialise as their plain string values.
    assert isinstance(Qualifier.MORE_THAN, str)
    assert str(Qualifier.MORE_THAN) == "more_than"


# (input, a fragment the message must contain: what to write instead)
ERRORS = [
    ("", "如“30余项”"),
    ("   ", "不能为空"),
    ("许多项", "没有数字"),
    ("若干", "如“30余项”"),
    ("200元~300元", "范围"),
    ("200元～300元", "范围"),
    ("5年至20年", "范围"),
    ("200-300", "范围"),
    ("200—300人", "范围"),
    ("三到五个", "范围"),
    ("30项40项", "多出了“40项”"),
    ("1万3千人", "多出了“3千人”"),
    ("３０项", "半角数字"),
    ("30．5万元", "半角"),
    ("近30余项", "矛盾"),
    ("不足30余项", "矛盾"),
    ("30余万多人", "只写一次"),
    ("-5项", "负数"),
    ("－5项", "负数"),
    ("负5项", "负数"),
    ("三百五", "阿拉伯数字"),
    ("两三个", "阿拉伯数字"),
    ("4,1047家", "41,047"),
    ("百分之九十", "96.3%"),
    ("亿万职工", "请写出数字"),
    ("100以上人", "100人以上"),
    ("30项。", "标点"),
    ("30人 次", "标点"),
    ("第30项", "请写成“30余项”"),
    ("30个工会组织和单位的人员", "太长"),
    ("1" * 80, "位数太多"),
    ("1" * 16, "整数最多15位"),
    ("1.0000001", "小数最多6位"),
]

# Mistakes that a lenient grammar read as another quantity, each with the suggestion the
# message must make. (input, what the message must contain)
REFUSED_WITH_SUGGESTION = [
    # a sign for a qualifier word
    ("50+次", "写成“50余次”"),
    ("50＋次", "写成“50余次”"),
    ("50次+", "写成“50余次”"),
    ("3000+万元", "写成“3000余万元”"),
    ("1.5+万元", "写成“超过1.5万元”"),
    (">50人", "写成“超过50人”"),
    ("≥50人", "写成“不少于50人”"),
    ("<10人", "写成“不到10人”"),
    ("≤10人", "写成“不超过10人”"),
    # letters where digits belong: which character, and the number meant
    ("5O余次", "第2个字符“O”是英文字母，不是数字“0”。请改成“50余次”"),
    ("5o余次", "第2个字符“o”是英文字母，不是数字“0”。请改成“50余次”"),
    ("l00人", "第1个字符“l”是英文字母，不是数字“1”。请改成“100人”"),
    ("1I人", "第2个字符“I”是英文字母，不是数字“1”。请改成“11人”"),
    ("O.5万元", "第1个字符“O”是英文字母，不是数字“0”。请改成“0.5万元”"),
    ("30km", "第3个字符是英文字母“k”"),
    ("30项abc", "第4个字符是英文字母“a”"),
    ("约O人", "第2个字符是英文字母“O”"),
    # Chinese numerals: the same number in Arabic digits
    ("五十余次", "“五十”写成“50”，即“50余次”"),
    ("两倍", "“两”写成“2”，即“2倍”"),
    ("十二个", "“十二”写成“12”，即“12个”"),
    ("三千五百万元", "“三千五百”写成“3500”，即“3500万元”"),
    ("一千零五个", "“一千零五”写成“1005”，即“1005个”"),
    ("九千九百九十九", "即“9999”"),
    ("近五十项", "“五十”写成“50”，即“近50项”"),
    ("约 三 人", "“三”写成“3”"),
    # a magnitude word alone is a rough number only with a qualifier
    ("百个", "“百”请写成阿拉伯数字，如“100个”"),
    ("万人", "“万”请写成阿拉伯数字，如“10000人”"),
    ("十家", "如“10家”"),
    ("多达百人", "如“100人”"),
    ("亿万职工", "不是一个确定的数"),
    ("近百千人", "不是一个确定的数"),
    # a qualifier inside the unit would be read as part of it
    ("50次余", "“余”要紧跟在数字后面"),
    ("50次多", "“多”要紧跟在数字后面"),
    ("50余余次", "写了两次"),
    ("50约次", "“约”要写在数字前面"),
    ("50近次", "“近”要写在数字前面"),
    ("50不到人", "“不到”要写在数字前面"),
    # a unit is Chinese characters or a percent sign
    ("50*次", "单位“*次”里有“*”"),
    ("1$", "单位“$”里有“$”"),
    ("30项#", "单位“项#”里有“#”"),
    ("30½项", "单位“½项”里有“½”"),
    ("30🙂", "里有“🙂”"),
]


@pytest.mark.parametrize(("text", "fragment"), REFUSED_WITH_SUGGESTION)
def test_misreadings_are_refused_with_a_suggestion(text: str, fragment: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text)
    assert fragment in str(caught.value), str(caught.value)


@pytest.mark.parametrize(("text", "hint"), ERRORS)
def test_errors_are_chinese_and_actionable(text: str, hint: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text)
    message = str(caught.value)
    assert CJK.search(message), message
    assert hint in message, message


def test_quantity_error_is_value_error() -> None:
    assert issubclass(QuantityError, ValueError)


@pytest.mark.parametrize("value", [True, False])
def test_bool_rejected(value: bool) -> None:
    with pytest.raises(QuantityError, match="数字") as caught:
        parse_quantity(value)
    assert CJK.search(str(caught.value))


def test_float_rejected() -> None:
    with pytest.raises(QuantityError, match="引号") as caught:
        parse_quantity(96.3)  # type: ignore[arg-type]
    assert "96.3" in str(caught.value)


def test_negative_int_rejected() -> None:
    with pytest.raises(QuantityError, match="负数"):
        parse_quantity(-5)


def test_other_types_rejected() -> None:
    with pytest.raises(QuantityError, match="文字或整数"):
        parse_quantity(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["1<i>", "+", "50+次+"])
def test_a_sign_without_a_sensible_reading_gets_no_suggestion(text: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text)
    message = str(caught.value)
    assert "写成“" not in message, message
    assert "如“50余次”“超过50人”" in message, message
