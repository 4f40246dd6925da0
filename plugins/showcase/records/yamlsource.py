"""Read a YAML data file without losing or changing anything an editor wrote.

PyYAML on its own keeps the last of two duplicate keys, turns ``NO`` into False, ``0755``
into 493 and ``1.10`` into 1.1, and constructs any Python object a ``!!python`` tag asks
for. Here the C parser only composes the node tree (fast, and every node knows its line
and column); we turn nodes into plain values ourselves: every scalar stays the string the
editor typed, and the schema alone decides what it means.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from showcase.records.diagnostics import Category, Diagnostic, field_path
from showcase.records.schema import RecordKind

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 64 * 1024 * 1024
# The shortest text that can hold a personal number (a mobile number has 11 digits).
LONG_TEXT = 11
MAX_DEPTH = 32

# Tags a plain or quoted value may carry: the ones YAML resolves implicitly, which we
# ignore because we keep the text. Anything else (!!python/object, !!binary, !custom)
# is refused rather than constructed.
_HARMLESS_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_STR_TAG = "tag:yaml.org,2002:str"
# The first characters of the only plain values YAML resolves to a tag outside
# _HARMLESS_TAGS: << (merge), = (value), and !, & or * alone (yaml).
_UNSAFE_IMPLICIT_STARTS = frozenset("<=!&*")


# Resolvers by path in the document: none (see _ComposingLoader.descend_resolver).
_NO_PATH_RESOLVERS: dict[object, object] = {}


class _ComposingLoader(yaml.CSafeLoader):
    """The C parser, with PyYAML's guess of each value's type left out.

    PyYAML matches every untagged value against a row of regular expressions (in Python)
    to tag it int, bool, null… Only whether the tag is harmless matters to us, since every
    value stays the text the editor typed; the values that PyYAML would tag otherwise still
    go through its own resolver, so the guards see the same tags as before.
    """

    def resolve(
        self,
        kind: Any,
        value: Any,
        implicit: Any,
        _scalar: type = yaml.ScalarNode,
        _unsafe: frozenset[str] = _UNSAFE_IMPLICIT_STARTS,
    ) -> Any:
        # Called for every value of a file: its globals bound as defaults, for speed.
        if kind is _scalar and not (implicit[0] and value[:1] in _unsafe):
            return _STR_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

    # The C parser calls these two around every node (millions at 100,000 records) for the
    # resolvers that match a node by its path in the document, which no loader here has:
    # in Python they only returned, and cost 7% of the parse. Two calls in C that do nothing
    # instead: descend_resolver(node, index) returns index, ascend_resolver() an empty tuple.
    descend_resolver = _NO_PATH_RESOLVERS.get  # type: ignore[assignment]
    ascend_resolver = tuple  # type: ignore[assignment]


# Characters that a careless paste from a web page or Word brings along and nobody can see.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
_FULLWIDTH_COLON_KEY = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*)[ ]*：")
# A line that reads as "field: value": inside a block of text it may be a field indented too
# far (any word, a Chinese title too; the loader knows which words are fields), inside a
# quoted value it is the sign of a quote left open (English field names only).
_FIELD_LIKE_LINE = re.compile(r"^([ ]*(?:-[ ]+)?)([^\s:#'\"][^:]{0,40}?)[ ]*:(?:[ ]|$)")
_FIELD_LINE = re.compile(r"^[ ]*(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_]*[ ]*:(?:[ ]|$)")
# Chinese quotation marks around a whole value: YAML does not know them as quotes.
_CURLY_QUOTES = {"“": "”", "‘": "’"}
_QUOTE_NAMES = {'"': "双引号", "'": "单引号"}
# What YAML 1.2 (the form editor's YAML library, and most tools but PyYAML) reads as a
# number, a boolean or a moment rather than as text: such a value comes back from a tool
# written its own way (1.10 as 1.1, 0755 as 755, 0x1F as 31, True as true), so a value
# the tools would rewrite must be quoted. Numbers already written the tools' way are kept.
_YAML12_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_YAML12_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# Every value a YAML 1.2 tool reads as other than text starts with one of these.
_TOOL_REWRITE_STARTS = frozenset("0123456789+-.TF")
_YAML12_REWRITTEN_WORDS = frozenset({"True", "TRUE", "False", "FALSE"})
_YAML12_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?Z"
)
# The folders of one-record files are named by kind (data/studios/<id>.yaml).
_KIND_FOLDERS = frozenset(kind.value for kind in RecordKind)
# Integers a JavaScript number holds exactly.
_EXACT_INTEGER = 2**53
# A place depth no loc reaches (see LoadedYaml.place_depth); and the depth of a record's
# loc: ("studios", 3) in a list file, () in a record's own file.
EVERY_PLACE = MAX_DEPTH + 2
_LIST_RECORD_DEPTH = 2
_FILE_RECORD_DEPTH = 0


@dataclass(frozen=True)
class FieldLikeLine:
    """A line inside a block of text (``|`` or ``>``) that reads like a field: ``notes: |-``."""

    line: int  # 1-based
    column: int  # 1-based, where the word starts
    name: str  # the word before the colon


@dataclass(slots=True)  # 100,000 of them in record folders: no dict each
class LoadedYaml:
    """A file's content as plain values, where each value stood, and what went wrong."""

    path: str
    data: Any = None
    # Where each value starts, and where the key of each mapping entry starts, (line,
    # column), both 1-based, packed into one int per place (see _pack): a data tree of
    # 100,000 records has millions of places, and a pair of tuples each cost four times more.
    places: dict[Loc, int] = field(default_factory=dict)
    # How deep the places go: a first parse keeps only those of the file, its lists and its
    # records (a loc no longer than this), all that locating a record needs; the places of
    # the fields inside come from parsing the text again when a problem there needs one.
    # Nearly every file has none, and storing a place for each of the millions of values
    # was a sixth of the parse.
    place_depth: int = EVERY_PLACE
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The lines of each block of text that read like a field; the loader, which knows the
    # fields of each record, decides which of them is a field swallowed by the text.
    field_like_lines: dict[Loc, tuple[FieldLikeLine, ...]] = field(default_factory=dict)
    # Problems that do not stop the build but that an editor should look at (a file that may
    # have been cut short). Kept apart: everything else treats a diagnostic as an error.
    warnings: list[Diagnostic] = field(default_factory=list)
    # The last line with content (1-based) and whether the file ends without a line break.
    last_line: int = 0
    missing_final_newline: bool = False
    # The decoded text of the file, for checks that point at a place inside a value.
    source_text: str = ""
    # Every text and field name of ``data`` at least LONG_TEXT characters long, in file
    # order, as (loc, text, is a field name): what the privacy check reads, collected by the
    # parse so that the check need not walk millions of short values again.
    long_texts: list[tuple[Loc, str, bool]] = field(default_factory=list)
    # Once the file's own checks have run, its places give way to its text, compressed
    # (see release_text): only a problem found later, across files, needs a place, and
    # the places of 100,000 records are a fifth of what validation holds at its end.
    packed_text: bytes | None = field(default=None, repr=False, compare=False)

    def position(self, loc: Loc, *, of_key: bool = False) -> tuple[int, int]:
        """The closest known position of ``loc``: its key, its value or its nearest parent."""
        if self.packed_text is not None or len(loc) > self.place_depth:
            self._restore_places()
        places = self.places
        if of_key and places.get(loc, 0) >> _KEY_SHIFT:
            return _unpack(places[loc] >> _KEY_SHIFT)
        while loc:
            if loc in places:
                return _unpack(places[loc])
            loc = loc[:-1]
        return _unpack(places[()]) if () in places else (1, 1)

    def release_text(self) -> None:
        """Drop what only the file's own checks read, once they have run.

        The text goes (at 100,000 records the texts are a tenth of the memory), and so do
        the places, kept instead as the text compressed (a twentieth of their size): the
        places come back, the same, from parsing it again if a later check needs one.
        """
        if self.places and self.source_text:
            text = self.source_text.encode("utf-8")
            # A small file (one record's) is kept as it is: compressing costs more there.
            self.packed_text = (
                _PLAIN + text if len(text) < _COMPRESS_FROM else zlib.compress(text, 1)
            )
            self.places = {}
        self.source_text = ""
        self.long_texts = []

    def _restore_places(self) -> None:
        """Every place, from the text (compressed, once released): the parse, once more."""
        packed = self.packed_text
        if packed is not None:
            text = packed[1:] if packed[:1] == _PLAIN else zlib.decompress(packed)
            self.packed_text = None
        else:
            text = self.source_text.encode("utf-8")
        again = parse_yaml_bytes(text, LoadedYaml(self.path), place_depth=EVERY_PLACE)
        self.places = again.places
        self.place_depth = EVERY_PLACE

    def error(
        self,
        loc: Loc,
        message: str,
        *,
        code: str,
        category: Category = Category.SCHEMA,
        of_key: bool = False,
        position: tuple[int, int] | None = None,
    ) -> None:
        """Record an error at ``loc`` (or at an explicit position)."""
        line, column = position or self.position(loc, of_key=of_key)
        self.diagnostics.append(
            Diagnostic(self.path, line, column, field_path(loc), message, category, code)
        )

    def warn(
        self, loc: Loc, message: str, *, code: str, position: tuple[int, int] | None = None
    ) -> None:
        """Record a warning: printed by ``showcase validate``, but the data still passes."""
        line, column = position or self.position(loc)
        self.warnings.append(
            Diagnostic(self.path, line, column, field_path(loc), message, Category.FILE, code)
        )


# A released file's text is kept compressed from this size on, and as it is, after this
# first byte (which no zlib stream starts with), below it.
_COMPRESS_FROM = 16 * 1024
_PLAIN = b"\x00"

# A place packs a value's (line, column) into the low bits and its key's, if it has one,
# above them; a line or column needs at most 26 bits in a file of MAX_FILE_BYTES.
_COLUMN_BITS = 27
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1
_KEY_SHIFT = 2 * _COLUMN_BITS


def _unpack(packed: int) -> tuple[int, int]:
    return (packed >> _COLUMN_BITS) & _COLUMN_MASK, packed & _COLUMN_MASK


def load_yaml(
    path: Path, display_path: str | None = None, shared: dict[str, str] | None = None
) -> LoadedYaml:
    """Read ``path``; on any problem the result carries diagnostics, never an exception.

    ``shared`` holds one string object for each short value (see :class:`_NodeConverter`),
    to share them with other files read alongside; by default the file has its own.
    """
    result = LoadedYaml(display_path or path.as_posix())
    try:
        # One lstat: whether it is a link and, if not, its size (a record folder holds a
        # file per record, and each call costs).
        status: os.stat_result | None = os.lstat(path)
    except OSError:
        status = None  # the read below reports why
    if status is not None and stat.S_ISLNK(status.st_mode):
        # A link could make the build read, and echo into a public CI log, any file.
        result.error(
            (),
            "数据文件不能是符号链接。请把记录直接写在这个文件里。",
            code="symlink",
            category=Category.FILE,
        )
        return result
    try:
        size = status.st_size if status is not None else path.stat().st_size
        if size > MAX_FILE_BYTES:
            result.error(
                (),
                f"文件有 {size / 2**20:.1f} MB，超过上限 {MAX_FILE_BYTES / 2**20:.1f} MB。"
                "请把记录拆分到多个文件中。",
                code="file-too-large",
                category=Category.FILE,
            )
            return result
        raw = path.read_bytes()
    except OSError as error:
        result.error(
            (),
            f"无法读取文件：{error.strerror or error}。请确认文件存在且可读。",
            code="unreadable",
            category=Category.FILE,
        )
        return result
    return parse_yaml_bytes(raw, result, shared)


def parse_yaml_bytes(
    raw: bytes,
    result: LoadedYaml,
    shared: dict[str, str] | None = None,
    *,
    place_depth: int | None = None,
) -> LoadedYaml:
    """Check the bytes of a file, then parse them; fills and returns ``result``.

    ``place_depth``: how deep the places go (see :attr:`LoadedYaml.place_depth`); by
    default down to the records.
    """
    text = _decode(raw, result)
    if text is None:
        return result
    result.source_text = text
    lines = text.split("\n")
    _check_text(lines, result)
    result.last_line = next((n for n in range(len(lines), 0, -1) if lines[n - 1].strip()), 0)
    result.missing_final_newline = bool(text) and not text.endswith("\n")
    if any(d.code in ("tab-indent", "fullwidth-colon") for d in result.diagnostics):
        # The parser would only report these again, in English and at a later line.
        return result
    if not _has_content(lines):
        result.error(
            (),
            "文件是空的（或只有注释）。请写入记录，例如以“studios:”开头的列表；不需要的文件请删除。",
            code="empty-file",
            category=Category.FILE,
        )
        return result
    try:
        # C parser: fast, and it only builds nodes; nothing is constructed from tags.
        node = yaml.compose(text, Loader=_ComposingLoader)
    except yaml.MarkedYAMLError as error:
        _report_syntax_error(error, text, result)
        return result
    except yaml.YAMLError as error:  # pragma: no cover - libyaml always marks its errors
        result.error((), f"YAML 语法错误：{error}", code="yaml-syntax", category=Category.SYNTAX)
        return result
    if node is None:
        result.error((), "文件里没有任何内容。", code="empty-file", category=Category.FILE)
        return result
    converter = _NodeConverter(result, lines, shared, place_depth)
    result.data = converter.convert(node, (), 0)
    return result


def _decode(raw: bytes, result: LoadedYaml) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        result.error(
            (),
            "文件开头有 BOM（字节顺序标记，记事本等软件会自动加上）。"
            "请在编辑器中另存为“UTF-8（无 BOM）”。",
            code="bom",
            category=Category.FILE,
            position=(1, 1),
        )
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        result.error(
            (),
            "文件不是 UTF-8 编码（可能是 GBK/GB2312）。请在编辑器中用“UTF-8”编码重新保存，"
            "再检查这一处的文字是否正确。",
            code="not-utf8",
            category=Category.FILE,
            position=(line, column),
        )
        return None


def _check_text(lines: list[str], result: LoadedYaml) -> None:
    """Problems the YAML parser would report badly, or not at all."""
    windows_lines = [number for number, line in enumerate(lines, 1) if "\r" in line]
    if windows_lines:
        result.error(
            (),
            f"文件使用了 Windows 换行符（CRLF），共 {len(windows_lines)} 行。"
            "请在编辑器中把换行符改为“LF”（Unix）后保存。",
            code="crlf",
            category=Category.FILE,
            position=(windows_lines[0], 1),
        )
    for number, line in enumerate(lines, 1):
        # Most lines have neither a Tab nor a full-width colon: two searches in C skip them.
        if "\t" not in line and "：" not in line:
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            result.error(
                (),
                "这一行用 Tab 键缩进。YAML 只能用空格缩进：请把 Tab 换成空格（通常每级两个空格）。",
                code="tab-indent",
                category=Category.SYNTAX,
                position=(number, line.index("\t") + 1),
            )
        colon = _FULLWIDTH_COLON_KEY.match(line)
        if colon:
            result.error(
                (),
                f"字段名“{colon.group(1)}”后面是中文冒号“：”。请改成英文冒号“:”，并在冒号后加一个空格。",
                code="fullwidth-colon",
                category=Category.SYNTAX,
                position=(number, colon.end()),
            )


def _has_content(lines: list[str]) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in lines)


def _report_syntax_error(error: yaml.MarkedYAMLError, text: str, result: LoadedYaml) -> None:
    if _report_unclosed(error, text, result):
        return
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "无法解析"
    advice = _SYNTAX_ADVICE.get(problem, "请检查这一行及上一行的缩进、冒号和引号。")
    source_line = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
    if "：" in source_line and "mapping values" not in problem:
        advice += " 这一行有中文冒号“：”，字段名后应使用英文冒号“:”。"
    result.error(
        (),
        f"YAML 语法错误（{problem}）。{advice}",
        code="yaml-syntax",
        category=Category.SYNTAX,
        position=(line, column),
    )


def _report_unclosed(error: yaml.MarkedYAMLError, text: str, result: LoadedYaml) -> bool:
    """A quote or bracket left open, named at the line that opened it; False if none was.

    The parser notices an open quote only where the text stops making sense, often lines
    further down and as a problem of indentation: the editor has to be sent back up.
    """
    lines = text.split("\n")
    opening = error.context_mark
    context = error.context or ""
    if context == "while scanning a quoted scalar" and opening is not None:
        quote = _char_at(lines, opening.line, opening.column)
        result.error(
            (),
            _unclosed_quote_message(quote, opening.line + 1, None, ""),
            code="unclosed-quote",
            category=Category.SYNTAX,
            position=(opening.line + 1, opening.column + 1),
        )
        return True
    if context.startswith("while parsing a flow ") and opening is not None:
        bracket = _char_at(lines, opening.line, opening.column)
        closing = {"[": "]", "{": "}"}.get(bracket, "]")
        stop = (error.problem_mark.line if error.problem_mark else opening.line) + 1
        result.error(
            (),
            f"第{opening.line + 1}行的“{bracket}”没有闭合：到第{stop}行还没有遇到配对的“{closing}”。"
            f"请在这一项的末尾补上“{closing}”；如果是两项之间少了英文逗号“,”，请补上逗号。",
            code="unclosed-bracket",
            category=Category.SYNTAX,
            position=(opening.line + 1, opening.column + 1),
        )
        return True
    # The quote may have been closed by the next quote further down, and the parser stopped
    # at what followed that one: find a quoted value that runs over lines reading as fields.
    stop_line = error.problem_mark.line if error.problem_mark else len(lines)
    swallowing = None
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if token.start_mark.line > stop_line:
                break
            if isinstance(token, yaml.ScalarToken) and _swallowed_line(token, lines):
                swallowing = token
    except yaml.YAMLError:
        pass  # the scan stops where the parse did; what it found so far is what counts
    if swallowing is None:
        return False
    start, end = swallowing.start_mark, swallowing.end_mark
    quote = _char_at(lines, start.line, start.column)
    result.error(
        (),
        _unclosed_quote_message(
            quote, start.line + 1, end.line + 1, _swallowed_line(swallowing, lines)
        ),
        code="unclosed-quote",
        category=Category.SYNTAX,
        position=(start.line + 1, start.column + 1),
    )
    return True


def _char_at(lines: list[str], line: int, column: int) -> str:
    text = lines[line] if 0 <= line < len(lines) else ""
    return text[column] if 0 <= column < len(text) else ""


def _swallowed_line(token: yaml.ScalarToken | yaml.ScalarNode, lines: list[str]) -> str:
    """The first line reading as a field inside a quoted value over several lines, or ""."""
    start, end = token.start_mark.line, token.end_mark.line
    if token.style not in ('"', "'") or end == start:
        return ""
    return next(
        (
            lines[n].strip()
            for n in range(start + 1, min(end, len(lines) - 1) + 1)
            if _FIELD_LINE.match(lines[n])
        ),
        "",
    )


def _unclosed_quote_message(quote: str, line: int, closed_at: int | None, swallowed: str) -> str:
    name = _QUOTE_NAMES.get(quote, "引号")
    if closed_at is None:
        what = f"这个值以 {quote} 开头，后面却没有配对的 {quote}，下面各行都被当成了这个值。"
    else:
        what = f"直到第{closed_at}行才遇到下一个 {quote}，中间的“{swallowed}”等行都被当成了这个值。"
    return (
        f"第{line}行的引号没有闭合（{name} {quote}）：{what}"
        f"请在第{line}行这个值的末尾补上 {quote}；值里没有“: ”和“#”时，也可以去掉开头的 {quote}。"
    )


# libyaml's problems, in words an editor can act on.
_SECOND_COLON = (
    "一行里出现了第二个“: ”。如果值里本来就有冒号，请把整个值用英文引号括起来，"
    '如 title: "主题：创新"。'
)
_SYNTAX_ADVICE = {
    "mapping values are not allowed here": _SECOND_COLON,
    "mapping values are not allowed in this context": _SECOND_COLON,
    "could not find expected ':'": "这一行缺少“字段: 值”中的英文冒号，或上一行的引号没有闭合。",
    "did not find expected key": "缩进没有对齐：同一条记录的字段要左对齐，列表项以“- ”开头。",
    "did not find expected '-' indicator": "列表项的缩进没有对齐，每项应以同样缩进的“- ”开头。",
    "found unexpected end of stream": "文件在引号或括号闭合之前就结束了，请检查引号是否成对。",
    "found character that cannot start any token": (
        "这里有 YAML 不允许放在开头的字符（如 Tab、@ 或 `）。请删除它，或把整个值用引号括起来。"
    ),
    "found undefined alias": "这里用了“*”开头的别名，本项目不使用锚点和别名，请直接写出内容。",
    "exceeded maximum nesting depth": "嵌套层数过多，数据文件不需要这么深的结构。",
}


def _written_by_tools(value: str) -> str | None:
    """How a YAML 1.2 tool writes a plain value back, if it reads it as other than text.

    The form editor (Decap CMS, with the npm package ``yaml``) reads ``1.10`` as the number
    1.1 and writes ``1.1``; a value it keeps as text gives None. Anything a JavaScript
    number cannot hold exactly, or spells another way, differs from the value.
    """
    if not value or value[0] not in _TOOL_REWRITE_STARTS or not value.isascii():
        # Most values: no regular expression needed to rule them out (every number,
        # boolean and moment YAML 1.2 knows is written in ASCII: 80余次 is none).
        return None
    if value in _YAML12_REWRITTEN_WORDS:
        return value.lower()
    if _YAML12_TIMESTAMP.fullmatch(value):
        return "另一种时间写法"
    if _YAML12_INT.fullmatch(value):
        number = int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        return str(number) if abs(number) <= _EXACT_INTEGER else "另一个数"
    if _YAML12_FLOAT.fullmatch(value):
        if "." in value and value.lstrip("+-")[1:].lower() in ("inf", "nan"):
            return "另一种写法"
        amount = float(value)
        if amount.is_integer() and abs(amount) < 1e21:
            return str(int(amount))
        return repr(amount)
    return None


class _NodeConverter:
    """Turns a composed node tree into plain values, recording positions and problems.

    Every problem found here is placed at its node's own marks, not through the file's
    places, which (see :attr:`LoadedYaml.place_depth`) hold only the records' by default.
    """

    def __init__(
        self,
        result: LoadedYaml,
        lines: list[str],
        shared: dict[str, str] | None = None,
        place_depth: int | None = None,
    ) -> None:
        self.result = result
        self.lines = lines
        self.seen: set[int] = set()
        # A file of one record, in a folder named by its kind: the files the form editor
        # writes, and the ones it reads back in YAML 1.2.
        # PurePosixPath(result.path).parent.name, without making a path for every file.
        self.record_file = result.path.rpartition("/")[0].rpartition("/")[2] in _KIND_FOLDERS
        self.places = result.places
        if place_depth is None:
            place_depth = _FILE_RECORD_DEPTH if self.record_file else _LIST_RECORD_DEPTH
        self.place_depth = result.place_depth = place_depth
        # Only a node with an anchor (&name) can come back through an alias (*name), and a
        # text without "&" has none (an alias to no anchor does not parse): most files need
        # no watch over the nodes already seen.
        self.watch_aliases = "&" in result.source_text or not result.source_text
        # One string object for each short value written again and again (level,
        # district, industry…: in this file, or in the files read with it when ``shared``
        # is given), and for each field name in the process (interned: a record folder
        # holds a file per record): a fifth of the memory at 100,000 records, and smaller
        # results from the worker processes, whose pickles keep the sharing.
        self.shared: dict[str, str] = {} if shared is None else shared

    def convert(self, node: yaml.Node, loc: Loc, depth: int, key_place: int = 0) -> Any:
        result = self.result
        mark = node.start_mark
        if len(loc) <= self.place_depth:
            self.places[loc] = key_place | (mark.line + 1) << _COLUMN_BITS | (mark.column + 1)
        if self.watch_aliases:
            if id(node) in self.seen:
                # An alias (*name) makes one node appear twice. Editors never need it, and a
                # hostile file can use it to make a few lines expand into gigabytes.
                result.error(
                    loc,
                    "这里用了锚点（&）和别名（*）引用别处的内容。本项目不支持这种写法，请直接写出内容。",
                    code="yaml-alias",
                    category=Category.SYNTAX,
                    position=_start(node),
                )
                return None
            self.seen.add(id(node))
        if node.tag not in _HARMLESS_TAGS:
            result.error(
                loc,
                f"不允许使用标签“{node.tag}”。请删除以“!”开头的标签，直接写值。",
                code="yaml-tag",
                category=Category.SYNTAX,
                position=_start(node),
            )
            return None
        if depth > MAX_DEPTH:
            result.error(
                loc,
                f"嵌套超过 {MAX_DEPTH} 层。数据文件不需要这么深的结构，请检查缩进。",
                code="too-deep",
                category=Category.SYNTAX,
                position=_start(node),
            )
            return None
        if type(node) is yaml.ScalarNode:
            return self._scalar(node, loc)
        if type(node) is yaml.MappingNode:
            return self._mapping(node, loc, depth)
        if type(node) is yaml.SequenceNode:
            return [
                self.convert(item, (*loc, index), depth + 1)
                for index, item in enumerate(node.value)
            ]
        raise AssertionError(f"unknown node type {type(node).__name__}")  # pragma: no cover

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> str | None:
        value: str = node.value
        style = node.style
        if not style:
            if value in _NULL_WORDS:
                return None
            first = value[:1]
            if first in _CURLY_QUOTES:
                self._check_curly_quotes(node, loc)
            # Most values start otherwise and cannot be a number or a boolean: no call.
            if first in _TOOL_REWRITE_STARTS:
                self._check_rewritten_by_tools(node, loc)
        elif style in "|>":
            self._note_field_like_lines(node, loc)
        else:
            swallowed = _swallowed_line(node, self.lines)
            if swallowed:
                start, end = node.start_mark, node.end_mark
                quote = _char_at(self.lines, start.line, start.column)
                self.result.error(
                    loc,
                    _unclosed_quote_message(quote, start.line + 1, end.line + 1, swallowed),
                    code="unclosed-quote",
                    category=Category.SYNTAX,
                    position=_start(node),
                )
        # Every invisible character is outside ASCII, as most values are not.
        invisible = None if value.isascii() else _INVISIBLE.search(value)
        if invisible:
            char = invisible.group()
            name = unicodedata.name(char, "")
            self.result.error(
                loc,
                f"含有看不见的字符 U+{ord(char):04X}{f'（{name}）' if name else ''}，"
                "多半是从网页或 Word 复制带来的。请删掉这个值重新输入。",
                code="invisible-character",
                position=_start(node),
            )
        if len(value) >= LONG_TEXT:
            self.result.long_texts.append((loc, value, False))
            return value
        return self.shared.setdefault(value, value)

    def _check_curly_quotes(self, node: yaml.ScalarNode, loc: Loc) -> None:
        """“天津钢管公司”: Chinese quotes around a whole value become part of the value."""
        value: str = node.value
        closing = _CURLY_QUOTES.get(value[:1])
        if closing is None or value.find(closing) != len(value) - 1 or value.count(value[0]) > 1:
            return
        inner = value[1:-1]
        message = (
            f"值用中文引号{value[0]}{closing}括了起来。YAML 不把中文引号当作引号，它们会成为内容的一部分，"
            f"在网站上显示出来。请删掉这对引号，写成 {inner}（不需要引号）；值里有“: ”或“#”时，"
            f'改用英文引号，写成 "{inner}"。如果原文本来就带着这对引号，请写成 "{value}"。'
        )
        if self.record_file:
            # The form editor writes a title typed with its quotes (“项目带资金”) this way:
            # there the quotes were typed on purpose, and an error could not be fixed in it.
            self.result.warn(loc, message, code="curly-quotes", position=_start(node))
            return
        self.result.error(
            loc, message, code="curly-quotes", category=Category.SYNTAX, position=_start(node)
        )

    def _check_rewritten_by_tools(self, node: yaml.ScalarNode, loc: Loc) -> None:
        """1.10, 0755, True: a value the form editor would save written another way.

        An error in a record's own file, which the form editor opens and saves; a warning in
        a list file, which it never touches and where the value means what was typed.
        """
        value: str = node.value
        rewritten = _written_by_tools(value)
        if rewritten is None or rewritten == value:
            return
        message = (
            f"{value} 没有加引号，表单编辑器等工具会把它当作数字或真假值，保存时改写成 {rewritten}。"
            f'请加英文引号，写成 "{value}"。'
        )
        if self.record_file:
            self.result.error(
                loc,
                message,
                code="unquoted-number",
                category=Category.SYNTAX,
                position=_start(node),
            )
        else:
            self.result.warn(loc, message, code="unquoted-number", position=_start(node))

    def _note_field_like_lines(self, node: yaml.ScalarNode, loc: Loc) -> None:
        # A block's content runs from the line after its | or > to the line before end_mark
        # (which stands at the start of the next line), or to end_mark's line at the file's end.
        first = node.start_mark.line + 1
        last = node.end_mark.line - (0 if node.end_mark.column else 1)
        found = []
        for number in range(first, min(last, len(self.lines) - 1) + 1):
            match = _FIELD_LIKE_LINE.match(self.lines[number])
            if match:
                found.append(FieldLikeLine(number + 1, match.end(1) + 1, match.group(2)))
        if found:
            self.result.field_like_lines[loc] = tuple(found)

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        long_texts = self.result.long_texts
        shared = self.shared
        # Where neither a place is kept, nor an alias or too deep a value can be, a plain
        # value (most of a file) is taken here, without the two calls of convert and
        # _scalar: what they would check of it is checked inline, the rest goes to them.
        keep_places = len(loc) < self.place_depth
        inline = not keep_places and not self.watch_aliases and depth < MAX_DEPTH
        for key_node, value_node in node.value:
            key = key_node.value
            if (
                type(key_node) is not yaml.ScalarNode
                or key == "<<"
                or key_node.tag not in _HARMLESS_TAGS
            ):
                self._refuse_key(key_node, loc)
                continue
            key = sys.intern(key)
            if key in mapping:
                self._report_duplicate_key(node, key_node, (*loc, key))
                continue
            if inline and type(value_node) is yaml.ScalarNode and value_node.tag is _STR_TAG:
                value = value_node.value
                if not value_node.style:
                    # Not empty, not in Chinese quotes, and not what a YAML 1.2 tool reads
                    # as a number (a number is written in ASCII: 80余次 is text).
                    first = value[:1]
                    simple = (
                        first not in _CURLY_QUOTES
                        and (first not in _TOOL_REWRITE_STARTS or not value.isascii())
                        and value not in _NULL_WORDS
                    )
                else:
                    # Quoted on one line: no quote left open can have swallowed a field.
                    simple = (
                        value_node.style in _QUOTE_NAMES
                        and value_node.start_mark.line == value_node.end_mark.line
                    )
                if simple and (value.isascii() or not _INVISIBLE.search(value)):
                    if len(key) >= LONG_TEXT:
                        long_texts.append(((*loc, key), key, True))
                    if len(value) >= LONG_TEXT:
                        long_texts.append(((*loc, key), value, False))
                        mapping[key] = value
                    else:
                        mapping[key] = shared.setdefault(value, value)
                    continue
            child = (*loc, key)
            key_place = 0
            if keep_places:
                mark = key_node.start_mark
                key_place = ((mark.line + 1) << _COLUMN_BITS | (mark.column + 1)) << _KEY_SHIFT
            if len(key) >= LONG_TEXT:
                long_texts.append((child, key, True))
            mapping[key] = self.convert(value_node, child, depth + 1, key_place)
        return mapping

    def _report_duplicate_key(self, node: yaml.MappingNode, key_node: yaml.Node, loc: Loc) -> None:
        """The second ``key:`` of one mapping, naming the line of the first."""
        key = key_node.value
        first = next(
            k
            for k, _ in node.value
            if type(k) is yaml.ScalarNode and k.value == key and k.tag in _HARMLESS_TAGS
        )
        line = key_node.start_mark.line + 1
        self.result.error(
            loc,
            f"字段“{key}”写了两次：第 {first.start_mark.line + 1} 行和第 {line} 行。"
            "YAML 只会保留后一个，前一个会悄悄丢失。请删掉一个，或把两处内容合并。",
            code="duplicate-key",
            category=Category.SYNTAX,
            position=_start(key_node),
        )

    def _refuse_key(self, key_node: yaml.Node, loc: Loc) -> None:
        """A key that is no plain word: a merge (<<), a list, a mapping or a tagged value."""
        merge = type(key_node) is yaml.ScalarNode and key_node.value == "<<"
        self.result.error(
            loc,
            "不支持“<<”合并写法。请把字段逐个写出来。"
            if merge
            else "字段名必须是一个简单的词，如 name。",
            code="yaml-alias" if merge else "bad-key",
            category=Category.SYNTAX,
            position=_start(key_node),
        )


def _start(node: yaml.Node) -> tuple[int, int]:
    """Where ``node`` starts, (line, column), both 1-based."""
    return node.start_mark.line + 1, node.start_mark.column + 1
