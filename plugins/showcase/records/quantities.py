"""Exact quantities as union publications write them.

Reports say ``30余项``, ``3000多万元``, ``近百个``, ``上千名``, ``582.8万人次``.
:func:`parse_quantity` turns such a phrase into a :class:`Quantity`: an exact
:class:`~decimal.Decimal` value (magnitude words such as 万 multiplied out),
a :class:`Qualifier` for 余/近/约/..., the unit, and the original text. Nothing
is ever rounded, and the text is kept so the site prints what the editor wrote.

The data is edited by people who are not programmers, so every
:class:`QuantityError` is a Chinese sentence that says what to write instead.
"""

from __future__ import annotations

import dataclasses
import decimal
import enum
import re

__all__ = ["Qualifier", "Quantity", "QuantityError", "parse_quantity"]


class Qualifier(enum.StrEnum):
    """How the written number relates to the real amount."""

    EXACT = "exact"  # 41047家, 300万元, 多达30项
    MORE_THAN = "more_than"  # 30余项, 40多项, 逾10年, 超过
    NEARLY = "nearly"  # 近百个, 将近, 接近, 近乎
    ABOUT = "about"  # 约4000元, 5000元左右, 上下, 上千名
    AT_LEAST = "at_least"  # 不少于, 至少, 不低于, 以上 (includes the number, as in PRC usage)
    LESS_THAN = "less_than"  # 不足, 不到
    AT_MOST = "at_most"  # 不超过, 最多, 至多, 以下, 以内


@dataclasses.dataclass(frozen=True)
class Quantity:
    """A parsed quantity: exact value, qualifier, unit and the original text."""

    value: decimal.Decimal
    qualifier: Qualifier
    unit: str | None
    text: str

    def __str__(self) -> str:
        """Return the text exactly as the editor wrote it."""
        return self.text

    @property
    def is_exact(self) -> bool:
        """True when the text states the amount itself (no 余, 近, 约, ...)."""
        return self.qualifier is Qualifier.EXACT


class QuantityError(ValueError):
    """A quantity could not be read; the message is Chinese, for an editor."""


# Every qualifier word and its meaning. 多达 ("as many as") only adds emphasis,
# so it maps to None: it does not change the meaning and never conflicts.
_QUALIFIER_WORDS: dict[str, Qualifier | None] = {
    "将近": Qualifier.NEARLY,
    "接近": Qualifier.NEARLY,
    "近乎": Qualifier.NEARLY,
    "近": Qualifier.NEARLY,
    "大约": Qualifier.ABOUT,
    "约": Qualifier.ABOUT,
    "上": Qualifier.ABOUT,
    "左右": Qualifier.ABOUT,
    "上下": Qualifier.ABOUT,
    "逾": Qualifier.MORE_THAN,
    "超过": Qualifier.MORE_THAN,
    "余": Qualifier.MORE_THAN,
    "多": Qualifier.MORE_THAN,
    "以上": Qualifier.AT_LEAST,
    "多达": None,
    "不少于": Qualifier.AT_LEAST,
    "至少": Qualifier.AT_LEAST,
    "不低于": Qualifier.AT_LEAST,
    "不足": Qualifier.LESS_THAN,
    "不到": Qualifier.LESS_THAN,
    "不超过": Qualifier.AT_MOST,
    "最多": Qualifier.AT_MOST,
    "至多": Qualifier.AT_MOST,
    "以下": Qualifier.AT_MOST,
    "以内": Qualifier.AT_MOST,
}

# Words that may close the phrase, after the unit or the number (100人以上).
_TRAILING_WORDS = ("以上", "以下", "以内", "左右", "上下")

_QUANTITY_RE = re.compile(
    r"""
    (?P<prefix>                      # qualifier in front of the number
        将近 | 接近 | 近乎 | 近
      | 大约 | 约
      | 逾 | 超过 | 多达
      | 不少于 | 至少 | 不低于
      | 不足 | 不到
      | 不超过 | 最多 | 至多
      | 上(?=[百千万亿])              # 上千名: 上 only before a magnitude word
    )?
    \s*
    (?:
        (?P<arabic>
            (?: [0-9]{1,3} (?:[,，][0-9]{3})+ (?![0-9])   # 41,047 (separators dropped)
              | [0-9]+ )                                  # 41047
            (?: \.[0-9]+ )?                               # 582.8
        )
      | (?P<chinese>                 # 十二, 两, 三千五百, and bare 百/千 (近百个)
            (?: [〇零一二两三四五六七八九十百] | 千(?![克米瓦]) )+
        )
      | (?P<bare> 万亿 | 万 | 亿 )     # 上万人, 上亿元
    )
    (?P<approx1> [余多] )?           # right after the digits: 30余项, 3000多万元
    (?P<magnitude>                   # multiplier written after the number
        [百千]? (?: 万亿 | 万 | 亿 )  # 200万, 3千万, 百亿
      | [百千](?![克米瓦])            # 3千, 3百; but 3千克 is 3 kilograms
    )?
    (?P<approx2> [余多] )?           # after the magnitude: 110万多名
    \s*
    (?P<rest> .* )                   # unit plus 以上/左右..., see _split_unit
    """,
    re.VERBOSE | re.DOTALL,
)

# Checked before the main expression so the editor gets a specific message.
_FULL_WIDTH_RE = re.compile(r"[０-９．]")
_RANGE_RE = re.compile(
    r"[0-9〇零一二两三四五六七八九十百千万亿][^0-9]{0,6}?\s*"
    r"(?:[~～〜\-－−—–]|至|到)\s*[0-9〇零一二两三四五六七八九十百千]"
)
_NEGATIVE_RE = re.compile(r"(?<![0-9])[-－−﹣]\s*[0-9]|负\s*[0-9〇零一二两三四五六七八九十]")
_ANY_NUMBER_RE = re.compile(r"[0-9〇零一二两三四五六七八九十百千万亿]")
# A unit never holds another number: 30项40项, 1万3千人. (两 is left out: it is
# also a unit of weight.)
_NUMBER_IN_UNIT_RE = re.compile(r"^[十万亿]|[0-9〇零一二三四五六七八九]")
_MISPLACED_SEPARATOR_RE = re.compile(r"[,，.][0-9]")  # 4,1047家, 1.3.5万
_UNIT_PUNCTUATION_RE = re.compile(r"[\s,，.。、;；:：!！?？()（）\"“”'‘’《》【】]")
_MAX_UNIT_LENGTH = 6

_CHINESE_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
# Powers of ten, so that multiplying out is a shift of the decimal exponent.
_MAGNITUDE_EXPONENTS = {"百": 2, "千": 3, "万": 4, "亿": 8}

# Values are multiplied in this context: any rounding raises instead of
# silently changing the number.
_EXACT = decimal.Context(prec=60, traps=[decimal.Inexact, decimal.InvalidOperation])

_EXAMPLES = "“30余项”“近百个”“约4000元”“582.8万人次”"


def parse_quantity(text: str | int) -> Quantity:
    """Parse a quantity such as ``30余项`` or ``582.8万人次`` without rounding.

    An ``int`` (YAML read ``30`` as a number) is taken as the text ``"30"``.
    Raises :class:`QuantityError`, with a Chinese message, for anything that
    cannot be stored exactly as one quantity.
    """
    # bool is a subclass of int, and YAML turns 是/否-like values into bools.
    if isinstance(text, bool):
        raise QuantityError(f"数量不能是“是/否”（{text}）。请写一个数字，如{_EXAMPLES}。")
    if isinstance(text, float):
        raise QuantityError(
            f"数量 {text!r} 被当成了小数读入，可能已经不精确。"
            f'请把它加上引号写成文字，如 "{text!r}" 或“96.3%”。'
        )
    if isinstance(text, int):
        text = str(text)
    if not isinstance(text, str):
        raise QuantityError(
            f"数量必须是文字或整数，这里却是 {type(text).__name__}。请写一个数字，如{_EXAMPLES}。"
        )

    text = text.strip()
    _reject_common_mistakes(text)

    match = _QUANTITY_RE.fullmatch(text)
    if match is None:
        raise QuantityError(
            f"读不懂数量“{text}”：开头应当是数字，数字前面只能写“近、约、逾、超过、"
            f"不少于、不足、不超过”这类词。请写成{_EXAMPLES}这样的形式。"
        )

    unit, trailing = _split_unit(text, match["rest"])
    qualifier = _qualifier(text, match["prefix"], match["approx1"], match["approx2"], trailing)
    value = _value(text, match["arabic"], match["chinese"], match["bare"], match["magnitude"])
    return Quantity(value=value, qualifier=qualifier, unit=unit, text=text)


def _reject_common_mistakes(text: str) -> None:
    """Raise a specific message for mistakes the main expression would only call unreadable."""
    if not text:
        raise QuantityError("数量不能为空。请写一个数字，如“30余项”。")
    # Converting silently would hide that the input is not what is stored.
    if _FULL_WIDTH_RE.search(text):
        raise QuantityError(
            f"“{text}”里用了全角数字或全角小数点。"
            f"请改用半角数字 0-9 和半角小数点“.”，如“30项”“96.3%”。"
        )
    if "分之" in text:
        raise QuantityError(f"“{text}”请写成百分号的形式，如“96.3%”。")
    if _RANGE_RE.search(text):
        raise QuantityError(
            f"“{text}”是一个范围，一个数量只能写一个数。请把范围写在说明文字里，"
            f"或者分成两个数量分别填写，如“200元”和“300元”。"
        )
    if _NEGATIVE_RE.search(text):
        raise QuantityError(
            f"“{text}”是负数。这里的人数、次数、金额都不会是负数，请写正数，如“5项”。"
        )
    if not _ANY_NUMBER_RE.search(text):
        raise QuantityError(
            f"“{text}”里没有数字。数量必须写出数字，如“30余项”“近百个”“41047家”；说不出具体数字的，请写在说明文字里。"
        )


def _split_unit(text: str, rest: str) -> tuple[str | None, str | None]:
    """Split what follows the number into the unit and a closing 以上/左右/... word."""
    trailing = next((word for word in _TRAILING_WORDS if rest.endswith(word)), None)
    unit = rest.removesuffix(trailing).rstrip() if trailing else rest
    if not unit:
        return None, trailing

    if _MISPLACED_SEPARATOR_RE.match(unit):
        raise QuantityError(
            f"“{text}”里的逗号或小数点位置不对。千分位逗号每三位一个，如“41,047家”，"
            f"也可以不写逗号：“41047家”；小数写成“96.3%”。"
        )
    extra = _NUMBER_IN_UNIT_RE.search(unit)
    if extra:
        raise QuantityError(
            f"“{text}”里不止一个数字，多出了“{unit[extra.start() :]}”。"
            f"一个数量只能写一个数字和单位，如“30项”；几个数量请分开填写。"
        )
    misplaced = next((word for word in _TRAILING_WORDS if word in unit), None)
    if misplaced:
        raise QuantityError(f"“{text}”里的“{misplaced}”要写在最后，如“100人{misplaced}”。")
    if _UNIT_PUNCTUATION_RE.search(unit):
        raise QuantityError(
            f"“{text}”的单位“{unit}”里有空格或标点。单位只写“项”“人次”“%”这样的词，如“30项”。"
        )
    if len(unit) > _MAX_UNIT_LENGTH:
        raise QuantityError(
            f"“{text}”的单位“{unit}”太长了（最多{_MAX_UNIT_LENGTH}个字）。"
            f"数量里只写数字和单位，如“30项”“582.8万人次”；其他说明请写在描述里。"
        )
    return unit, trailing


def _qualifier(
    text: str, prefix: str | None, approx1: str | None, approx2: str | None, trailing: str | None
) -> Qualifier:
    """Combine the qualifier words; the same meaning twice is fine, two meanings are not."""
    if approx1 and approx2:
        raise QuantityError(f"“{text}”里“余/多”写了两次。只写一次，如“200余万人”或“110万多名”。")

    meanings: dict[Qualifier, str] = {}  # meaning -> first word that said it
    for word in (prefix, approx1 or approx2, trailing):
        meaning = _QUALIFIER_WORDS[word] if word else None
        if word and meaning is not None:
            meanings.setdefault(meaning, word)
    if len(meanings) > 1:
        first, second = list(meanings.values())[:2]
        raise QuantityError(
            f"“{text}”同时用了“{first}”和“{second}”，意思互相矛盾。只保留一个，如“近30项”或“30余项”。"
        )
    return next(iter(meanings), Qualifier.EXACT)


def _value(
    text: str, arabic: str | None, chinese: str | None, bare: str | None, magnitude: str | None
) -> decimal.Decimal:
    """Return the exact value with the magnitude multiplied out and no exponent."""
    if arabic is not None:
        base = decimal.Decimal(arabic.replace(",", "").replace("，", ""))
    elif chinese is not None:
        base = decimal.Decimal(_chinese_to_int(text, chinese))
    else:
        if magnitude:  # 亿万 is a figure of speech, not a number
            raise QuantityError(f"“{text}”不是一个确定的数。请写出数字，如{_EXAMPLES}。")
        base, magnitude = decimal.Decimal(1), bare

    exponent = sum(_MAGNITUDE_EXPONENTS[char] for char in magnitude or "")
    try:
        value = _EXACT.normalize(_EXACT.scaleb(base, exponent))
    except decimal.DecimalException:
        message = f"“{text}”的数字位数太多，无法精确保存。请检查是否多写了数字。"
        raise QuantityError(message) from None
    # normalize() writes 5828000 as 5.828E+6; an int keeps it as plain digits.
    if value == value.to_integral_value():
        return decimal.Decimal(int(value))
    return value


def _chinese_to_int(text: str, numeral: str) -> int:
    """Read a Chinese numeral up to 9999 (十二, 两, 三千零五, 百); reject anything unusual."""
    error = QuantityError(f"读不懂“{text}”里的中文数字“{numeral}”。请改用阿拉伯数字，如“350个”。")
    total = 0
    digit: int | None = None  # a digit not yet followed by its unit
    smallest_unit = 10_000  # units must decrease: 三千五百, never 三百千
    zero_seen = False
    for char in numeral:
        if char in _CHINESE_UNITS:
            unit = _CHINESE_UNITS[char]
            if unit >= smallest_unit or digit == 0:
                raise error
            total += (1 if digit is None else digit) * unit
            smallest_unit, digit, zero_seen = unit, None, False
        else:
            if digit:  # 二三, 两三个: two digits in a row
                raise error
            digit = _CHINESE_DIGITS[char]
            zero_seen = zero_seen or digit == 0
    if digit:
        # 三百五 means 350 in speech; ask for digits rather than guess.
        if smallest_unit in (100, 1000) and not zero_seen:
            raise error
        total += digit
    return total
