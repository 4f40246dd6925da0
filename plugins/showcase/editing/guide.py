"""The editors' guide, CONTRIBUTING.md: a hand-written template plus what the code knows.

``guide_template.md`` beside this module holds the prose, written by hand in Chinese. Its
placeholder lines (``<!-- guide:fields -->`` …) are replaced with parts generated here:

- the field reference, from the data model (:func:`showcase.editing.skeleton.field_docs`);
- blank records to copy, from :func:`showcase.editing.skeleton.skeleton_lines`;
- one entry per diagnostic code, whose example message is produced by running the real
  checks on a small example tree, so that it is always what ``showcase validate`` prints;
- the marker syntax for hand-written pages: the Chinese part of :mod:`showcase.site.markers`'
  docstring.

``showcase guide`` writes the file, ``showcase guide --check`` (and a test) fail when the
committed file is stale.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from pydantic import BaseModel

import showcase.site.markers
from showcase.editing.skeleton import (
    KINDS_BY_NAME,
    FieldDoc,
    Layout,
    field_docs,
    fresh_id,
    skeleton_lines,
)
from showcase.records.diagnostics import Category, Diagnostic
from showcase.records.errors import ShowcaseError
from showcase.records.schema import DataFile, RecordKind, record_model
from showcase.records.validation import sorted_diagnostics
from showcase.records.yamlsource import load_yaml
from showcase.site.layout import validate_site

GUIDE_PATH = Path("CONTRIBUTING.md")
TEMPLATE_PATH = Path(__file__).with_name("guide_template.md")
# The source the blank records in the guide cite: the one article of the first dataset.
EXAMPLE_SOURCE_ID = "tj-unions-article-2013"
_PLACEHOLDER = re.compile(r"^<!-- guide:([a-z-]+)(?: ([a-z-]+))? -->$", re.MULTILINE)
_HEADER = (
    "<!-- 本文件由 `showcase guide` 生成，请勿直接修改：手写的文字在 "
    "plugins/showcase/editing/guide_template.md，字段说明来自 plugins/showcase/records/schema.py，"
    "错误说明来自 plugins/showcase/editing/guide.py。改完后运行 `showcase guide` 重新生成。 -->\n\n"
)


class GuideError(ShowcaseError):
    """The guide cannot be generated: a placeholder or an example is wrong."""


# --- what each diagnostic means ---------------------------------------------------------


@dataclass(frozen=True)
class ErrorHelp:
    """One diagnostic code: what it means, how to fix it, and files that produce it."""

    code: str
    title: str
    advice: str
    # Files written over the example tree; the first is shown in the guide unless hidden.
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    show_input: bool = True
    # For the few problems that files alone cannot show: prepares the tree, or checks it.
    prepare: Callable[[Path], None] | None = None
    diagnose: Callable[[Path], Sequence[Diagnostic]] | None = None


_BASE_TREE: dict[str, str | bytes] = {
    "data/sources.yaml": """\
sources:
  - id: article-2013
    title: 天津工会创造性开展工作探寻
    published: "2013"
    full_text: data/sources/article-2013.txt
""",
    "data/sources/article-2013.txt": (
        "成立一年间，该工作室现场“出诊”50余次，提供技术咨询300次，攻克电气设备疑难问题20多个。\n"
    ),
    "data/people.yaml": """\
people:
  - id: li-gang
    name: 李刚
    sources:
      - source: article-2013
""",
    "data/organizations.yaml": """\
organizations:
  - id: tj-steel-pipe
    name: 天津钢管公司
    sources:
      - source: article-2013
""",
}
_STUDIO = """\
studios:
  - id: steel-studio
    name: 天津钢管公司劳模创新工作室
    leader: li-gang
    sources:
      - source: article-2013
"""
_STUDIOS = "data/studios.yaml"
# The example studio as the one record of a file in the record folder data/studios/.
_FOLDER_STUDIO = "\n".join(line[4:] for line in _STUDIO.split("\n")[1:])


def _studio(old: str, new: str) -> str:
    """The example studio with one piece of text changed."""
    assert old in _STUDIO, old
    return _STUDIO.replace(old, new, 1)


def _make_symlink(root: Path) -> None:
    (root / "studios-elsewhere.txt").write_text(_STUDIO, encoding="utf-8")
    (root / _STUDIOS).symlink_to(Path("../studios-elsewhere.txt"))


def _link_out_of_the_repository(root: Path) -> None:
    (root / "data/sources/notes.txt").symlink_to("/etc/passwd")


def _link_to_its_own_folder(root: Path) -> None:
    (root / "data/sources/again").symlink_to(".")


def _make_huge_file(root: Path) -> None:
    # A sparse file: it claims 100 MB without using the disk.
    with (root / _STUDIOS).open("wb") as huge:
        huge.truncate(100 * 1024 * 1024)


_PHOTO = "content/photos/team.jpg"


def _photo_studio(file: str, *, alt: str = "工作室成员在车间讨论技术方案") -> str:
    """The example studio with one photo."""
    return _studio(
        "    sources:",
        f"    photos:\n      - file: {file}\n        caption: 工作室成员\n        alt: {alt}\n"
        "        shows_identifiable_people: false\n    sources:",
    )


def _picture_bytes(format_name: str, *, frames: int = 1) -> bytes:
    """A small picture in ``format_name``; with several frames, an animation."""
    pictures = [Image.new("RGB", (40, 30), colour) for colour in ("red", "blue")[:frames]]
    buffer = io.BytesIO()
    pictures[0].save(buffer, format_name, save_all=frames > 1, append_images=pictures[1:])
    return buffer.getvalue()


def _make_huge_photo(root: Path) -> None:
    # A sparse file: 31 MB on paper, nothing on the disk; the size is checked before reading.
    path = root / _PHOTO
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as huge:
        huge.truncate(31 * 1024 * 1024)


def _unreadable(root: Path) -> Sequence[Diagnostic]:
    folder = root / _STUDIOS
    folder.mkdir()
    return load_yaml(folder, _STUDIOS).diagnostics


def _warnings(root: Path) -> Sequence[Diagnostic]:
    return validate_site([root / "data"], root).warnings


_DEEP = "[" * 34 + "工作室" + "]" * 34

ERRORS: tuple[ErrorHelp, ...] = (
    # --- the file as a whole
    ErrorHelp(
        "symlink",
        "数据文件是符号链接",
        "数据文件必须是普通文件。符号链接（快捷方式）可能让检查程序读取并公开仓库以外的文件，"
        "所以不允许。请删掉链接，把记录直接写进 data/ 下的文件。",
        show_input=False,
        prepare=_make_symlink,
    ),
    ErrorHelp(
        "link-outside",
        "符号链接指向仓库以外",
        "data/、content/ 和 overrides/ 下的符号链接只能指向仓库里的文件，不能指向仓库以外"
        "（如 /etc/passwd、别的文件夹）或 .git 文件夹：生成网站时会把链接指向的内容一起公开，"
        "在 CI 上就是运行环境里的文件和密钥。来源全文（full_text）经链接指向 data/sources/ 以外"
        "也算这个问题。请删掉链接，把文件本身放进仓库。content/ 和 overrides/ 下的这类链接由"
        "生成网站时报告。",
        show_input=False,
        prepare=_link_out_of_the_repository,
    ),
    ErrorHelp(
        "link-loop",
        "符号链接形成循环",
        "符号链接指向它自己、它所在的文件夹或上层文件夹，或者几个链接互相指向，"
        "顺着链接永远走不到头。请删掉这个链接。",
        show_input=False,
        prepare=_link_to_its_own_folder,
    ),
    ErrorHelp(
        "file-too-large",
        "文件太大",
        "一个数据文件不能超过 64 MB。请把记录分到几个文件中，例如按年份或按区分开；"
        "任何文件都可以放任何一类记录。",
        show_input=False,
        prepare=_make_huge_file,
    ),
    ErrorHelp(
        "unreadable",
        "无法读取文件",
        "检查程序打不开这个文件，例如它其实是一个文件夹，或者没有读取权限。"
        "请确认文件存在、是普通的文本文件。",
        show_input=False,
        diagnose=_unreadable,
    ),
    ErrorHelp(
        "empty-file",
        "文件是空的",
        "文件里没有任何记录（或者只有注释）。请写入记录，或者删除这个文件。",
        files={_STUDIOS: "# 劳模创新工作室\n"},
    ),
    ErrorHelp(
        "bom",
        "文件开头有 BOM",
        "Windows 的记事本等软件保存“UTF-8”时，会在文件开头加上看不见的 BOM 标记。"
        "请用 VS Code 等编辑器打开，在右下角把编码改为“UTF-8”（不带 BOM）后保存。"
        "在 GitHub 网页上编辑不会出现这个问题。",
        files={_STUDIOS: b"\xef\xbb\xbf" + _STUDIO.encode("utf-8")},
        show_input=False,
    ),
    ErrorHelp(
        "not-utf8",
        "文件不是 UTF-8 编码",
        "文件是用 GBK（GB2312）等旧编码保存的。请用“UTF-8”编码重新保存，"
        "然后检查报告的那一行，中文有没有变成乱码。",
        files={_STUDIOS: _STUDIO.encode("gbk")},
        show_input=False,
    ),
    ErrorHelp(
        "crlf",
        "Windows 换行符",
        "文件用的是 Windows 的换行符（CRLF）。请在编辑器里把换行符改为“LF”后保存"
        "（VS Code：点右下角的“CRLF”，选“LF”）。",
        files={_STUDIOS: _STUDIO.replace("\n", "\r\n").encode("utf-8")},
        show_input=False,
    ),
    ErrorHelp(
        "cut-short",
        "文件可能被截断了（警告）",
        "这是警告，本身不会让检查失败，但请核对：文件在最后一条记录的中间结束（缺少必填字段），"
        "或者最后一行没有换行符，像是粘贴或保存时丢了结尾。截断处后面的记录会悄悄消失。"
        "请和原来的版本比较（运行 `showcase diff origin/main`，或看拉取请求里的“删除记录”），"
        "把丢失的内容补回来；确认无误后，在文件末尾加一个换行。",
        files={_STUDIOS: _STUDIO + "  - id: steel-studio-2\n    name: 钢管公司第二工作"},
        diagnose=_warnings,
    ),
    # --- YAML syntax
    ErrorHelp(
        "tab-indent",
        "用了 Tab 缩进",
        "YAML 只能用空格缩进，不能用 Tab 键。请把行首的 Tab 换成空格：同一条记录的字段"
        "比“- ”多缩进两格。",
        files={_STUDIOS: _studio("    leader:", "\tleader:")},
        show_input=False,
    ),
    ErrorHelp(
        "fullwidth-colon",
        "字段名后是中文冒号",
        "字段名和值之间要用英文冒号“:”，冒号后再空一格。中文输入法下打出的“：”不算。",
        files={_STUDIOS: _studio("    name: ", "    name：")},
    ),
    ErrorHelp(
        "yaml-syntax",
        "YAML 语法错误",
        "文件的格式不对，检查程序读不懂。最常见的原因：值里有“: ”（冒号加空格），"
        "缩进没有对齐，或者引号没有成对。按信息里的说明改正报告的那一行或它的上一行；"
        '值里有冒号时，把整个值用英文双引号括起来，如 name: "主题：创新"。',
        files={_STUDIOS: _studio("天津钢管公司劳模创新工作室", "创新工作室: 天津钢管公司")},
    ),
    ErrorHelp(
        "unclosed-quote",
        "引号没有闭合",
        "值以英文引号（\" 或 '）开头，却没有在行末写上配对的引号，于是后面几行（常常连同别的字段）"
        "都被当成了这个值。信息里的行号就是开头引号所在的行：在那一行的值末尾补上同样的引号；"
        "值里没有“: ”和“#”时，其实不需要引号，也可以把开头的引号删掉。",
        files={
            _STUDIOS: _studio(
                "name: 天津钢管公司劳模创新工作室", 'name: "天津钢管公司劳模创新工作室'
            )
        },
    ),
    ErrorHelp(
        "unclosed-bracket",
        "括号没有闭合",
        "用方括号 [ ] 写列表、用花括号 { } 写字段时，开头的括号要有配对的结尾括号，各项之间用英文逗号分开。"
        "信息里的行号是开头括号所在的行。不熟悉这种写法时，可以改成每项一行、以“- ”开头的写法。",
        files={
            _STUDIOS: _studio(
                "    sources:\n      - source: article-2013\n",
                "    sources: [{source: article-2013}\n",
            )
        },
    ),
    ErrorHelp(
        "curly-quotes",
        "用中文引号括住了整个值",
        "YAML 只认英文引号。用中文引号“”或‘’括住的值，引号会成为名称的一部分，在网站上显示出来，"
        "同名的记录也对不上。一般不需要引号，直接删掉即可；值里有“: ”或“#”时改用英文引号；"
        '原文的名称本来就带着中文引号时，在外面再加一层英文引号，如 name: "“五比一创”"。',
        files={
            _STUDIOS: _studio(
                "name: 天津钢管公司劳模创新工作室", "name: “天津钢管公司劳模创新工作室”"
            )
        },
    ),
    ErrorHelp(
        "field-in-text",
        "字段被缩进进了上面的文字里",
        "用 | 或 > 写的多行文字，到缩进变回字段那一级为止。下一个字段（如 notes:、sources:）"
        "如果多缩进了，就会成为上面那段文字的一部分，和文字一起公开发布，而它本身的内容不见了。"
        "请把这一行和它下面的内容往左移，与上面的字段对齐；如果它确实是正文的一句话，"
        "请把英文冒号换成中文冒号“：”。",
        files={
            _STUDIOS: _studio(
                "    leader: li-gang\n",
                "    leader: li-gang\n    description: |-\n      工作室成立于2012年。\n"
                "      notes: |-\n        成立年份是据上下文推断的。\n",
            )
        },
    ),
    ErrorHelp(
        "yaml-tag",
        "用了 YAML 标签",
        "以“!”开头的标签（如 !!python/object）可以让程序执行别的操作，所以一律不允许。"
        "请删掉标签，直接写值。",
        files={_STUDIOS: _studio("name: ", "name: !!python/object ")},
    ),
    ErrorHelp(
        "yaml-alias",
        "用了锚点、别名或合并",
        "YAML 可以用 &名字 标记一段内容，再用 *名字 或 <<: 在别处引用。这种写法容易出错，"
        "也可能被用来制造巨大的文件，本项目不支持。请把内容直接写出来。",
        files={
            _STUDIOS: _studio("    leader: li-gang\n", "    leader: &boss li-gang\n")
            + "  - id: steel-studio-2\n    name: 钢管公司第二工作室\n    leader: *boss\n"
            "    sources:\n      - source: article-2013\n"
        },
    ),
    ErrorHelp(
        "too-deep",
        "嵌套太深",
        "列表套列表、字段套字段的层数太多了，数据文件用不到这么深的结构。多半是缩进或括号写错了，"
        "请对照其他记录检查。",
        files={
            _STUDIOS: _studio("    leader: li-gang\n", f"    achievements:\n      other: {_DEEP}\n")
        },
    ),
    ErrorHelp(
        "bad-key",
        "字段名写错了格式",
        "字段名必须是一个简单的英文词，如 name、leader，不能用括号或引号把它变成列表。",
        files={_STUDIOS: _studio("    leader:", "    [leader]:")},
    ),
    ErrorHelp(
        "duplicate-key",
        "同一个字段写了两次",
        "同一条记录里一个字段只能写一次。YAML 只会保留后一个，前一个会悄悄丢失。"
        "请删掉多余的一行，或者把两处的内容合并。",
        files={_STUDIOS: _studio("    leader:", "    name: 钢管公司劳模创新工作室\n    leader:")},
    ),
    # --- lists, records and fields
    ErrorHelp(
        "top-level",
        "文件最外层不对",
        "数据文件的最外层必须是几个列表名（如 studios:、awards:），每个列表名下面才是以“- ”"
        "开头的记录。常见原因是漏写了第一行的列表名。",
        files={_STUDIOS: _STUDIO.split("\n", 1)[1].replace("\n  ", "\n")[2:]},
    ),
    ErrorHelp(
        "unknown-list",
        "未知的列表名",
        "列表名只能是 sources、organizations、people、studios、awards、projects、figures"
        "之一（英文、复数）。请按提示改正拼写。",
        files={_STUDIOS: _STUDIO.replace("studios:", "studio:", 1)},
    ),
    ErrorHelp(
        "not-a-list",
        "列表名下面不是列表",
        "列表名下面应是若干条记录，每条以“- ”开头、下一行起写字段。请照其他文件的样子改写。",
        files={_STUDIOS: "studios: 天津钢管公司劳模创新工作室\n"},
    ),
    ErrorHelp(
        "not-a-record",
        "记录不是“字段: 值”",
        "“- ”后面应是一条记录的字段，如“- id: steel-studio”，下一行起写 name: 等。"
        "常见原因是漏写了字段名，或冒号后面没有空格。",
        files={_STUDIOS: "studios:\n  - 天津钢管公司劳模创新工作室\n"},
    ),
    ErrorHelp(
        "folder-file-shape",
        "记录文件里写了列表",
        "记录文件夹（如 data/studios/）里的每个文件只写一条记录：字段从第一列写起，"
        "不写“studios:”，也不加“- ”，种类由文件夹决定，文件名就是编号。要在一个文件里写多条记录，"
        "请用列表文件（如 data/studios.yaml）。",
        files={"data/studios/steel-studio.yaml": _STUDIO},
    ),
    ErrorHelp(
        "id-file-name",
        "文件名与编号不一致",
        "记录文件夹里的文件以记录的编号命名：编号 steel-studio 的工作室写在 "
        "data/studios/steel-studio.yaml 里。请把文件改名，或改正编号（改编号时，"
        "别的记录里引用它的地方也要一起改）。",
        files={"data/studios/steel.yaml": _FOLDER_STUDIO},
    ),
    ErrorHelp(
        "folder-nested",
        "记录文件夹里有子文件夹",
        "记录文件夹（如 data/studios/）里只放记录文件，不能再建子文件夹：子文件夹里的文件"
        "不会被读入。请把文件移到记录文件夹下，或把其中的记录写进列表文件。",
        files={"data/studios/2024/steel-studio.yaml": _FOLDER_STUDIO},
    ),
    ErrorHelp(
        "folder-file-name",
        "记录文件的扩展名不对",
        "记录文件的扩展名是小写的 .yaml（.yml 也可以）。写成 .YAML 等大写时文件不会被读入，"
        "请改名。记录文件夹里的其他文件（如说明用的 README.md）不会被读入，也不会报错。",
        files={"data/studios/steel-studio.YAML": _FOLDER_STUDIO},
    ),
    ErrorHelp(
        "unknown-field",
        "未知字段",
        "这一类记录没有这个字段。多半是拼错了（信息里会提示最接近的字段名），"
        "或者把字段名写成了中文。字段名一律用英文，见上面的“字段说明”。",
        files={_STUDIOS: _studio("    leader:", "    leadr:")},
    ),
    ErrorHelp(
        "missing-field",
        "缺少必填字段",
        "这一类记录必须有这个字段（见“字段说明”中标为“必填”的字段）。请补上这一行。",
        files={_STUDIOS: _studio("    name: 天津钢管公司劳模创新工作室\n", "")},
    ),
    ErrorHelp(
        "wrong-type",
        "值的种类不对",
        "这个字段需要的是另一种值：例如应写成列表（每项一行，以“- ”开头），却写成了一段文字。"
        "请按信息改写格式。",
        files={
            _STUDIOS: _studio(
                "    leader: li-gang\n",
                "    leader: li-gang\n    achievements:\n      other: 多次获得企业科技成果奖\n",
            )
        },
    ),
    ErrorHelp(
        "empty",
        "太短或是空的",
        "这个值不能是空的，也不能太短（例如编号至少两个字符）；字段名的冒号后面什么也没写也算空。"
        "请填写完整；不需要的可选字段请整行删除。",
        files={_STUDIOS: _studio("id: steel-studio", "id: s")},
    ),
    ErrorHelp(
        "too-long",
        "太长",
        "这个值超过了长度上限：编号最多 64 个字符，名称等一行的文字最多 300 字。"
        "请改短；较长的介绍请写进 description（简介）。",
        files={
            _STUDIOS: _studio("id: steel-studio", "id: " + "-".join(["tianjin-steel-pipe"] * 4))
        },
    ),
    ErrorHelp(
        "too-few",
        "列表里的项太少",
        "这个列表至少要有几项，例如每条记录至少要有一个来源（sources）。请补上。",
        files={
            _STUDIOS: _studio("    sources:\n      - source: article-2013\n", "    sources: []\n")
        },
    ),
    ErrorHelp(
        "bad-id",
        "编号的写法不对",
        "编号（id）和引用别的记录时写的编号，只能用小写英文字母、数字和连字符“-”，"
        "不能有空格、中文、大写字母或下划线，如 tj-steel-pipe-studio。",
        files={_STUDIOS: _studio("id: steel-studio", "id: Steel_Studio")},
    ),
    ErrorHelp(
        "not-allowed",
        "不是可选的值",
        "这个字段只能从几个固定的值中选一个（见“字段说明”），如级别只能写"
        "全国级、省级、市级、区县级、街道乡镇级、企业级。请照信息中列出的写法改正。",
        files={
            _STUDIOS: _studio("    leader: li-gang\n", "    leader: li-gang\n    level: 国家级\n")
        },
    ),
    ErrorHelp(
        "not-yes-no",
        "不是 true 或 false",
        "是/否字段（如 featured 首页推荐、consent 已获同意）只能写 true（是）或 false（否），"
        "不能写“是”“否”“有”。",
        files={
            _STUDIOS: _studio("    leader: li-gang\n", "    leader: li-gang\n    featured: 是\n")
        },
    ),
    ErrorHelp(
        "invalid-value",
        "值不符合要求",
        "值的内容不对：例如日期不存在或写法不对、数量读不懂、网址不完整、图片路径不对，"
        "或者几项之间互相矛盾（如已撤销的荣誉没写撤销时间）。信息里会说明具体原因和正确写法。",
        files={
            _STUDIOS: _studio(
                "    leader: li-gang\n", "    leader: li-gang\n    founded: 2013-02-30\n"
            )
        },
    ),
    ErrorHelp(
        "bad-quantity",
        "数量的写法不对",
        "数量照报道的写法写：阿拉伯数字，连同“余”“多”“近”“约”“逾”“以上”“左右”等字和汉字单位，"
        "如“50余次”“近百个”“582.8万人次”“96.3%”；数字和字之间可以有空格。"
        "“+”“>”这类符号、英文字母（常见的是把 0 打成字母 O）、中文数字（五十）、范围（200~300）"
        "都读不准，一律不收。信息里会给出应当写成的样子，核对原文后照改。",
        files={
            _STUDIOS: _studio(
                "    leader: li-gang\n",
                "    leader: li-gang\n    achievements:\n      site_visits: 50+次\n",
            )
        },
    ),
    ErrorHelp(
        "wrong-unit",
        "单位不对",
        "有些数量只能用几个固定的单位（见“字段说明”），如获得专利写“项”或“件”、金额写“元”"
        "（可写“万元”“亿元”），也不能不写单位。这样网站才能把各条记录的数量相加。"
        "请照原文核对：原文用了别的说法时，把数字换算成这里的单位，并在 notes 里说明。",
        files={
            _STUDIOS: _studio(
                "    leader: li-gang\n",
                "    leader: li-gang\n    achievements:\n      patents_granted: 30余个\n",
            )
        },
    ),
    ErrorHelp(
        "units-differ",
        "同一项数量的单位不一致",
        "网站会把各条记录的同一项数量相加（见“数字汇总”页），30项和5件加不到一起。"
        "同一类记录的这一项要用同一个单位：信息里会说明多数记录用的是哪个单位，"
        "请把少数几条改成它（或者反过来，把多数改成少数的单位）。",
        files={
            _STUDIOS: _studio(
                "    leader: li-gang\n",
                "    leader: li-gang\n    achievements:\n      patents_granted: 30余项\n",
            )
            + "  - id: pipe-studio\n    name: 钢管公司第二工作室\n    achievements:\n"
            "      patents_granted: 5件\n    sources:\n      - source: article-2013\n"
        },
    ),
    ErrorHelp(
        "invisible-character",
        "有看不见的字符",
        "从网页或 Word 复制的文字常常夹带看不见的字符（如零宽空格），会让同样的名字被当成两个。"
        "请删掉整个值，用键盘重新输入。",
        files={_STUDIOS: _studio("天津钢管公司劳模", "天津钢管公司\u200b劳模")},
        show_input=False,
    ),
    # --- references between records
    ErrorHelp(
        "unknown-reference",
        "找不到引用的记录",
        "这里写的编号在所有数据文件中都找不到。请核对拼写（信息里会提示最接近的编号），"
        "或者先添加被引用的那条记录（如先在 data/people.yaml 中添加人物）。",
        files={_STUDIOS: _studio("leader: li-gang", "leader: li-gnag")},
    ),
    ErrorHelp(
        "wrong-reference",
        "引用的记录种类不对",
        "编号找到了，但那条记录的种类不对，例如“领衔劳模”应写人物的编号，却写了单位的编号。"
        "请换成正确种类的记录的编号。",
        files={_STUDIOS: _studio("leader: li-gang", "leader: tj-steel-pipe")},
    ),
    ErrorHelp(
        "cycle",
        "上下级形成了循环",
        "单位的“上级单位”（或项目的“所属项目”）一级一级往上，最后又回到了自己。"
        "请检查 parent 或 part_of，最上面的一级不写上级。",
        files={
            "data/organizations.yaml": """\
organizations:
  - id: tj-steel-pipe
    name: 天津钢管公司
    parent: steel-pipe-processing
    sources:
      - source: article-2013
  - id: steel-pipe-processing
    name: 管加工部
    parent: tj-steel-pipe
    sources:
      - source: article-2013
"""
        },
    ),
    # --- duplicates
    ErrorHelp(
        "duplicate-id",
        "编号重复",
        "每条记录的编号在所有数据文件中都必须是唯一的，不同种类的记录也不能重复。"
        "复制一条记录后忘了改编号，是最常见的原因。请给新记录换一个编号。",
        files={_STUDIOS: _studio("id: steel-studio", "id: li-gang")},
    ),
    ErrorHelp(
        "look-alike",
        "疑似重复的记录",
        "两条记录的关键字段（如工作室的名称和所在单位）完全相同，看起来是同一件事录了两次。"
        "如果是重复的，请删掉一条；如果确实是两条不同的记录，请按信息在其中一条加上 "
        "not_duplicate_of。",
        files={
            _STUDIOS: _STUDIO
            + "  - id: steel-studio-2\n    name: 天津钢管公司劳模创新工作室\n    leader: li-gang\n"
            "    sources:\n      - source: article-2013\n"
        },
    ),
    # --- addresses on the site
    ErrorHelp(
        "reserved-id",
        "编号是网站保留的名字",
        "记录的编号就是它的网页的文件名（如 studios/steel-studio.html），所以有些编号不能用："
        "列表页的名字 index、page-2、page-3……，排序页的名字 sort-name、sort-year、sort-level"
        "（及其分页，如 sort-year-page-2）；分类页的名字，如工作室的 district、industry、"
        "level、year；以及 Windows 保留的 con、nul、aux、prn、com1、lpt1 等"
        "（离线版在 Windows 电脑上会无法解压）。请换一个编号，如在后面加上单位或年份。",
        files={_STUDIOS: _studio("id: steel-studio", "id: index")},
    ),
    ErrorHelp(
        "facet-clash",
        "分类的值只差大小写",
        "所在区、行业、类别等字段的值会成为分类列表的网址。两个值只差大小写（如 Nankai 和 "
        "NANKAI）时，网址相同，两份列表会互相覆盖。如果是同一个值，请统一写法（信息里给出"
        "最常用的写法）；如果确实不同，请改用能区分的写法。",
        files={
            _STUDIOS: _studio(
                "    leader: li-gang\n", "    leader: li-gang\n    district: Binhai\n"
            )
            + "  - id: port-studio\n    name: 天津港劳模创新工作室\n    district: BINHAI\n"
            "    sources:\n      - source: article-2013\n"
        },
    ),
    ErrorHelp(
        "content-clash",
        "与手写页面的网址相同",
        "content/ 里的手写页面，与这条记录的网页（或这个分类值的列表页）会写到同一个网址，"
        "其中一个会被覆盖，如下面的记录遇上手写页面 content/studios/steel-studio.md。"
        "大小写不同也算相同，因为 Windows 和 macOS 不区分大小写。"
        "请给记录换一个编号，或者把手写页面改名或移走。",
        files={_STUDIOS: _STUDIO, "content/studios/steel-studio.md": "# 钢管工作室\n"},
    ),
    # --- sources
    ErrorHelp(
        "quote-not-in-source",
        "摘录在原文中找不到",
        "原文摘录（quote）和官方公布数字的原文（as_published）必须逐字照抄来源的全文，"
        "标点也要一样（换行和空格不算）。请打开来源的全文文件（data/sources/ 下）复制原话，"
        "不要改写、缩写或把几句拼在一起；要引几处，就写几条来源。",
        files={
            _STUDIOS: _studio(
                "      - source: article-2013\n",
                "      - source: article-2013\n        quote: 工作室一年出诊50多次\n",
            )
        },
    ),
    ErrorHelp(
        "full-text-outside",
        "全文文件不在 data/sources/ 里",
        "来源的全文文件（full_text）只能放在 data/sources/ 文件夹里。摘录会与全文逐字核对，"
        "如果全文可以是仓库里的任何文件（比如 .git/config），核对的结果就会泄露那个文件的内容。"
        "请把全文存为 data/sources/ 下的 UTF-8 纯文本文件，再写它的路径。",
        files={
            "data/sources.yaml": """\
sources:
  - id: article-2013
    title: 天津工会创造性开展工作探寻
    full_text: .git/config
"""
        },
    ),
    ErrorHelp(
        "missing-file",
        "找不到文件",
        "记录里写的图片（photos 的 file）或来源全文（full_text）的文件不存在。"
        "请先把文件放到信息里说的位置（图片放在 content/ 下），或者改正路径。",
        files={
            _STUDIOS: _studio(
                "    sources:",
                "    photos:\n      - file: photos/steel-studio.jpg\n        caption: 工作室一角\n"
                "        alt: 工作室里的设备\n        shows_identifiable_people: false\n    sources:",
            )
        },
    ),
    ErrorHelp(
        "photo-too-large",
        "图片文件太大或像素太多",
        "图片超过 30 MB，或超过 6000 万像素（也可能是故意做成的异常文件）。网站会自动生成"
        "适合手机和电脑的尺寸，不需要原图：请先缩小到长边 3000 像素左右，再提交。",
        files={_STUDIOS: _photo_studio("photos/team.jpg")},
        prepare=_make_huge_photo,
    ),
    ErrorHelp(
        "photo-unreadable",
        "图片无法读取",
        "图片文件损坏、没有上传完整，或者根本不是图片（SVG 里有 DOCTYPE 声明也算）。"
        "请在电脑上用看图软件打开确认，再重新导出为 JPEG（.jpg）或 PNG 后提交。",
        files={_STUDIOS: _photo_studio("photos/team.jpg"), _PHOTO: b"not a picture"},
    ),
    ErrorHelp(
        "photo-wrong-suffix",
        "扩展名与图片格式不符",
        "文件的扩展名（如 .jpg）和它的真实格式（如 PNG）不一致，常见于改过文件名的图片。"
        "请把扩展名改成信息里说的那个，并同时改正记录里的 file；不支持的格式请另存为 JPEG 或 PNG。",
        files={_STUDIOS: _photo_studio("photos/team.jpg"), _PHOTO: _picture_bytes("PNG")},
    ),
    ErrorHelp(
        "photo-animated",
        "动图不能作为照片",
        "GIF、WebP 动图有多帧，网站只发布静态照片。请选一帧另存为 JPEG（.jpg）或 PNG。",
        files={
            _STUDIOS: _photo_studio("photos/team.gif"),
            "content/photos/team.gif": _picture_bytes("GIF", frames=2),
        },
    ),
    ErrorHelp(
        "photo-unsafe-svg",
        "SVG 图片含有脚本或外部引用",
        "SVG 是文本格式，里面可以写脚本（<script>）、事件属性（onload 等）或引用别的网站的文件，"
        "访客打开页面时会执行或加载。请在绘图软件里删除这些部分，或者另存为 PNG。",
        files={
            _STUDIOS: _photo_studio("photos/team.svg"),
            "content/photos/team.svg": (
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
            ),
        },
    ),
    ErrorHelp(
        "alt-is-file-name",
        "替代文字写成了文件名",
        "替代文字（alt）是读屏软件念给看不见图片的读者听的，文件名（如 IMG_2041、team.jpg）"
        "对他们毫无意义。请用一句话写清图中是谁、在做什么。",
        files={
            _STUDIOS: _photo_studio("photos/team.jpg", alt="IMG_2041"),
            _PHOTO: _picture_bytes("JPEG"),
        },
    ),
    # --- privacy
    ErrorHelp(
        "contact-field",
        "不能有联系方式字段",
        "公开的数据只写姓名、单位和职务，不写电话、邮箱、地址、微信、身份证号等。"
        "这类字段一律不存在，请删掉这一行。",
        files={
            "data/people.yaml": """\
people:
  - id: li-gang
    name: 李刚
    phone: 见单位网站
    sources:
      - source: article-2013
"""
        },
    ),
    ErrorHelp(
        "personal-number",
        "疑似手机号码或身份证号码",
        "文字里出现了像手机号码或身份证号码的数字。这些信息一旦发布，就会留在网上和历史记录里，"
        "所以一律不能写，不论怎么写（全角数字、+86、空格或横线隔开、分两行、汉字数字），"
        "也不论写在哪个字段、content/ 下的哪个手写页面里，还是文件名里。请删掉或改名；如果它其实是专利号等别的编号，"
        "请在数字中间加上说明文字。信息中的号码已经打了星号，不会在检查记录里公开。",
        files={
            _STUDIOS: _studio(
                "    leader: li-gang\n",
                "    leader: li-gang\n    description: 联系电话 13800000000\n",
            )
        },
    ),
)

_CATEGORY_INTROS: dict[Category, str] = {
    Category.FILE: "整个文件的问题，多半和保存文件的软件有关。",
    Category.SYNTAX: "文件的格式（YAML 语法）不对，检查程序读不懂这一处。先改好这些，其他检查才能进行。",
    Category.SCHEMA: "某个字段或某条记录的写法不对。",
    Category.REFERENCE: "记录之间的引用不对：编号找不到，或者种类不对。",
    Category.DUPLICATE: "同一个编号用了两次，或者两条记录看起来是同一件事。",
    Category.ADDRESS: (
        "编号和分类字段（所在区、行业等）的值会成为网站上的网址：两样东西不能占同一个网址，"
        "有些名字也不能做网址。"
    ),
    Category.SOURCE: "和来源、文件有关的问题。",
    Category.PRIVACY: "公开的数据里不能有个人联系方式和证件号码。",
}


# --- the guide --------------------------------------------------------------------------


def render_guide(template: str | None = None) -> str:
    """The whole guide: the template with every placeholder line replaced."""
    if template is None:
        template = TEMPLATE_PATH.read_text(encoding="utf-8")
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        name, argument = match.group(1), match.group(2)
        seen.add(name)
        if name == "fields":
            return _fields_section()
        if name == "skeleton" and argument in KINDS_BY_NAME:
            return _skeleton_block(KINDS_BY_NAME[argument])
        if name == "errors":
            return _errors_section()
        if name == "markers":
            return _markers_section()
        raise GuideError(f"guide_template.md: unknown placeholder {match.group(0)}")

    body = _PLACEHOLDER.sub(replace, template)
    missing = {"fields", "errors", "markers"} - seen
    if missing:
        raise GuideError(f"guide_template.md: placeholders missing: {', '.join(sorted(missing))}")
    return _HEADER + body.rstrip("\n") + "\n"


def _fields_section() -> str:
    parts: list[str] = []
    nested: dict[type[BaseModel], FieldDoc] = {}
    for kind in RecordKind:
        title = DataFile.model_fields[kind.value].title
        docs = field_docs(record_model(kind))
        parts.append(f"### {title}（`{kind.value}`）\n\n{_field_table(docs)}")
        for doc in docs:
            if doc.part is not None:
                nested.setdefault(doc.part, doc)
    for model, owner in nested.items():
        where = f"`{owner.name}` 下的每一项" if owner.is_list else f"`{owner.name}` 下面的字段"
        parts.append(f"### {owner.title}（{where}）\n\n{_field_table(field_docs(model))}")
    return "\n\n".join(parts)


def _field_table(docs: Sequence[FieldDoc]) -> str:
    rows = ["| 字段 | 名称 | 必填 | 说明和写法 |", "| --- | --- | --- | --- |"]
    for doc in docs:
        explanation = doc.explanation()
        if doc.part is not None:
            explanation += f"{'各项' if doc.is_list else '其中'}的字段见下文“{doc.title}”。"
        cells = (f"`{doc.name}`", doc.title, "必填" if doc.required else "可选", explanation)
        rows.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(rows)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _skeleton_block(kind: RecordKind) -> str:
    lines = skeleton_lines(kind, fresh_id(kind, set()), [EXAMPLE_SOURCE_ID], Layout())
    return "```yaml\n" + "\n".join(lines) + "\n```"


def _errors_section() -> str:
    examples = [(help_, example_diagnostic(help_)) for help_ in ERRORS]
    parts: list[str] = []
    for category in Category:
        entries = [(h, d) for h, d in examples if d.category is category]
        if not entries:
            continue
        parts.append(f"### {category}问题\n\n{_CATEGORY_INTROS[category]}")
        parts.extend(_error_entry(help_, diagnostic) for help_, diagnostic in entries)
    return "\n\n".join(parts)


def _error_entry(help_: ErrorHelp, diagnostic: Diagnostic) -> str:
    text = [f"#### `{help_.code}`：{help_.title}", help_.advice]
    shown = next(iter(help_.files.items()), None)
    if help_.show_input and shown is not None and isinstance(shown[1], str):
        text.append(f"例如 {shown[0]} 写成这样：\n\n```yaml\n{shown[1].rstrip()}\n```")
        text.append(f"检查结果：\n\n```text\n{diagnostic}\n```")
    else:
        text.append(f"检查结果举例：\n\n```text\n{diagnostic}\n```")
    return "\n\n".join(text)


def example_diagnostic(help_: ErrorHelp) -> Diagnostic:
    """What ``showcase validate`` reports for the example of ``help_``: its first such error."""
    with tempfile.TemporaryDirectory(prefix="showcase-guide-") as folder:
        root = Path(folder)
        for name, content in {**_BASE_TREE, **help_.files}.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        if help_.prepare is not None:
            help_.prepare(root)
        if help_.diagnose is not None:
            diagnostics = list(help_.diagnose(root))
        else:
            diagnostics = sorted_diagnostics(validate_site([root / "data"], root))
    found = [diagnostic for diagnostic in diagnostics if diagnostic.code == help_.code]
    if not found:
        printed = "\n".join(str(d) for d in diagnostics) or "(no problems)"
        raise GuideError(f"the example of {help_.code!r} does not produce it:\n{printed}")
    return found[0]


def _markers_section() -> str:
    """The Chinese part of the markers docstring, with its heading one level down."""
    doc = showcase.site.markers.__doc__ or ""
    chinese = doc.split("\n\n", 1)[1].split("\nFor developers:", 1)[0].strip()
    # The docstring's heading is underlined (setext); the guide's headings start with #.
    return re.sub(r"^(.+)\n-{3,}$", r"## \1", chinese, count=1, flags=re.MULTILINE)


def documented_codes() -> Iterator[str]:
    """Every diagnostic code the guide explains."""
    return (help_.code for help_ in ERRORS)


def write_guide(root: Path, *, check: bool) -> tuple[Path, bool]:
    """Write (or with ``check`` only compare) CONTRIBUTING.md; returns it and whether it was current."""
    path = root / GUIDE_PATH
    expected = render_guide()
    current = path.read_bytes().decode("utf-8") if path.exists() else None
    if not check and current != expected:
        path.write_bytes(expected.encode("utf-8"))
    return path, current == expected


__all__ = [
    "ERRORS",
    "GUIDE_PATH",
    "ErrorHelp",
    "GuideError",
    "documented_codes",
    "example_diagnostic",
    "render_guide",
    "write_guide",
]
