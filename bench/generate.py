"""Deterministic synthetic data for benchmarks: a valid data tree of any size.

``python bench/generate.py OUT_DIR --records N [--seed 2013]`` writes
``OUT_DIR/data/<kind>.yaml``, one file per kind of record, that ``showcase validate``
accepts with no problem at all. N is the total number of records across the six kinds
the unions publish, split the way a real tree is (see :data:`SPLIT`); one source record,
which every record cites, comes on top.

The content looks like the real thing — Chinese names, Tianjin districts, honours,
approximate quantities as reports write them, descriptions of 80 to 400 characters,
references that resolve and shallow trees of units — so that the validator does the work
it does on real data. Only ``random.Random(seed)`` decides anything, so the same N and
seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SEED = 2013
# libyaml's emitter writes the same text as PyYAML's own (compared byte for byte at 100,000
# records) about five times faster: most of the time of a 100,000-record tree was the dump.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
MIN_RECORDS = 50

# Share of the N records per kind, in percent: honours dominate real data, published
# figures are rare. The order is the tie-break when rounding.
SPLIT: dict[str, int] = {
    "awards": 30,
    "people": 25,
    "studios": 15,
    "organizations": 15,
    "projects": 10,
    "figures": 5,
}
# Files in the order of the lists in schema.DataFile.
KINDS = ("sources", "organizations", "people", "studios", "awards", "projects", "figures")
SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/data.schema.json\n"
SOURCE_ID = "bench-source"

LEVELS = ("全国级", "省级", "市级", "区县级", "企业级")
# (name, slug) of the 16 districts of Tianjin.
DISTRICTS = (
    ("和平区", "heping"), ("河东区", "hedong"), ("河西区", "hexi"), ("南开区", "nankai"),
    ("河北区", "hebei"), ("红桥区", "hongqiao"), ("东丽区", "dongli"), ("西青区", "xiqing"),
    ("津南区", "jinnan"), ("北辰区", "beichen"), ("武清区", "wuqing"), ("宝坻区", "baodi"),
    ("滨海新区", "binhai"), ("宁河区", "ninghe"), ("静海区", "jinghai"), ("蓟州区", "jizhou"),
)  # fmt: skip
# (industry, slug, the word a company of that industry has in its name).
INDUSTRIES = (
    ("电力", "power", "电力"), ("石油化工", "petrochem", "石化"), ("钢铁", "steel", "钢管"),
    ("港口物流", "port", "港务"), ("轨道交通", "metro", "轨道交通"),
    ("装备制造", "equipment", "重型装备"), ("汽车制造", "auto", "汽车零部件"),
    ("电子信息", "electronics", "电子"), ("生物医药", "pharma", "医药"),
    ("建筑施工", "construction", "建工"), ("纺织服装", "textile", "纺织"),
    ("食品加工", "food", "食品"), ("燃气热力", "gas", "燃气"), ("水务", "water", "水务"),
    ("航空航天", "aero", "航空机电"), ("新能源", "energy", "新能源"),
)  # fmt: skip
BRANDS = (
    ("海河", "haihe"), ("津港", "jingang"), ("渤海", "bohai"), ("北洋", "beiyang"),
    ("华信", "huaxin"), ("宏达", "hongda"), ("恒通", "hengtong"), ("中环", "zhonghuan"),
    ("津能", "jinneng"), ("泰达", "taida"), ("海晶", "haijing"), ("新港", "xingang"),
    ("金桥", "jinqiao"), ("天宇", "tianyu"), ("远航", "yuanhang"), ("蓝天", "lantian"),
    ("长城", "changcheng"), ("东方", "dongfang"), ("津通", "jintong"), ("利民", "limin"),
)  # fmt: skip
COMPANY_FORMS = (("集团有限公司", "group"), ("有限公司", "co"), ("股份有限公司", "corp"))
# (name suffix, id suffix, category) of the units inside a company.
SUB_UNITS = (("车间", "ws", "部门"), ("分公司", "br", "企业"), ("项目部", "pd", "项目部"))
SURNAMES = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"),
    ("徐", "xu"), ("孙", "sun"), ("胡", "hu"), ("朱", "zhu"), ("高", "gao"), ("林", "lin"),
    ("何", "he"), ("郭", "guo"), ("马", "ma"), ("罗", "luo"), ("梁", "liang"),
    ("宋", "song"), ("郑", "zheng"), ("谢", "xie"), ("韩", "han"), ("唐", "tang"),
    ("冯", "feng"), ("于", "yu"), ("董", "dong"), ("程", "cheng"), ("曹", "cao"),
    ("袁", "yuan"), ("邓", "deng"), ("傅", "fu"), ("沈", "shen"), ("曾", "zeng"),
    ("彭", "peng"), ("吕", "lv"), ("苏", "su"), ("卢", "lu"), ("蒋", "jiang"), ("蔡", "cai"),
    ("贾", "jia"), ("丁", "ding"), ("魏", "wei"), ("薛", "xue"), ("叶", "ye"), ("阎", "yan"),
    ("潘", "pan"), ("杜", "du"), ("戴", "dai"), ("夏", "xia"), ("钟", "zhong"),
    ("田", "tian"), ("任", "ren"), ("姜", "jiang"), ("范", "fan"), ("方", "fang"),
    ("石", "shi"), ("姚", "yao"), ("谭", "tan"), ("廖", "liao"), ("邹", "zou"),
    ("熊", "xiong"), ("金", "jin"), ("陆", "lu"), ("郝", "hao"), ("孔", "kong"),
    ("白", "bai"), ("崔", "cui"), ("康", "kang"), ("毛", "mao"), ("邱", "qiu"),
    ("秦", "qin"), ("史", "shi"), ("顾", "gu"), ("侯", "hou"), ("邵", "shao"),
    ("孟", "meng"), ("段", "duan"), ("雷", "lei"), ("钱", "qian"), ("尹", "yin"),
    ("常", "chang"), ("武", "wu"), ("乔", "qiao"), ("贺", "he"), ("龚", "gong"),
)  # fmt: skip
GIVEN_CHARS = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"),
    ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"),
    ("桂", "gui"), ("英", "ying"), ("华", "hua"), ("建", "jian"), ("国", "guo"),
    ("立", "li"), ("新", "xin"), ("志", "zhi"), ("红", "hong"), ("斌", "bin"),
    ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("鹏", "peng"), ("辉", "hui"),
    ("玲", "ling"), ("燕", "yan"), ("峰", "feng"), ("海", "hai"), ("兵", "bing"),
    ("亮", "liang"), ("春", "chun"), ("晓", "xiao"), ("东", "dong"), ("振", "zhen"),
    ("宏", "hong"), ("永", "yong"), ("庆", "qing"), ("成", "cheng"), ("学", "xue"),
    ("德", "de"), ("福", "fu"), ("玉", "yu"), ("岩", "yan"), ("雪", "xue"),
)  # fmt: skip
WORKER_POSITIONS = (
    "装配车间调整工", "高级技师", "班组长", "电焊工", "维修电工", "车间主任", "技术员",
    "总工程师", "数控车工", "钳工", "质检员", "设备管理员", "首席技师", "安全员",
)  # fmt: skip
UNION_POSITIONS = ("工会主席", "工会副主席", "工会干事", "女职工委员会主任")
SKILLS = (
    "焊接", "数控加工", "电气自动化", "设备检修", "精密装配", "节能降耗", "质量攻关",
    "安全生产", "智能运维", "工艺优化",
)  # fmt: skip
STUDIO_FORMS = ("劳模创新工作室", "职工创新工作室", "技能大师工作室")
PROJECT_TOPICS = (
    "智能巡检机器人研发", "焊接工艺优化", "节能降耗技术改造", "职工技能提升培训",
    "安全生产标准化建设", "设备远程诊断平台", "精益生产管理", "新型材料应用试验",
    "绿色低碳改造", "班组建设示范", "职工书屋建设", "困难职工帮扶",
    "劳动竞赛示范工程", "技术工人队伍建设", "数字化车间建设", "质量提升攻关",
)  # fmt: skip
PROJECT_CATEGORIES = ("特色亮点工作", "劳动竞赛示范工程", "项目带资金", "职工素质工程")
PERIODS = ("近5年来", "今年上半年", "“十三五”期间", "“十四五”以来", "近3年来", "全年")
PROGRAMMES = ("天津市“五比一创”劳动竞赛", "天津市职工职业技能大赛", "“建功十四五”劳动竞赛")

# An 11-digit run (with the spaces or dashes a business card has) could be read as a mobile
# number, and 18 digits as an identity number; validate would then report a privacy problem.
_LONG_DIGIT_RUN = re.compile(r"[0-9](?:[ -]?[0-9]){10}")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
_CHINESE_DIGITS = "零一二三四五六七八九"


@dataclass
class _Org:
    """What the other kinds need to know about a generated organization."""

    id: str
    name: str
    district: str | None
    industry: str | None
    root: str  # id of the company (or union) at the top of its tree
    depth: int
    kind: str  # "union", "government", "company", "unit"
    children: int = 0


@dataclass
class _Person:
    id: str
    name: str
    org: _Org


@dataclass
class _State:
    """Everything generated so far: ids in use and the identities the look-alike check compares."""

    rng: random.Random
    ids: set[str] = field(default_factory=set)
    identities: set[tuple[str, ...]] = field(default_factory=set)
    orgs: list[_Org] = field(default_factory=list)
    people: list[_Person] = field(default_factory=list)
    district_unions: dict[str, _Org] = field(default_factory=dict)
    # Companies and first-level units: where a new unit may go, keeping trees three deep.
    unit_parents: list[_Org] = field(default_factory=list)

    def claim_id(self, wanted: str) -> str:
        """``wanted``, or ``wanted-2``, ``wanted-3``…: ids are unique across all kinds."""
        candidate, number = wanted, 1
        while candidate in self.ids:
            number += 1
            candidate = f"{wanted}-{number}"
        self.ids.add(candidate)
        return candidate

    def claim_identity(self, kind: str, *values: str | None) -> bool:
        """Reserve an identity; False if another record already has it (a look-alike)."""
        key = (kind, *("" if value is None else value for value in values))
        if key in self.identities:
            return False
        self.identities.add(key)
        return True


def split_records(records: int) -> dict[str, int]:
    """How many of the ``records`` each kind gets: :data:`SPLIT`, largest remainder first."""
    if records < MIN_RECORDS:
        raise ValueError(f"need at least {MIN_RECORDS} records, got {records}")
    total = sum(SPLIT.values())
    counts = {kind: records * share // total for kind, share in SPLIT.items()}
    # Hand out what rounding down left over, largest remainder first, so the sum is exact.
    by_remainder = sorted(SPLIT, key=lambda kind: -(records * SPLIT[kind] % total))
    for kind in by_remainder[: records - sum(counts.values())]:
        counts[kind] += 1
    return counts


def generate(out_dir: Path, records: int, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write ``out_dir/data/<kind>.yaml`` holding ``records`` records plus one source.

    Returns the number of records written per kind (``sources`` included). Files of other
    names in ``out_dir/data`` are left alone, so give it an empty folder.
    """
    counts = split_records(records)
    state = _State(random.Random(seed))
    # Order matters: later kinds refer to the records of earlier ones.
    lists: dict[str, list[dict[str, Any]]] = {"sources": [_source()]}
    lists["organizations"] = _organizations(state, counts["organizations"])
    lists["people"] = _people(state, counts["people"])
    lists["studios"] = _studios(state, counts["studios"])
    lists["awards"] = _awards(state, counts["awards"])
    lists["projects"] = _projects(state, counts["projects"])
    lists["figures"] = _figures(state, counts["figures"])

    data_dir = out_dir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        text = yaml.dump(
            {kind: lists[kind]}, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000
        )
        _check_text(text)
        # newline="\n": the loader rejects CRLF, and the bytes must not depend on the OS.
        (data_dir / f"{kind}.yaml").write_text(
            SCHEMA_COMMENT + text, encoding="utf-8", newline="\n"
        )
    return {kind: len(lists[kind]) for kind in KINDS}


def _check_text(text: str) -> None:
    """Refuse output the privacy or invisible-character checks would flag."""
    if _LONG_DIGIT_RUN.search(text):
        raise AssertionError("generated text contains a run of 11 digits")
    if _INVISIBLE.search(text):
        raise AssertionError("generated text contains an invisible character")


# --- small pieces ---------------------------------------------------------------------


def _chinese_number(number: int) -> str:
    """1 → 一, 12 → 十二, 305 → 三百零五; for unit names such as 第十二车间."""
    if number < 10:
        return _CHINESE_DIGITS[number]
    if number < 20:
        return "十" + (_CHINESE_DIGITS[number % 10] if number % 10 else "")
    if number < 100:
        tens, ones = divmod(number, 10)
        return _CHINESE_DIGITS[tens] + "十" + (_CHINESE_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(number, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + _CHINESE_DIGITS[rest]
    elif rest < 20:
        tail = "一" + _chinese_number(rest)  # 一百一十二, not 一百十二
    else:
        tail = _chinese_number(rest)
    return _chinese_number(hundreds) + "百" + tail


def _partial_date(rng: random.Random, first: int = 2008, last: int = 2024) -> str:
    year = rng.randint(first, last)
    shape = rng.random()
    if shape < 0.4:
        return str(year)
    if shape < 0.75:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _more(rng: random.Random, unit: str) -> str:
    """A count with 余 or 多, as reports write them: 30余项, 40多项."""
    return (
        f"{rng.choice((10, 20, 30, 40, 50, 60, 80, 100, 120, 200, 300))}{rng.choice('余多')}{unit}"
    )


def _money(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.4:
        return f"{rng.choice((100, 300, 500, 800, 1000, 3000))}多万元"
    if shape < 0.7:
        return f"{rng.randint(2, 99)}.{rng.randint(1, 9)}万元"
    return f"{rng.randint(10, 990)}万元"


def _people_times(rng: random.Random) -> str:
    return f"{rng.randint(1, 999)}.{rng.randint(1, 9)}万人次"


def _percent(rng: random.Random) -> str:
    return f"{rng.randint(80, 99)}.{rng.randint(1, 9)}%"


def _citation(rng: random.Random) -> list[dict[str, str]]:
    if rng.random() < 0.3:
        return [{"source": SOURCE_ID, "locator": f"第{rng.randint(1, 12)}版"}]
    return [{"source": SOURCE_ID}]


_SENTENCES = (
    "{year}年以来，{s}立足岗位、钻研技术，累计完成技术革新{patents}。",
    "{s}先后攻克生产难题{problems}，创造经济效益{money}。",
    "在{district}{industry}系统劳动竞赛中，{s}多次取得优异成绩。",
    "{s}坚持“传帮带”，培养青年技术骨干{trainees}。",
    "{s}总结的先进操作法在全市{industry}行业推广，覆盖职工{reach}。",
    "{s}注重安全生产和质量管理，所在班组连续{years}年实现零事故。",
    "{s}获得国家专利{patents}，其中发明专利{inventions}项。",
    "{s}提出合理化建议{proposals}，采纳率达到{percent}。",
    "围绕企业转型升级，{s}组织开展技术攻关和岗位练兵，带动职工技能水平整体提升。",
    "{s}热心公益，常年参加志愿服务活动，得到职工群众的广泛好评。",
    "{s}把“工匠精神”融入日常工作，形成了一套可复制、可推广的工作方法。",
    "{s}主动对标国内先进水平，牵头制定岗位作业标准，推动{industry}生产效率稳步提高。",
    "面对急难险重任务，{s}始终冲在一线，带领职工圆满完成多项重点工程建设任务。",
    "{s}重视职工思想引领和素质提升，组织开展读书分享、技能比武等活动，凝聚了职工力量。",
    "{s}积极推广新技术、新工艺、新材料，相关经验在{district}多家企业得到应用。",
)


def _description(rng: random.Random, subject: str, district: str, industry: str) -> str:
    """Sentences about ``subject`` until the text has 80 to 400 characters."""
    values = {
        "s": subject,
        "district": district,
        "industry": industry,
        "year": rng.randint(2008, 2020),
        "years": rng.randint(3, 12),
        "patents": _more(rng, "项"),
        "inventions": rng.randint(2, 9),
        "problems": _more(rng, "个"),
        "trainees": _more(rng, "名"),
        "proposals": _more(rng, "条"),
        "money": _money(rng),
        "reach": _people_times(rng),
        "percent": _percent(rng),
    }
    target = rng.randint(80, 400)
    text = ""
    # Each sentence at most once, in a random order: real descriptions do not repeat.
    for template in rng.sample(_SENTENCES, len(_SENTENCES)):
        sentence = template.format_map(values)
        # No sentence is longer than 80 characters, so stopping here still leaves 80 or more.
        if len(text) >= target or len(text) + len(sentence) > 400:
            break
        text += sentence
    return text


def _source() -> dict[str, Any]:
    return {
        "id": SOURCE_ID,
        "title": "天津市工会系统荣誉与创新成果汇编（基准测试用合成数据）",
        "publisher": "天津市总工会",
        "published": "2024-01",
    }


# --- organizations --------------------------------------------------------------------


def _organizations(state: _State, count: int) -> list[dict[str, Any]]:
    """Unions and a government at the top, companies, and units up to three levels deep."""
    rng = state.rng
    written: list[dict[str, Any]] = []

    def add(org: _Org, record: dict[str, Any]) -> None:
        state.orgs.append(org)
        written.append(record | {"sources": _citation(rng)})

    for org_id, name, category, level in (
        ("acftu", "中华全国总工会", "工会", "全国级"),
        ("tj-ftu", "天津市总工会", "工会", "省级"),
        ("tj-gov", "天津市人民政府", "机关", "省级"),
    ):
        state.claim_id(org_id)
        state.claim_identity("organizations", name, None)
        kind = "government" if category == "机关" else "union"
        add(
            _Org(org_id, name, None, None, org_id, 0, kind),
            {"id": org_id, "name": name, "category": category, "level": level},
        )
    city_union = state.orgs[1]

    # One district union for every few records, up to all 16 districts.
    for district, slug in DISTRICTS[: min(16, max(1, (count - 3) // 6))]:
        org_id = state.claim_id(f"{slug}-ftu")
        name = f"{district}总工会"
        state.claim_identity("organizations", name, city_union.id)
        org = _Org(org_id, name, district, None, org_id, 1, "union")
        state.district_unions[district] = org
        add(
            org,
            {
                "id": org_id,
                "name": name,
                "category": "工会",
                "parent": city_union.id,
                "district": district,
                "level": "区县级",
            },
        )

    remaining = count - len(written)
    companies = max(1, round(remaining * 0.4))
    companies_written = 0
    while len(written) < count:
        if companies_written < companies:
            record = _company(state)
            if record is not None:
                companies_written += 1
                written.append(record)
                continue
            companies = companies_written  # every company name is taken; make units instead
        written.append(_unit(state))
    return written


def _company(state: _State) -> dict[str, Any] | None:
    rng = state.rng
    for _attempt in range(50):
        brand, brand_slug = rng.choice(BRANDS)
        industry, industry_slug, noun = rng.choice(INDUSTRIES)
        form, form_slug = rng.choice(COMPANY_FORMS)
        name = f"天津{brand}{noun}{form}"
        if state.claim_identity("organizations", name, None):
            break
    else:
        return None
    district = rng.choice(DISTRICTS)[0]
    org_id = state.claim_id(f"tj-{brand_slug}-{industry_slug}-{form_slug}")
    company = _Org(org_id, name, district, industry, org_id, 0, "company")
    state.orgs.append(company)
    state.unit_parents.append(company)
    record: dict[str, Any] = {
        "id": org_id,
        "name": name,
        "short_names": [f"{brand}{noun}"],
        "category": "企业",
        "district": district,
        "industry": industry,
        "level": "企业级",
    }
    if rng.random() < 0.5:
        record["description"] = _description(rng, "公司", district, industry)
    record["sources"] = _citation(rng)
    return record


def _unit(state: _State) -> dict[str, Any]:
    """A workshop, branch or project department of a company, or a team inside one."""
    rng = state.rng
    parent = rng.choice(state.unit_parents)
    parent.children += 1
    number = parent.children
    if parent.kind == "unit":
        # Third level: a team (班组) inside a workshop; trees stay three deep at most.
        name, slug, category = f"{parent.name}第{_chinese_number(number)}班组", "team", "班组"
    else:
        suffix, slug, category = rng.choice(SUB_UNITS)
        name = f"{parent.name}第{_chinese_number(number)}{suffix}"
    # Each parent numbers its own units, so the name is new under that parent.
    state.claim_identity("organizations", name, parent.id)
    wanted = f"{parent.id}-{slug}{number}"
    org_id = state.claim_id(wanted if len(wanted) <= 60 else f"unit-{len(state.ids)}")
    org = _Org(
        org_id, name, parent.district, parent.industry, parent.root, parent.depth + 1, "unit"
    )
    state.orgs.append(org)
    if org.depth < 2:
        state.unit_parents.append(org)
    return {
        "id": org_id,
        "name": name,
        "category": category,
        "parent": parent.id,
        "district": parent.district,
        "industry": parent.industry,
        "sources": _citation(rng),
    }


# --- people and studios ---------------------------------------------------------------


def _people(state: _State, count: int) -> list[dict[str, Any]]:
    rng = state.rng
    workplaces = [org for org in state.orgs if org.kind in ("company", "unit")]
    unions = [org for org in state.orgs if org.kind == "union"]
    written: list[dict[str, Any]] = []
    while len(written) < count:
        surname, surname_slug = rng.choice(SURNAMES)
        given = [rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2)))]
        name = surname + "".join(char for char, _ in given)
        official = rng.random() < 0.1
        org = rng.choice(unions if official else workplaces)
        if not state.claim_identity("people", name, org.id):
            continue  # the same name in the same unit would look like one person twice
        person_id = state.claim_id(f"{surname_slug}-{''.join(slug for _, slug in given)}")
        state.people.append(_Person(person_id, name, org))
        record: dict[str, Any] = {
            "id": person_id,
            "name": name,
            "organization": org.id,
            "position": rng.choice(UNION_POSITIONS if official else WORKER_POSITIONS),
        }
        if rng.random() < 0.8:
            record["description"] = _description(
                rng, name, org.district or "天津市", org.industry or "工会"
            )
        record["sources"] = _citation(rng)
        written.append(record)
    return written


def _studios(state: _State, count: int) -> list[dict[str, Any]]:
    """Studios led by workers; nobody leads two."""
    rng = state.rng
    leaders = [person for person in state.people if person.org.kind != "union"]
    rng.shuffle(leaders)
    written: list[dict[str, Any]] = []
    for leader in leaders:
        if len(written) == count:
            break
        name = f"{leader.name}{rng.choice(STUDIO_FORMS)}"
        if not state.claim_identity("studios", name, leader.org.id):
            continue
        district = leader.org.district or "天津市"
        industry = leader.org.industry or "工会"
        founded = _partial_date(rng, 2008, 2018)
        record: dict[str, Any] = {
            "id": state.claim_id(f"{leader.id}-studio"),
            "name": name,
            "leader": leader.id,
            "organization": leader.org.id,
            "district": district,
            "industry": industry,
            "level": rng.choice(("省级", "市级", "市级", "区县级", "企业级")),
            "founded": founded,
            "named": _partial_date(rng, int(founded[:4]) + 1, 2024),
            "achievements": _achievements(rng, leader.name),
            "description": _description(rng, "工作室", district, industry),
            "sources": _citation(rng),
        }
        written.append(record)
    if len(written) < count:
        raise AssertionError("not enough people to lead the studios")  # SPLIT guarantees it
    return written


def _achievements(rng: random.Random, leader: str) -> dict[str, Any]:
    achievements: dict[str, Any] = {
        "site_visits": f"{rng.choice((30, 50, 80, 100))}余次",
        "consultations": f"{rng.randint(50, 500)}次",
        "problems_solved": _more(rng, "个"),
        "patents_granted": _more(rng, "项"),
    }
    if rng.random() < 0.5:
        achievements["patents_pending"] = f"{rng.randint(2, 60)}多项"
    if rng.random() < 0.6:
        achievements["operation_methods"] = [
            f"{leader}{skill}操作法" for skill in rng.sample(SKILLS, rng.randint(1, 3))
        ]
    achievements["economic_benefit"] = _money(rng)
    if rng.random() < 0.3:
        achievements["other"] = [f"培养技术骨干{_more(rng, '名')}"]
    return achievements


# --- awards ---------------------------------------------------------------------------


def _awards(state: _State, count: int) -> list[dict[str, Any]]:
    rng = state.rng
    collectives = [org for org in state.orgs if org.kind in ("company", "unit")]
    teams = [org for org in collectives if org.depth > 0]
    written: list[dict[str, Any]] = []
    while len(written) < count:
        honour, level, conferred_by, recipient = _honour(state, collectives, teams)
        awarded = _partial_date(rng)
        if not state.claim_identity("awards", honour, recipient, awarded):
            continue  # the same honour to the same recipient on the same date: a look-alike
        record: dict[str, Any] = {
            "id": state.claim_id(f"award-{len(written) + 1:05d}"),
            "honour": honour,
            "level": level,
            "conferred_by": conferred_by,
            "awarded": awarded,
            "recipient": recipient,
        }
        if rng.random() < 0.01 and int(awarded[:4]) < 2024:
            record["status"] = "已撤销"
            record["revoked"] = str(rng.randint(int(awarded[:4]) + 1, 2024))
        if rng.random() < 0.3:
            record["programme"] = rng.choice(PROGRAMMES)
        if rng.random() < 0.5:
            record["citation"] = _description(rng, "获奖者", rng.choice(DISTRICTS)[0], "全市")
        record["sources"] = _citation(rng)
        written.append(record)
    return written


def _honour(state: _State, collectives: list[_Org], teams: list[_Org]) -> tuple[str, str, str, str]:
    """(honour, level, conferring body, recipient id), as the real lists pair them."""
    rng = state.rng
    to_person = rng.random() < 0.6
    person = rng.choice(state.people)
    org = rng.choice(collectives)
    scale = rng.random()
    if scale < 0.15:
        if to_person:
            return "全国五一劳动奖章", "全国级", "acftu", person.id
        return rng.choice(("全国五一劳动奖状", "全国工人先锋号")), "全国级", "acftu", org.id
    if scale < 0.6:
        if to_person:
            honour = rng.choice(("天津市五一劳动奖章", "天津市劳动模范"))
            body = "tj-gov" if honour == "天津市劳动模范" else "tj-ftu"
            return honour, "省级", body, person.id
        honour = rng.choice(("天津市五一劳动奖状", "天津市工人先锋号", "工会工作创新奖"))
        return honour, "省级", "tj-ftu", org.id
    recipient_org = person.org if to_person else org
    district_union = state.district_unions.get(recipient_org.district or "")
    if scale < 0.85 and district_union is not None:
        district = district_union.district or ""
        if to_person:
            return f"{district}五一劳动奖章", "区县级", district_union.id, person.id
        return f"{district}工人先锋号", "区县级", district_union.id, org.id
    # Enterprise honours come from the company at the top of the recipient's tree.
    if to_person and person.org.kind != "union":
        return "岗位能手", "企业级", person.org.root, person.id
    team = rng.choice(teams) if teams else org
    return "先进班组", "企业级", team.root, team.id


# --- projects and figures -------------------------------------------------------------


def _projects(state: _State, count: int) -> list[dict[str, Any]]:
    rng = state.rng
    owners = [org for org in state.orgs if org.kind in ("company", "unit")]
    written: list[dict[str, Any]] = []
    while len(written) < count:
        owner = rng.choice(owners)
        title = f"{owner.name.removeprefix('天津')}{rng.choice(PROJECT_TOPICS)}"
        if len(title) > 120 or not state.claim_identity("projects", title, owner.id):
            continue
        category = rng.choice(PROJECT_CATEGORIES)
        started = rng.randint(2008, 2022)
        record: dict[str, Any] = {
            "id": state.claim_id(f"project-{len(written) + 1:05d}"),
            "title": title,
            "category": category,
            "owner": owner.id,
        }
        partners = [org.id for org in rng.sample(owners, min(2, len(owners))) if org is not owner]
        if rng.random() < 0.4 and partners:
            record["partners"] = partners[: rng.randint(1, len(partners))]
        record |= {
            "district": owner.district,
            "industry": owner.industry,
            "level": rng.choice(LEVELS[1:]),
            "started": f"{started}-{rng.randint(1, 12):02d}",
        }
        if rng.random() < 0.7:
            # A later year, so ended never sorts before started whatever the precision.
            record["ended"] = str(rng.randint(started + 1, min(started + 3, 2024)))
        if category == "项目带资金":
            record["funding"] = _money(rng)
            record["funded_by"] = "tj-ftu"
        record["outcomes"] = [
            f"形成技术成果{_more(rng, '项')}",
            f"带动职工参与{_people_times(rng)}",
        ][: rng.randint(1, 2)]
        if rng.random() < 0.2:
            record["records_set"] = [f"创造单日作业量{rng.randint(100, 999)}标准箱的纪录"]
        record["description"] = _description(
            rng, "该项目", owner.district or "天津市", owner.industry or "工会"
        )
        record["sources"] = _citation(rng)
        written.append(record)
    return written


@dataclass(frozen=True)
class _Metric:
    """A figure the unions publish, and how the published sentence words it."""

    name: str
    phrase: str
    value: Callable[[random.Random], str]
    counts_records: str | None = None
    # Counts of member companies or studios make sense for the city or a district only.
    area_only: bool = False


_METRICS = (
    _Metric("劳模创新工作室", "已建成劳模创新工作室", lambda rng: f"{rng.randint(20, 900)}家",
            "studios", area_only=True),
    _Metric("累计培训职工", "累计培训职工", _people_times),
    _Metric("建会企业", "建会企业达到", lambda rng: f"{rng.randint(1000, 49999)}家",
            area_only=True),
    _Metric("职工技术创新成果", "取得职工技术创新成果", lambda rng: _more(rng, "项")),
    _Metric("帮扶困难职工", "帮扶困难职工", lambda rng: _more(rng, "户")),
    _Metric("劳动竞赛参赛职工", "参加劳动竞赛的职工达", _people_times),
    _Metric("职工创新补助资金", "发放职工创新补助资金", _money),
    _Metric("职工满意率", "职工满意率达到", _percent),
    _Metric("命名工人先锋号", "命名工人先锋号", lambda rng: "近百个", area_only=True),
)  # fmt: skip


def _figures(state: _State, count: int) -> list[dict[str, Any]]:
    rng = state.rng
    # (scope, the record the figure is about)
    areas = [("天津市", "tj-ftu")]
    areas += [(district, union.id) for district, union in state.district_unions.items()]
    companies = [(org.name, org.id) for org in state.orgs if org.kind == "company"]
    written: list[dict[str, Any]] = []
    while len(written) < count:
        metric = rng.choice(_METRICS)
        scope, about = rng.choice(areas if metric.area_only else areas + companies)
        value = metric.value(rng)
        as_of: str | None = None
        period: str | None = None
        if rng.random() < 0.6:
            as_of = _partial_date(rng, 2010, 2024)
            when = f"截至{_date_words(as_of)}"
        else:
            period = rng.choice(PERIODS)
            when = period
        if not state.claim_identity("figures", metric.name, scope, as_of, period):
            continue
        record: dict[str, Any] = {
            "id": state.claim_id(f"figure-{len(written) + 1:05d}"),
            "metric": metric.name,
            "value": value,
            "scope": scope,
        }
        if rng.random() < 0.7:
            record["about"] = about
        if as_of is not None:
            record["as_of"] = as_of
        if period is not None:
            record["period"] = period
        record["as_published"] = f"{when}，{scope}{metric.phrase}{value}。"
        if metric.counts_records is not None:
            record["counts_records"] = metric.counts_records
        record["sources"] = _citation(rng)
        written.append(record)
    return written


def _date_words(date: str) -> str:
    """2013 → 2013年底, 2013-06 → 2013年6月, 2013-06-07 → 2013年6月7日."""
    parts = date.split("-")
    if len(parts) == 1:
        return f"{parts[0]}年底"
    words = f"{parts[0]}年{int(parts[1])}月"
    return words if len(parts) == 2 else f"{words}{int(parts[2])}日"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the tree and print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="folder to write data/ into")
    parser.add_argument(
        "--records", type=int, required=True, help=f"total records, at least {MIN_RECORDS}"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    arguments = parser.parse_args(argv)
    counts = generate(arguments.out_dir, arguments.records, arguments.seed)
    print(", ".join(f"{kind} {number}" for kind, number in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
