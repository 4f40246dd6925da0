"""The data model: every field of every record is defined here and nowhere else.

The same models validate the YAML, generate the JSON Schema that editors' tools read, and
feed the field reference of the editors' guide. Titles and descriptions are in Chinese
because they are shown to editors.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from showcase.records.quantities import Quantity, QuantityError, parse_quantity

RECORD_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")

# Whitespace an editor cannot see at the ends of a name: ASCII space, tab, newline,
# the full-width space of Chinese input methods and the no-break space of web pages.
_INVISIBLE_EDGE = " \t\r\n\u3000\u00a0"
# The one message for a field left empty: a required one must be filled in, an optional one
# may be removed instead.
EMPTY_VALUE = "不能为空。请填写内容；如果这个字段可以不填，也可以删除这一行。"


class Level(enum.StrEnum):
    """The level of an honour, a studio or a body: who stands behind it."""

    NATIONAL = "全国级"
    PROVINCIAL = "省级"
    CITY = "市级"
    DISTRICT = "区县级"
    STREET = "街道乡镇级"
    ENTERPRISE = "企业级"


class AwardStatus(enum.StrEnum):
    """Whether an honour still stands."""

    VALID = "有效"
    REVOKED = "已撤销"


class RecordKind(enum.StrEnum):
    """The kinds of record, named as the lists at the top of a data file."""

    SOURCES = "sources"
    ORGANIZATIONS = "organizations"
    PEOPLE = "people"
    STUDIOS = "studios"
    AWARDS = "awards"
    PROJECTS = "projects"
    FIGURES = "figures"


@dataclass(frozen=True)
class RefTo:
    """Marks a field as holding the id of a record of one of ``kinds``.

    The cross-record checks find every reference through this marker, so a new
    reference field is checked as soon as it is declared.
    """

    kinds: tuple[RecordKind, ...]
    # True when the record named is a whole this record is part of (a project's part_of, a
    # team's parent): an amount of the whole already includes the amounts of its parts.
    whole: bool = False


# --- scalar types ---------------------------------------------------------------------


# Characters a one-line value may not hold: line breaks of every kind, the other C0 and C1
# controls (ESC starts a terminal's colour codes), DEL, and the bidirectional controls that
# reorder what a reader sees. Names, ids, titles, paths and addresses are printed in
# messages, logs and page titles, where these would forge lines or hide text.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_NOT_IN_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _check_one_line(value: str) -> str:
    found = _NOT_IN_ONE_LINE.search(value)
    if found is None:
        return value
    if found.group() in _LINE_BREAKS:
        raise ValueError("这里只能写一行。较长的说明请写在 description（简介）里。")
    code = ord(found.group())
    raise ValueError(
        f"含有控制字符 U+{code:04X}，这里只能写一行普通文字。"
        "它多半是从终端、网页或其他软件复制带来的，请删掉这个值重新输入。"
    )


def _check_short_text(value: str) -> str:
    if not value.strip(_INVISIBLE_EDGE):
        raise ValueError(EMPTY_VALUE)
    if value != value.strip(_INVISIBLE_EDGE):
        raise ValueError(
            "开头或结尾有多余的空格（可能是全角空格）。请删除，否则同名记录会被当作不同的名字。"
        )
    return _check_one_line(value)


def _check_long_text(value: str) -> str:
    if not value.strip(_INVISIBLE_EDGE):
        raise ValueError(EMPTY_VALUE)
    if re.search(r"!\[[^\]]*\]\(", value):
        # The page would drop the image; photos carry alt text and the consent check.
        raise ValueError(
            "文字中不能插入图片（![…](…)）。请把图片放进 content/photos/，"
            "再写在这条记录的 photos（图片）里，并填写说明、替代文字和是否已获同意。"
        )
    return value


# Called for two or three dates of every record, which repeat (2008, 2013-05-04): a date
# checked already is answered by the cache, without a call into Python. A date that
# fails is checked again each time (exceptions are not cached).
@functools.lru_cache(maxsize=1 << 16)
def _check_partial_date(value: str) -> str:
    if not re.fullmatch(PARTIAL_DATE_PATTERN, value):
        raise ValueError(
            f"日期“{value}”的写法不对。请写成 2013、2013-06 或 2013-06-07"
            "（年份四位，月和日两位，用半角“-”连接）。"
        )
    parts = [int(part) for part in value.split("-")]
    try:
        datetime.date(
            parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
        )
    except ValueError:
        raise ValueError(f"日期“{value}”不存在，请核对月份和日期。") from None
    if not 1900 <= parts[0] <= 2100:
        raise ValueError(f"年份 {parts[0]} 不在 1900 到 2100 之间，请核对。")
    return value


def _parse_quantity_field(value: object) -> Quantity:
    if isinstance(value, Quantity):
        return value
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise QuantityError("应为一个数量，如“30余项”“3000多万元”或“41047”。")
    if isinstance(value, str):
        _check_one_line(value)
        return _parse_quantity_text(value)
    return parse_quantity(value)


@functools.lru_cache(maxsize=1 << 16)
def _parse_quantity_text(text: str) -> Quantity:
    """parse_quantity, once per distinct text: a national roll repeats “30余项” thousands of
    times, and a Quantity cannot change. A text that fails is parsed again each time."""
    return parse_quantity(text)


class UnitError(QuantityError):
    """A quantity in a unit its field does not take; the message is Chinese, for an editor."""


@dataclass(frozen=True)
class Units:
    """The units a quantity field takes, with an example: ``Annotated[QuantityText, Units(…)]``.

    The only list of them. The field's validation reads it; so do the check that all values
    of the field in one kind share one unit (``checks.py``: the site adds them up, and a sum
    of 项 and 件 means nothing), the totals (only a field with units is ever added, see
    :func:`showcase.records.totals.quantity_fields`), the JSON Schema and the editors' guide.
    A value without a unit is refused too: ``30`` says nothing about what was counted.
    """

    allowed: tuple[str, ...]
    example: str  # written in the first unit, e.g. 30余项

    def choices(self) -> str:
        """The units in Chinese prose: “项”或“件”."""
        return "或".join(f"“{unit}”" for unit in self.allowed)

    def check(self, value: object) -> object:
        """Raise :class:`UnitError` for a quantity in another unit; None passes."""
        if isinstance(value, Quantity) and value.unit not in self.allowed:
            if value.unit is None:
                raise UnitError(
                    f"“{value.text}”没有写单位。请照原文写上单位{self.choices()}，"
                    f"如“{self.example}”。"
                )
            raise UnitError(
                f"“{value.text}”的单位是“{value.unit}”，这一项只能以{self.choices()}为单位，"
                f"如“{self.example}”。"
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Check the unit after the quantity itself has been read."""
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Text that ends in one of the units (or 以上, 左右 …), for editors' tools."""
        json_schema = dict(handler(schema))
        units = "|".join(re.escape(unit) for unit in self.allowed)
        json_schema.update(
            type="string", pattern=f"({units})(以上|以下|以内|左右|上下)?$", examples=[self.example]
        )
        return json_schema


def _is_inside_path(value: str) -> bool:
    # A path from the data may only point down into the repository: a hostile pull request
    # must not make the build read /etc/passwd or ../../secrets.
    path = PurePosixPath(value)
    return bool(value) and "\\" not in value and not path.is_absolute() and ".." not in path.parts


def _check_image_path(value: str) -> str:
    _check_one_line(value)
    if not _is_inside_path(value):
        raise ValueError(
            f"图片路径“{value}”无效。请写相对于 content/ 的路径，用“/”分隔，如 photos/li-gang.jpg。"
        )
    if PurePosixPath(value).suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"“{value}”不是支持的图片格式。请使用 {'、'.join(IMAGE_SUFFIXES)} 之一。")
    return value


def _check_repository_path(value: str) -> str:
    _check_one_line(value)
    if not _is_inside_path(value):
        raise ValueError(
            f"路径“{value}”无效。请写相对于仓库根目录的路径，用“/”分隔，如 data/sources/article.txt。"
        )
    return value


def _check_web_address(value: str) -> str:
    _check_one_line(value)
    if not re.fullmatch(r"https?://[^\s/]+\.[^\s]+", value):
        raise ValueError(f"网址“{value}”无效。只接受以 http:// 或 https:// 开头的完整网址。")
    return value


RecordId = Annotated[
    str,
    Field(
        pattern=RECORD_ID_PATTERN,
        min_length=2,
        max_length=64,
        title="编号",
        description="记录的唯一编号：小写字母、数字和连字符，如 li-gang、tj-steel-pipe。",
    ),
]
ShortText = Annotated[str, AfterValidator(_check_short_text), Field(max_length=300)]
LongText = Annotated[str, AfterValidator(_check_long_text), Field(max_length=20000)]
PartialDate = Annotated[
    str,
    AfterValidator(_check_partial_date),
    WithJsonSchema({"type": "string", "pattern": PARTIAL_DATE_PATTERN}),
]
_QUANTITY_JSON_SCHEMA: dict[str, Any] = {
    "type": ["string", "integer"],
    "examples": ["30余项", "近百个", "582.8万人次", "96.3%", "41047"],
}
QuantityText = Annotated[
    Quantity,
    PlainValidator(_parse_quantity_field),
    PlainSerializer(lambda quantity: quantity.text, return_type=str),
    WithJsonSchema(_QUANTITY_JSON_SCHEMA),
]
MoneyText = Annotated[QuantityText, Units(("元",), "170万元")]
ImagePath = Annotated[str, AfterValidator(_check_image_path)]
RepositoryPath = Annotated[str, AfterValidator(_check_repository_path)]
WebAddress = Annotated[str, AfterValidator(_check_web_address)]


def _ref_field(title: str, description: str, *kinds: RecordKind) -> Any:
    kind_list = "、".join(kinds)
    return Field(
        pattern=RECORD_ID_PATTERN,
        title=title,
        description=f"{description}（填写 {kind_list} 中某条记录的 id）",
    )


SourceRef = Annotated[
    str, RefTo((RecordKind.SOURCES,)), _ref_field("来源", "引用的来源", RecordKind.SOURCES)
]
PersonRef = Annotated[
    str, RefTo((RecordKind.PEOPLE,)), _ref_field("人物", "人物", RecordKind.PEOPLE)
]
OrganizationRef = Annotated[
    str,
    RefTo((RecordKind.ORGANIZATIONS,)),
    _ref_field("单位", "单位或组织", RecordKind.ORGANIZATIONS),
]
PersonOrOrganizationRef = Annotated[
    str,
    RefTo((RecordKind.PEOPLE, RecordKind.ORGANIZATIONS)),
    _ref_field("获得者", "个人或集体", RecordKind.PEOPLE, RecordKind.ORGANIZATIONS),
]
ProjectRef = Annotated[
    str, RefTo((RecordKind.PROJECTS,)), _ref_field("项目", "项目", RecordKind.PROJECTS)
]
# References to a whole that the record is part of; see RefTo.whole.
OrganizationWholeRef = Annotated[
    str,
    RefTo((RecordKind.ORGANIZATIONS,), whole=True),
    _ref_field("上级单位", "上级单位", RecordKind.ORGANIZATIONS),
]
ProjectWholeRef = Annotated[
    str,
    RefTo((RecordKind.PROJECTS,), whole=True),
    _ref_field("所属项目", "所属项目", RecordKind.PROJECTS),
]
AnyRecordRef = Annotated[
    str, RefTo(tuple(RecordKind)), _ref_field("相关记录", "任意一条记录", *RecordKind)
]


# --- parts of records -----------------------------------------------------------------


def _editor_facing_schema(schema: dict[str, Any]) -> None:
    # Class docstrings are written for developers; editors read the Chinese titles and
    # descriptions of the fields instead.
    schema.pop("description", None)


class Part(BaseModel):
    """Common settings: unknown fields are errors, records never change after loading."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=False,
        json_schema_extra=_editor_facing_schema,
    )

    def __reduce__(self) -> tuple[Any, ...]:
        # Worker processes hand 100,000 records, and the parts inside them, to their parent.
        # pydantic pickles a model through __getstate__ and __setstate__, two calls in
        # Python and a dict of four entries each; a Part has no extra fields (forbidden) and
        # no private attributes, so its values and its set of fields written are all of it.
        return (_unpickled_part, (type(self), self.__dict__, self.__pydantic_fields_set__))


def _unpickled_part(cls: type[Part], values: dict[str, Any], fields_set: set[str]) -> Part:
    """A pickled Part, as pydantic's model_construct makes one: no validation again."""
    part = cls.__new__(cls)
    object.__setattr__(part, "__dict__", values)
    object.__setattr__(part, "__pydantic_fields_set__", fields_set)
    object.__setattr__(part, "__pydantic_extra__", None)
    object.__setattr__(part, "__pydantic_private__", None)
    return part


class Citation(Part):
    """Where a fact was published, with the words quoted where they help a reviewer."""

    source: SourceRef
    quote: LongText | None = Field(
        None,
        title="原文摘录",
        description="来源中支持本记录的原话，逐字照录。若来源附有全文，会核对这段话确实出现在原文中。",
    )
    locator: ShortText | None = Field(
        None, title="位置", description="在来源中的位置，如“第3版”“第5段”。"
    )


class Photo(Part):
    """A picture attached to a record, with the text a screen reader needs."""

    file: ImagePath = Field(
        title="图片文件",
        description=(
            "相对于 content/ 的路径，如 photos/li-gang.jpg。可用 JPEG、PNG、WebP、静态 GIF "
            "或不含脚本的 SVG，不超过 30 MB、6000 万像素。网站只发布自动缩小、去掉拍摄地点"
            "和相机信息后的图片，原图不会公开。"
        ),
    )
    caption: ShortText = Field(title="图片说明", description="图片下方显示的说明文字。")
    alt: ShortText = Field(
        title="替代文字",
        description="给看不见图片的读者的描述（读屏软件会朗读），说清图中是谁、在做什么。",
    )
    shows_identifiable_people: bool = Field(
        title="含可辨认人物",
        description="图中能否认出具体的人：true（能）或 false（不能）。",
    )
    consent: bool | None = Field(
        None,
        title="已获同意",
        description="图中可辨认的人是否同意公开：true 或 false。含可辨认人物时必填且须为 true。",
    )
    credit: ShortText | None = Field(None, title="摄影/版权", description="摄影者或版权方。")

    @model_validator(mode="after")
    def _consent_for_identifiable_people(self) -> Photo:
        if self.shows_identifiable_people and self.consent is not True:
            raise ValueError(
                "这张图片含可辨认的人物，但没有写 consent: true。"
                "请先取得图中人物同意再发布，并写上 consent: true；未获同意的图片请删除。"
            )
        return self


class Achievements(Part):
    """What an innovation studio reports it has achieved, with qualifiers as published."""

    site_visits: Annotated[QuantityText, Units(("次",), "50余次")] | None = Field(
        None, title="现场出诊", description="如“50余次”。"
    )
    consultations: Annotated[QuantityText, Units(("次", "人次"), "300次")] | None = Field(
        None, title="技术咨询", description="如“300次”。"
    )
    problems_solved: Annotated[QuantityText, Units(("个", "项"), "20多个")] | None = Field(
        None, title="攻克难题", description="如“20多个”。"
    )
    patents_granted: Annotated[QuantityText, Units(("项", "件"), "30余项")] | None = Field(
        None, title="获得专利", description="如“30余项”。"
    )
    patents_pending: Annotated[QuantityText, Units(("项", "件"), "40多项")] | None = Field(
        None, title="待批专利", description="如“40多项”。"
    )
    operation_methods: list[ShortText] | None = Field(
        None,
        title="先进操作法",
        description="总结形成并命名的先进操作法，每项一行。",
    )
    economic_benefit: MoneyText | None = Field(
        None, title="经济效益", description="可计算的直接经济效益，如“3000多万元”。"
    )
    other: list[ShortText] | None = Field(
        None,
        title="其他成果",
        description="无法归入上面各项的成果，照来源原话写，每项一行。",
    )


# --- records --------------------------------------------------------------------------


class Identified(Part):
    """Anything with an id that other records can name."""

    kind: ClassVar[RecordKind]
    # The fields that make two records "look like the same thing"; see checks.py.
    identity_fields: ClassVar[tuple[str, ...]] = ()

    id: RecordId

    def identity(self) -> tuple[str, ...] | None:
        """The values two duplicates would share; None for a kind that has none.

        A missing value counts as a value: two studios of the same name, neither with a
        unit, look like the same studio until an editor says otherwise.
        """
        if not self.identity_fields:
            return None
        return tuple(
            "" if getattr(self, name) is None else str(getattr(self, name))
            for name in self.identity_fields
        )


class Record(Identified):
    """Fields every record about the unions' work has: sources, notes, duplicate marks."""

    sources: list[Citation] = Field(
        min_length=1,
        title="来源",
        description="本记录所依据的来源，至少一条。",
    )
    notes: LongText | None = Field(
        None,
        title="编者注",
        description="编辑对本记录的说明，例如哪些信息是据上下文推断的。公开显示。",
    )
    not_duplicate_of: list[AnyRecordRef] | None = Field(
        None,
        title="并非重复",
        description="与本记录同名同单位、但确实是不同的记录的 id。写明后不再提示疑似重复。",
    )


class Source(Identified):
    """A publication that records cite: an article, a notice, a list of honours."""

    kind: ClassVar[RecordKind] = RecordKind.SOURCES
    identity_fields: ClassVar[tuple[str, ...]] = ("title", "published")

    title: ShortText = Field(title="标题", description="来源的完整标题，照原文写。")
    author: ShortText | None = Field(None, title="作者", description="如“本报记者 姜明”。")
    publisher: ShortText | None = Field(None, title="发布者", description="报社、网站或发文单位。")
    published: PartialDate | None = Field(
        None, title="发布日期", description="如 2013 或 2013-11-20。"
    )
    url: WebAddress | None = Field(
        None, title="网址", description="原文网址（http:// 或 https://）。"
    )
    full_text: RepositoryPath | None = Field(
        None,
        title="全文文件",
        description=(
            "原文全文的纯文本文件，相对于仓库根目录，如 data/sources/tianjin-2013.txt。"
            "写明后，每条引用的“原文摘录”都会与全文核对。"
        ),
    )
    notes: LongText | None = Field(None, title="编者注", description="关于这个来源的说明。")


class Organization(Record):
    """A union, an employer, a department or a team: anything that is not one person."""

    kind: ClassVar[RecordKind] = RecordKind.ORGANIZATIONS
    identity_fields: ClassVar[tuple[str, ...]] = ("name", "parent")

    name: ShortText = Field(title="名称", description="单位全称，照来源写。")
    short_names: list[ShortText] | None = Field(
        None,
        title="简称",
        description="来源或日常使用的简称，如“市总工会”“钢管公司”，每个一行。",
    )
    category: ShortText | None = Field(
        None, title="类别", description="如 工会、企业、机关、事业单位、部门、班组、项目部。"
    )
    parent: OrganizationWholeRef | None = Field(
        None, title="上级单位", description="所属的上级单位，如班组所属的公司"
    )
    district: ShortText | None = Field(None, title="所在区", description="如“南开区”。")
    industry: ShortText | None = Field(None, title="行业", description="如“电力”“石油”“医疗卫生”。")
    level: Level | None = Field(
        None,
        title="级别",
        description="单位本身的级别，如市总工会为省级（直辖市按省级计）。",
    )
    description: LongText | None = Field(
        None, title="简介", description="单位简介，可用 Markdown。"
    )
    photos: list[Photo] | None = Field(None, title="图片")


class Person(Record):
    """A model worker, a union official or anyone else a record names."""

    kind: ClassVar[RecordKind] = RecordKind.PEOPLE
    identity_fields: ClassVar[tuple[str, ...]] = ("name", "organization")

    name: ShortText = Field(title="姓名")
    organization: OrganizationRef | None = Field(None, title="所在单位", description="工作单位")
    position: ShortText | None = Field(
        None, title="职务/岗位", description="如“工会主席”“装配车间调整工”，照来源写。"
    )
    description: LongText | None = Field(
        None,
        title="简介",
        description="公开的事迹介绍，可用 Markdown。不得包含联系方式或证件号码。",
    )
    photos: list[Photo] | None = Field(None, title="图片")


class Studio(Record):
    """A model-worker innovation studio (劳模创新工作室) and what it achieved."""

    kind: ClassVar[RecordKind] = RecordKind.STUDIOS
    identity_fields: ClassVar[tuple[str, ...]] = ("name", "organization")

    name: ShortText = Field(title="名称", description="工作室名称，照来源写。")
    leader: PersonRef | None = Field(None, title="领衔劳模", description="领衔的劳动模范")
    organization: OrganizationRef | None = Field(
        None, title="所在单位", description="工作室所在单位"
    )
    district: ShortText | None = Field(None, title="所在区")
    industry: ShortText | None = Field(None, title="行业")
    level: Level | None = Field(None, title="级别", description="命名工作室的级别。")
    named: PartialDate | None = Field(None, title="命名时间", description="被命名的年份或日期。")
    founded: PartialDate | None = Field(None, title="成立时间", description="成立的年份或日期。")
    achievements: Achievements | None = Field(None, title="成果")
    featured: bool | None = Field(
        None,
        title="首页推荐",
        description="写 true 则在首页“推荐工作室”中展示；不写或写 false 则不展示。",
    )
    description: LongText | None = Field(
        None, title="简介", description="工作室介绍，可用 Markdown。"
    )
    photos: list[Photo] | None = Field(None, title="图片")


# The dates of an award, each saying what happened then; listings order by the first known.
AWARD_DATES = ("awarded", "announced", "presented")


class Award(Record):
    """One conferral of an honour on a person or a collective."""

    kind: ClassVar[RecordKind] = RecordKind.AWARDS
    identity_fields: ClassVar[tuple[str, ...]] = ("honour", "recipient", "awarded")

    honour: ShortText = Field(
        title="荣誉名称",
        description="如“工人先锋号”“全国劳动模范”“全国五一劳动奖章”“工会工作创新奖”，照来源写。",
    )
    level: Level | None = Field(
        None,
        title="级别",
        description="荣誉的级别。直辖市（如天津市）授予的荣誉为省级。",
    )
    conferred_by: OrganizationRef | None = Field(
        None, title="授予单位", description="授予荣誉的单位"
    )
    awarded: PartialDate | None = Field(
        None,
        title="授予时间",
        description="授予（评定、命名）荣誉的年份或日期，如 2013 或 2013-11-16。"
        "只知道名单公布或奖牌送达的日期时，请填 announced 或 presented。",
    )
    announced: PartialDate | None = Field(
        None, title="公布时间", description="表彰决定或获奖名单公布的年份或日期。"
    )
    presented: PartialDate | None = Field(
        None,
        title="授牌时间",
        description="奖牌、证书颁发或送到获得者手中的年份或日期，如现场授牌的日期。",
    )
    recipient: PersonOrOrganizationRef = Field(title="获得者", description="获得荣誉的个人或集体")
    status: AwardStatus | None = Field(
        None,
        title="状态",
        description="有效 或 已撤销，来源写明时才填；不写时网站不显示状态。撤销时须同时填写 revoked（撤销时间）。",
    )
    revoked: PartialDate | None = Field(None, title="撤销时间")
    programme: ShortText | None = Field(
        None,
        title="评选活动",
        description="评出该荣誉的竞赛或评选活动，如“天津市“五比一创”劳动竞赛”。",
    )
    citation: LongText | None = Field(None, title="事迹/表彰理由")

    @model_validator(mode="after")
    def _revocation_has_a_date(self) -> Award:
        if self.status is AwardStatus.REVOKED and self.revoked is None:
            raise ValueError("状态为“已撤销”时，请填写 revoked（撤销时间），如 revoked: 2015-03。")
        if self.status is not AwardStatus.REVOKED and self.revoked is not None:
            raise ValueError(
                "填写了撤销时间 revoked，但状态不是“已撤销”。请写 status: 已撤销，或删除 revoked。"
            )
        return self

    def dates(self) -> list[tuple[str, str]]:
        """The dates the record knows, as (field name, date), in the order of :data:`AWARD_DATES`."""
        return [(name, date) for name in AWARD_DATES if (date := getattr(self, name)) is not None]

    def first_date(self) -> str | None:
        """The date an award is ordered by: when it was conferred, else announced, else presented."""
        known = self.dates()
        return known[0][1] if known else None


class Project(Record):
    """A project: a piece of work, a funded project, one of the 十大示范工程 of a labour contest.

    Only a category says what kind of project it is (示范工程 only where the source says so).
    """

    kind: ClassVar[RecordKind] = RecordKind.PROJECTS
    identity_fields: ClassVar[tuple[str, ...]] = ("title", "owner")

    title: ShortText = Field(title="名称", description="项目名称，照来源写。")
    category: ShortText = Field(
        title="类别",
        description="如“特色亮点工作”“劳动竞赛示范工程”“项目带资金”“职工素质工程”。",
    )
    part_of: ProjectWholeRef | None = Field(
        None,
        title="所属项目",
        description="本项目所属的更大的项目或计划，如入选“十大示范工程”的单个工程",
    )
    owner: OrganizationRef | None = Field(
        None, title="承担单位", description="承担或实施项目的单位"
    )
    partners: list[OrganizationRef] | None = Field(
        None, title="合作单位", description="共同实施的单位，每个一行。"
    )
    district: ShortText | None = Field(None, title="所在区")
    industry: ShortText | None = Field(None, title="行业")
    level: Level | None = Field(None, title="级别")
    started: PartialDate | None = Field(None, title="开始时间")
    ended: PartialDate | None = Field(None, title="结束时间")
    funding: MoneyText | None = Field(
        None, title="资金", description="获得的资金支持，如“9.3万元”。"
    )
    funded_by: OrganizationRef | None = Field(None, title="出资单位", description="提供资金的单位")
    outcomes: list[ShortText] | None = Field(
        None, title="成果", description="项目取得的成果，照来源写，每项一行。"
    )
    records_set: list[ShortText] | None = Field(
        None, title="创造纪录", description="创造的纪录，照来源写，每项一行。"
    )
    description: LongText | None = Field(
        None, title="简介", description="项目介绍，可用 Markdown。"
    )
    photos: list[Photo] | None = Field(None, title="图片")

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Project:
        if self.started and self.ended and self.ended < self.started:
            raise ValueError(f"结束时间 {self.ended} 早于开始时间 {self.started}，请核对。")
        return self


class Figure(Record):
    """A figure the union reports (官方公布), kept apart from what the records add up to."""

    kind: ClassVar[RecordKind] = RecordKind.FIGURES
    identity_fields: ClassVar[tuple[str, ...]] = ("metric", "scope", "as_of", "period")

    metric: ShortText = Field(
        title="指标", description="统计的是什么，如“累计培训职工”“劳模创新工作室”。"
    )
    value: QuantityText = Field(
        title="数值",
        description="照原文写，连同“余”“多”“近”等限定词和单位，如“582.8万人次”“30余项”。",
    )
    scope: ShortText = Field(title="范围", description="统计范围，如“天津市”“天津市电力公司”。")
    about: AnyRecordRef | None = Field(None, title="相关记录", description="这个数字说的是哪条记录")
    as_of: PartialDate | None = Field(None, title="截至", description="数字截至的年份或日期。")
    period: ShortText | None = Field(
        None, title="统计期间", description="照原文写，如“近5年来”“今年上半年”。"
    )
    as_published: ShortText = Field(
        title="原文",
        description="公布这个数字的原话，逐字照录，须包含“数值”一栏的写法。",
    )
    counts_records: RecordKind | None = Field(
        None,
        title="对应记录",
        description="若这个数字是某类记录的总数（如全市劳模创新工作室数），写该类名称，如 studios。"
        "网站会把它与本站收录的记录数并列显示，而不是相互替代。",
    )

    @model_validator(mode="after")
    def _has_a_time(self) -> Figure:
        if self.as_of is None and self.period is None:
            raise ValueError("请至少填写 as_of（截至时间）或 period（统计期间）之一。")
        if self.value.text not in self.as_published:
            raise ValueError(
                f"数值“{self.value.text}”没有出现在原文“{self.as_published}”中。"
                "请照原文的写法填写数值，或核对原文。"
            )
        return self


class DataFile(Part):
    """One YAML file under data/: lists of records, each under the name of its kind."""

    model_config = ConfigDict(title="工会展示数据文件")

    sources: list[Source] = Field(default_factory=list, title="来源")
    organizations: list[Organization] = Field(default_factory=list, title="单位")
    people: list[Person] = Field(default_factory=list, title="人物")
    studios: list[Studio] = Field(default_factory=list, title="劳模创新工作室")
    awards: list[Award] = Field(default_factory=list, title="荣誉")
    projects: list[Project] = Field(default_factory=list, title="项目")
    figures: list[Figure] = Field(default_factory=list, title="官方公布数字")


AnyRecord = Source | Organization | Person | Studio | Award | Project | Figure


@functools.cache  # asked for every record loaded
def record_model(kind: RecordKind) -> type[AnyRecord]:
    """The model class of one kind of record, read off :class:`DataFile`."""
    (model,) = typing.get_args(DataFile.model_fields[kind.value].annotation)
    return typing.cast(type[AnyRecord], model)


def iter_references(
    model: type[BaseModel], raw: object, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str, RefTo]]:
    """Every reference in a record as written: where it is, the id, what it may name.

    It reads the raw mapping rather than a validated record, so that the references of a
    record with a mistake elsewhere are checked in the same pass.
    """
    # Collected into a list by plain calls, not yielded through a generator per part: the
    # checks read the references of 100,000 records.
    found: list[tuple[tuple[str | int, ...], str, RefTo]] = []
    _collect_references(model, raw, loc, found)
    return iter(found)


def _collect_references(
    model: type[BaseModel],
    raw: object,
    loc: tuple[str | int, ...],
    found: list[tuple[tuple[str | int, ...], str, RefTo]],
) -> None:
    if not isinstance(raw, dict):
        return
    for name, plan in _reference_plan(model):
        value = raw.get(name)
        if value is not None:
            _follow(plan, value, (*loc, name), found)


def references_resolve(
    model: type[BaseModel], raw: object, kind_of: Mapping[str, RecordKind]
) -> bool:
    """Whether every reference in a record as written names a record of a kind it may.

    What :func:`iter_references` finds, without the places: nearly every record's
    references are right, and only a record with one that is not needs them.
    """
    if not isinstance(raw, dict):
        return True
    for name, plan in _reference_plan(model):
        value = raw.get(name)
        if value is not None and not _resolves(plan, value, kind_of):
            return False
    return True


def _resolves(plan: _ReferencePlan, value: object, kind_of: Mapping[str, RecordKind]) -> bool:
    if plan.marker is not None:
        return not isinstance(value, str) or kind_of.get(value) in plan.marker.kinds
    if plan.model is not None:
        return references_resolve(plan.model, value, kind_of)
    if plan.items is not None and isinstance(value, list):
        return all(_resolves(plan.items, item, kind_of) for item in value)
    return True


def annotation_parts(annotation: Any) -> Iterator[Any]:
    """The annotation and everything inside it, outside in: types and metadata alike.

    ``Annotated[Quantity, BeforeValidator(f)] | None`` holds the union, the ``Annotated``,
    Quantity, the validator and None; a ``Field(…)`` among the metadata adds its own.
    """
    yield annotation
    if isinstance(annotation, FieldInfo):
        for item in annotation.metadata:
            yield from annotation_parts(item)
    for argument in typing.get_args(annotation):
        yield from annotation_parts(argument)


def bare_annotation(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under ``| None`` and ``Annotated``, and the metadata taken off on the way.

    ``Annotated[str, RefTo(…)] | None`` gives ``(str, [RefTo(…)])``; a union of two types
    other than None is a type of its own and stays as it is.
    """
    metadata: list[Any] = []
    while True:
        if typing.get_origin(annotation) is Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata += extra
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation, metadata
            annotation = options[0]
        else:
            return annotation, metadata


def model_inside(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, if any: ``Achievements | None`` and ``list[Citation]`` too."""
    return next(
        (
            part
            for part in annotation_parts(annotation)
            if isinstance(part, type) and issubclass(part, BaseModel)
        ),
        None,
    )


def whole_field(kind: RecordKind) -> str | None:
    """The field of ``kind`` naming a record of the same kind that it is part of, if any."""
    for name, info in record_model(kind).model_fields.items():
        for marker in _markers_in(info.annotation, info.metadata):
            if marker.whole and marker.kinds == (kind,):
                return name
    return None


def _markers_in(annotation: Any, metadata: list[Any]) -> Iterator[RefTo]:
    yield from (marker for marker in metadata if isinstance(marker, RefTo))
    for option in typing.get_args(annotation):
        yield from _markers_in(option, list(getattr(option, "__metadata__", ())))


def kind_title(kind: RecordKind) -> str:
    """The Chinese name of a kind of record, e.g. 劳模创新工作室, as the data file titles it."""
    return DataFile.model_fields[kind.value].title or kind.value


def field_title(model: type[BaseModel], path: str) -> str:
    """The Chinese title of a field, also of a part's: ``achievements.patents_granted``."""
    *parents, name = path.split(".")
    for parent in parents:
        inner = model_inside(model.model_fields[parent].annotation)
        if inner is None:
            raise ValueError(f"{model.__name__}.{parent} has no fields")
        model = inner
    return model.model_fields[name].title or name


@functools.cache
def reference_field_names(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that hold ids of other records, directly or as a list."""
    return frozenset(
        name
        for name, plan in _reference_plan(model)
        if plan.marker is not None or (plan.items is not None and plan.items.marker is not None)
    )


@dataclass(frozen=True)
class _ReferencePlan:
    """Where references sit inside one field: worked out once per model, not per record."""

    marker: RefTo | None = None  # the value is a reference
    model: type[BaseModel] | None = None  # the value is a part with references inside
    items: _ReferencePlan | None = None  # the value is a list of such values


@functools.cache
def _reference_plan(model: type[BaseModel]) -> tuple[tuple[str, _ReferencePlan], ...]:
    plans = ((name, _plan_for(f.annotation, f.metadata)) for name, f in model.model_fields.items())
    return tuple((name, plan) for name, plan in plans if plan is not None)


def _plan_for(annotation: Any, metadata: list[Any]) -> _ReferencePlan | None:
    for marker in metadata:
        if isinstance(marker, RefTo):
            return _ReferencePlan(marker=marker)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _ReferencePlan(model=annotation) if _reference_plan(annotation) else None
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        inner = _plan_for(*bare_annotation(item))
        return _ReferencePlan(items=inner) if inner else None
    if origin in (typing.Union, types.UnionType):
        # `PersonRef | None` or `Achievements | None`: look into the option that is not None.
        for option in typing.get_args(annotation):
            plan = _plan_for(*bare_annotation(option))
            if plan is not None:
                return plan
    return None


def _follow(
    plan: _ReferencePlan,
    value: object,
    loc: tuple[str | int, ...],
    found: list[tuple[tuple[str | int, ...], str, RefTo]],
) -> None:
    if plan.marker is not None:
        if isinstance(value, str):
            found.append((loc, value, plan.marker))
    elif plan.model is not None:
        _collect_references(plan.model, value, loc, found)
    elif plan.items is not None and isinstance(value, list):
        for index, item in enumerate(value):
            _follow(plan.items, item, (*loc, index), found)
