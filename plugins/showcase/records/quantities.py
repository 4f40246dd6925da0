"""Exact quantities as union publications write them.

Reports say ``30余项``, ``3000多万元``, ``近百个``, ``上千名``, ``582.8万人次``.
:func:`parse_quantity` turns such a phrase into a :class:`Quantity`: an exact
:class:`~decimal.Decimal` value (magnitude words such as 万 multiplied out),
a :class:`Qualifier` for 余/近/约/..., the unit, and the original text. Nothing
is ever rounded, and the text is kept so the site prints what the editor wrote.

The grammar is strict, because a lenient one changes meanings without a word: read
loosely, ``50+次`` would be exactly 50 of a unit called ``+次`` and ``5O余次`` (a letter O)
5 of ``O余次``. What reports write is accepted, with or without a space between the
pieces: a qualifier word before the number (近, 约, 逾, 超过, 不到 …; 上 and 数 only before
a magnitude word: 上千, 数十), Arabic digits (a decimal point, thousands commas) or, in a
rough number, a magnitude word alone (近百, 百余), 余/多 after the digits or after 万/亿,
a multiplier (万, 亿, 百万 …), a unit written in Chinese characters or ``%``, and a
closing 以上/左右/…. Everything else is refused, and the message says what to write:
``50余次`` for ``50+次``, which character is a letter, ``50余次`` for ``五十余次``.

The data is edited by people who are not programmers, so every
:class:`QuantityError` is a Chinese sentence that says what to write instead.
Which units a field takes is the schema's business (:class:`showcase.records.schema.Units`).
"""

from __future__ import annotations

import dataclasses
import decimal
import enum
import re

from showcase.records.errors import ShowcaseError

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


class QuantityError(ShowcaseError, ValueError):
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
    # 数十个 is "some tens": more than ten is all it says for certain.
    "数": Qualifier.MORE_THAN,
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
# Words in front of the number, longest first so that 将近 is not read as 将 + 近.
_PREFIX_WORDS = tuple(
    sorted(
        (w for w in _QUALIFIER_WORDS if w not in _TRAILING_WORDS and w not in "余多上数"),
        key=len,
        reverse=True,
    )
)

# The qualifier words a sum may keep as the editor wrote them (totals.Total.text), by where
# they stand. 多达 only adds emphasis, and 余/多/上/数 stand inside the number, so neither is here.
PREFIX_QUALIFIERS: dict[str, Qualifier] = {
    word: meaning for word in _PREFIX_WORDS if (meaning := _QUALIFIER_WORDS[word]) is not None
}
TRAILING_QUALIFIERS: dict[str, Qualifier] = {
    word: meaning for word in _TRAILING_WORDS if (meaning := _QUALIFIER_WORDS[word]) is not None
}

# The grammar, piece by piece; white space may stand between the pieces (50 余次), never
# inside a piece. A number is either Arabic digits or, after a qualifier, a magnitude word
# on its own: 近百个, 上千名, 数十家, 百余人, 千人以上.
_QUANTITY_RE = re.compile(
    rf"""
    (?P<prefix>                      # qualifier in front of the number
        {"|".join(_PREFIX_WORDS)}
      | [上数](?=\s*[十百千万亿])     # 上千名, 数十个: only before a magnitude word
    )?
    \s*
    (?:
        (?P<arabic>
            (?P<integer>
                [0-9]{{1,3}} (?:[,，][0-9]{{3}})+ (?![0-9])  # 41,047 (separators dropped)
              | [0-9]+ )                                   # 41047
            (?: \.(?P<fraction>[0-9]+) )?                  # 582.8
        )
      | (?P<bare>                    # a magnitude word standing for the number
            [十百千] (?:万亿|万|亿)? (?![克米瓦])           # but 千克 is a unit
          | 万亿 | 万 | 亿
        )
    )
    \s* (?P<approx1> [余多] )?       # right after the digits: 30余项, 3000多万元, 50 余次
    \s* (?P<magnitude>               # multiplier written after the number
        [百千]? (?: 万亿 | 万 | 亿 )  # 200万, 3千万, 百亿
      | [百千](?![克米瓦])            # 3千, 3百; but 3千克 is 3 kilograms
    )?
    \s* (?P<approx2> [余多] )?       # after the magnitude: 110万多名
    \s* (?P<rest> .* )               # unit plus 以上/左右..., see _split_unit
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
# Signs that spreadsheets and chat use for a qualifier, and the word a report writes.
_SIGN_WORDS = {"+": "余", "＋": "余", ">": "超过", "＞": "超过", "≥": "不少于", "<": "不到",
               "＜": "不到", "≤": "不超过"}  # fmt: skip
_SIGN_RE = re.compile(f"[{re.escape(''.join(_SIGN_WORDS))}]")
# Letters that a fast typist or a scan puts where a digit belongs.
_DIGIT_LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1"}
_LETTER_RE = re.compile(r"[A-Za-z]")
# A number written in Chinese digits where the number goes (after any qualifier word).
_CHINESE_NUMERAL_RE = re.compile(
    rf"^(?:{'|'.join(_PREFIX_WORDS)})?\s*(?P<numeral>[〇零一二两三四五六七八九十百千]+)"
)
_CHINESE_DIGIT_RE = re.compile("[〇零一二两三四五六七八九]")
# A unit never holds another number: 30项40项, 1万3千人. (两 is left out: it is
# also a unit of weight.)
_NUMBER_IN_UNIT_RE = re.compile(r"^[十万亿]|[0-9〇零一二三四五六七八九]")
_MISPLACED_SEPARATOR_RE = re.compile(r"[,，.][0-9]")  # 4,1047家, 1.3.5万
_UNIT_PUNCTUATION_RE = re.compile(r"[\s,，.。、;；:：!！?？()（）\"“”'‘’《》【】]")
# A unit is a word in Chinese characters (项, 人次, 立方米) or a percent sign.
_UNIT_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[%％‰]")
_MAX_UNIT_LENGTH = 6
# Enough for any amount a union reports (万亿 is 13 digits), and small enough that a sum
# over any number of records stays exact in the 60 digits that totals are added with.
_MAX_INTEGER_DIGITS = 15
_MAX_FRACTION_DIGITS = 6

_CHINESE_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
# Powers of ten, so that multiplying out is a shift of the decimal exponent.
_MAGNITUDE_EXPONENTS = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}

# Values are multiplied (and totals added) in this context: any rounding raises instead of
# silently changing the number.
EXACT_ARITHMETIC = decimal.Context(prec=60, traps=[decimal.Inexact, decimal.InvalidOperation])

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
    words = (match["prefix"], match["approx1"], match["approx2"], trailing)
    qualifier = _qualifier(text, *words)
    value = _value(text, match, qualified=any(_QUALIFIER_WORDS.get(w or "") for w in words))
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
    _reject_signs_and_letters(text)
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
    _reject_chinese_numeral(text)


def _reject_signs_and_letters(text: str) -> None:
    """50+次, >50次, 5O余次 (letter O): what a report writes instead, or which character is wrong."""
    sign = _SIGN_RE.search(text)
    if sign:
        word = _SIGN_WORDS[sign.group()]
        rest = (text[: sign.start()] + text[sign.end() :]).strip()
        digits = re.search(r"[0-9][0-9,，]*(?:\.[0-9]+)?", rest)
        if word == "余" and digits and "." not in digits.group():
            suggestion = f"{rest[: digits.end()]}余{rest[digits.end() :].lstrip()}"
        else:
            suggestion = f"{'超过' if word == '余' else word}{rest}"
        words = "“余”“多”“超过”“不少于”“不到”“不超过”"
        try:
            parse_quantity(suggestion)
        except QuantityError:  # 1<i>: no suggestion is better than a wrong one
            raise QuantityError(
                f"“{text}”里的“{sign.group()}”不是数量的写法。请照报道的写法，"
                f"用{words}等字写，如“50余次”“超过50人”。"
            ) from None
        raise QuantityError(
            f"“{text}”里的“{sign.group()}”不是数量的写法。请照报道的写法写成“{suggestion}”"
            f"（{words}等字说明这个数是不是确数）。"
        )
    letter = _LETTER_RE.search(text)
    if letter is None:
        return
    char, position = letter.group(), letter.start() + 1
    digit = _DIGIT_LOOKALIKES.get(char)
    beside = text[max(letter.start() - 1, 0) : letter.end() + 1]
    if digit is not None and re.search("[0-9.]", beside):
        fixed = text[: letter.start()] + digit + text[letter.end() :]
        raise QuantityError(
            f"“{text}”的第{position}个字符“{char}”是英文字母，不是数字“{digit}”。请改成“{fixed}”。"
        )
    raise QuantityError(
        f"“{text}”的第{position}个字符是英文字母“{char}”。数量里只写数字、“余”“近”这类字和汉字单位，"
        f"如“30余项”“6.5万立方米”；单位请用汉字写，如“千米”“千瓦”。"
    )


def _reject_chinese_numeral(text: str) -> None:
    """五十余次 is 50余次: Chinese digits are refused, with the number in Arabic digits."""
    match = _CHINESE_NUMERAL_RE.match(text)
    if match is None or not _CHINESE_DIGIT_RE.search(match["numeral"]):
        return  # 近百个, 上千名: a magnitude word alone, as reports write it
    numeral = match["numeral"]
    value = _chinese_to_int(text, numeral)
    fixed = text[: match.start("numeral")] + str(value) + text[match.end("numeral") :]
    raise QuantityError(
        f"“{text}”里的数字请用阿拉伯数字写：“{numeral}”写成“{value}”，即“{fixed}”。"
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
    _check_unit_word(text, unit)
    return unit, trailing


def _check_unit_word(text: str, unit: str) -> None:
    """A unit is a word such as 项 or 人次: no qualifier inside it, no symbol."""
    # 50次余, 50约次: a qualifier word that strayed into the unit would be read as part of it.
    front = next((word for word in _PREFIX_WORDS if unit.startswith(word)), None)
    if front is not None and front not in ("多达",):
        raise QuantityError(
            f"“{text}”里的“{front}”要写在数字前面，如“{front}50次”；"
            f"写在单位里，它会被当成单位的一部分。"
        )
    stray = unit[0] if unit[0] in "余多" else unit[-1] if unit[-1] in "余多" else None
    if stray is not None:
        raise QuantityError(
            f"“{text}”里的“{stray}”要紧跟在数字后面，如“50{stray}次”“3000{stray}万元”；"
            f"写在单位里，它会被当成单位的一部分。"
        )
    if not _UNIT_RE.fullmatch(unit):
        odd = next(char for char in unit if not _UNIT_RE.fullmatch(char))
        raise QuantityError(
            f"“{text}”的单位“{unit}”里有“{odd}”。单位只写汉字，如“项”“人次”“立方米”，百分数写“%”。"
        )


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


def _value(text: str, match: re.Match[str], *, qualified: bool) -> decimal.Decimal:
    """Return the exact value with the magnitude multiplied out and no exponent."""
    magnitude = match["magnitude"] or ""
    if match["arabic"] is not None:
        integer = match["integer"].replace(",", "").replace("，", "")
        fraction = match["fraction"] or ""
        if len(integer) > _MAX_INTEGER_DIGITS or len(fraction) > _MAX_FRACTION_DIGITS:
            raise QuantityError(
                f"“{text}”的数字位数太多（整数最多{_MAX_INTEGER_DIGITS}位，"
                f"小数最多{_MAX_FRACTION_DIGITS}位）。请检查是否多写了数字；"
                f"很大的数请用“万”“亿”，如“1.2万亿元”。"
            )
        base = decimal.Decimal(f"{integer}.{fraction}" if fraction else integer)
    else:
        bare = match["bare"]
        if magnitude and not match["approx1"]:  # 亿万, 百千 are figures of speech
            raise QuantityError(f"“{text}”不是一个确定的数。请写出数字，如{_EXAMPLES}。")
        if not qualified:
            # 百个 on its own is a figure of speech; 近百个, 上千名, 百余人 are how reports
            # say a rough number.
            number = 10 ** sum(_MAGNITUDE_EXPONENTS[char] for char in bare)
            raise QuantityError(
                f"“{text}”里的“{bare}”请写成阿拉伯数字，如“{number}{match['rest']}”；"
                f"约数才写“近百”“上千”“百余”这样的词。"
            )
        base, magnitude = decimal.Decimal(1), bare + magnitude

    exponent = sum(_MAGNITUDE_EXPONENTS[char] for char in magnitude)
    value = EXACT_ARITHMETIC.normalize(EXACT_ARITHMETIC.scaleb(base, exponent))
    # normalize() writes 5828000 as 5.828E+6; an int keeps it as plain digits.
    if value == value.to_integral_value():
        return decimal.Decimal(int(value))
    return value


def _chinese_to_int(text: str, numeral: str) -> int:
    """Read a Chinese numeral up to 9999 (十二, 两, 三千零五, 百); reject anything unusual."""
    error = QuantityError(
        f"读不懂“{text}”里的中文数字“{numeral}”。请改用阿拉伯数字写出一个数，"
        f"如“350个”；说不准的数写成“5个左右”“近10个”这样的约数。"
    )
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
