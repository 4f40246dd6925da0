"""How text becomes search terms: folding, Chinese words, bigrams, numbers and pinyin.

The same rules run twice: here at build time over every page, and in the page
(``assets/showcase-search.js``) over the query. What the page cannot carry (jieba's
dictionary, OpenCC's tables, pypinyin's readings) is applied here, and only its result
ships in the index: the terms themselves, and a table of traditional characters.

- **Folding**: NFKC (full-width letters and digits become ASCII), lower case, and each
  traditional character replaced by its simplified form from OpenCC's character table
  (``TSCharacters.txt``, first candidate). Both sides fold with the same table, so
  勞模工作室 meets 劳模工作室; the table ships in the index manifest.
- **Words**: each run of Han characters is cut with jieba's search mode
  (``cut_for_search``: a long word and the shorter words inside it), in a tokenizer of our
  own that also knows the data's names, units, honours, programmes and districts, so that a
  name is one word and its parts are words too.
- **Bigrams**: every two adjacent Han characters, a fallback layer for what jieba did not
  cut out (a typo'd name still shares two characters with the right one).
- **Single characters**: only in the name and alias fields, the last resort.
- **Numbers** as printed: ``582.8万人次`` gives 582.8, 582.8万, 582.8万人 and
  582.8万人次, ``41,047家`` gives 41047 and 41047家, ``96.3%`` gives 96.3 and 96.3%,
  ``30余项`` gives 30, 30余 and 30余项.
- **Pinyin** of names: full (``kongxiangrui``) and initials (``kxr``); a space-separated
  query is joined before it is looked up. A polyphonic character gives each of its
  readings (bounded), and a surname such as 单, 曾, 解, 仇, 朴 its reading as a surname.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import resources

import jieba
from pypinyin import Style, pinyin

# Runs of Han characters, and the characters the page treats as Han (\p{sc=Han}).
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
# A number as printed: the number, a qualifier (30余项, 3000多万元), a magnitude (万, 亿)
# and a unit (a per cent sign, 人次 or one Han character: 家, 人, 个, 项, 件 ...), each
# optional. Thousands separators are dropped from the number.
NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)([余多]?[万亿]?(?:%|‰|[人场户]次|[\u4e00-\u9fff])?)")
# Runs of ASCII letters and digits that are not numbers: English words, codes, pinyin.
LATIN = re.compile(r"[a-z][a-z0-9]*")

# Surnames whose reading as a surname differs from the common one (单 dan -> shan).
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou",
    "查": "zha", "乐": "yue", "盖": "ge", "员": "yun", "尉": "yu", "缪": "miao",
    "种": "chong", "覃": "qin", "秘": "bi", "繁": "po", "召": "shao", "过": "guo",
    "华": "hua", "任": "ren", "沈": "shen", "折": "she", "翟": "zhai", "句": "gou",
}  # fmt: skip
# At most this many full readings of one name: a name of polyphonic characters would
# otherwise multiply its readings (2 x 2 x 3 ...).
MAX_READINGS = 8
# Full pinyin for names up to this long (people, studios, short names of units); a longer
# name (天津钢管集团股份有限公司) gets its initials only.
FULL_PINYIN_CHARS = 8


@functools.cache
def traditional_table() -> dict[str, str]:
    """Traditional character -> simplified character, from OpenCC's TSCharacters table."""
    text = (
        resources.files("opencc")
        .joinpath("dictionary", "TSCharacters.txt")
        .read_text(encoding="utf-8")
    )
    table: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[0]) != 1:
            continue
        simplified = parts[1].split(" ")[0]
        if len(simplified) == 1 and simplified != parts[0]:
            table[parts[0]] = simplified
    return table


@functools.cache
def _translation() -> dict[int, str]:
    return {ord(trad): simp for trad, simp in traditional_table().items()}


def fold(text: str) -> str:
    """The form every text and query is compared in: NFKC, lower case, simplified."""
    return unicodedata.normalize("NFKC", text).lower().translate(_translation())


def load_dictionary() -> None:
    """Load jieba's own dictionary in this process, if it is not yet (a second or so)."""
    jieba.dt.initialize()


class Segmenter:
    """jieba's search-mode cut, in a tokenizer of our own that also knows the data's words.

    Our own tokenizer, not jieba's process-wide one: Material's search plugin uses that,
    and the words of one build must not leak into the next (``mkdocs serve``).
    """

    def __init__(self, lexicon: Iterable[str]) -> None:
        # jieba's own dictionary is loaded once per process (seconds), then copied.
        load_dictionary()
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.FREQ = dict(jieba.dt.FREQ)
        self.tokenizer.total = jieba.dt.total
        self.tokenizer.initialized = True
        for word in cutter_words(lexicon):
            self.tokenizer.add_word(word, freq=1000)
        # jieba adds each word's frequency to the total that every word's weight is divided
        # by: with the data's words left out of it, a word cuts only the texts that hold it,
        # so that the live preview cuts again only those when an edit adds or drops a word.
        self.tokenizer.total = jieba.dt.total
        self.cut = functools.lru_cache(maxsize=1 << 16)(self._cut)

    def _cut(self, run: str) -> tuple[str, ...]:
        words = [word for word in self.tokenizer.cut_for_search(run, HMM=False) if len(word) >= 2]
        return tuple(dict.fromkeys(words))


def cutter_words(lexicon: Iterable[str]) -> list[str]:
    """The words of a lexicon that :class:`Segmenter` adds to jieba's, sorted."""
    return sorted({word for word in lexicon if len(word) >= 2 and HAN_RUN.fullmatch(word)})


def han_bigrams(run: str) -> Iterator[str]:
    """Every two adjacent characters of a run of Han characters."""
    for start in range(len(run) - 1):
        yield run[start : start + 2]


def numbers(folded: str) -> Iterator[str]:
    """The numbers of a folded text as printed: bare, then with each longer part of what
    follows them (262.6, 262.6万, 262.6万件), so that a query typed with its unit finds
    the page that prints it so before one that prints the number with another unit."""
    for match in NUMBER.finditer(folded):
        number = match.group(1).replace(",", "").rstrip(".")
        if not number:
            continue
        yield number
        suffix = match.group(2)
        for end in range(1, len(suffix) + 1):
            yield number + suffix[:end]


def latin_words(folded: str) -> Iterator[str]:
    """Words of ASCII letters (and the digits after them) in a folded text."""
    for match in LATIN.finditer(folded):
        yield match.group()


def name_pinyin(name: str) -> list[str]:
    """The pinyin keys of a name written in Han characters: full readings, then initials.

    Empty for a name with any character that is not Han. Polyphonic characters give each
    of their readings, up to MAX_READINGS full readings; the first character, when it is a
    surname with a reading of its own, gives that reading first.
    """
    if not name or not HAN_RUN.fullmatch(name):
        return []
    readings: list[list[str]] = []
    for position, char in enumerate(name):
        syllables = list(_readings(char))
        if position == 0 and name[0] in SURNAME_READINGS:
            syllables = list(dict.fromkeys([SURNAME_READINGS[name[0]], *syllables]))
        if not syllables:
            return []
        readings.append(syllables[:3])
    full = (
        ["".join(combo) for combo in itertools.islice(itertools.product(*readings), MAX_READINGS)]
        if len(name) <= FULL_PINYIN_CHARS
        else []
    )
    initial_sets = [list(dict.fromkeys(syllable[0] for syllable in r)) for r in readings]
    initials = [
        "".join(combo) for combo in itertools.islice(itertools.product(*initial_sets), MAX_READINGS)
    ]
    return list(dict.fromkeys(full + initials))


def common_pinyin(name: str) -> set[str]:
    """The keys of a name's most common reading among :func:`name_pinyin`'s: its full
    pinyin and its initials, each character read as it mostly is (石志福 shizhifu, szf),
    not as a rare reading of one (邓 read shan: shanzhifu, szf)."""
    keys = name_pinyin(name)
    if not keys:
        return set()
    first = [
        SURNAME_READINGS[char] if position == 0 and char in SURNAME_READINGS else _readings(char)[0]
        for position, char in enumerate(name)
    ]
    common = {"".join(syllable[0] for syllable in first)}
    if len(name) <= FULL_PINYIN_CHARS:
        common.add("".join(first))
    return common


@functools.lru_cache(maxsize=1 << 14)
def _readings(char: str) -> tuple[str, ...]:
    """The readings of one character, without tones, most common first."""
    options = pinyin(char, style=Style.NORMAL, heteronym=True)[0]
    return tuple(dict.fromkeys(option for option in options if option.isalpha()))


# Readings a query's character may be folded to in the page: as many as a name's
# character gives in name_pinyin (its first three), and a surname's own reading.
QUERY_READINGS = 3


@functools.cache
def _common_characters() -> tuple[str, ...]:
    """The characters of GB 2312 (6,763): what a visitor's input method types first."""
    found = []
    for code in range(0x4E00, 0xA000):
        char = chr(code)
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        found.append(char)
    return tuple(found)


def reading_table(characters: Iterable[str]) -> list[dict[str, str]]:
    """Each character's readings, for the page to fold a query typed in homophones.

    The common characters and the given ones (the names' own), each with its readings as
    name_pinyin reads it, tone-less. Grouped by syllable to stay small: the first table
    holds each character under its first reading, the second under its second, and so on
    (``[{"kong": "孔空…"}, {"kou": "空…"}, …]``); a surname's own reading comes last.
    """
    tables: list[dict[str, list[str]]] = []
    for char in sorted(set(_common_characters()) | {c for c in characters if HAN_RUN.fullmatch(c)}):
        readings = list(_readings(char)[:QUERY_READINGS])
        if char in SURNAME_READINGS and SURNAME_READINGS[char] not in readings:
            readings.append(SURNAME_READINGS[char])
        for rank, syllable in enumerate(readings):
            while len(tables) <= rank:
                tables.append({})
            tables[rank].setdefault(syllable, []).append(char)
    return [
        {syllable: "".join(chars) for syllable, chars in sorted(table.items())} for table in tables
    ]
