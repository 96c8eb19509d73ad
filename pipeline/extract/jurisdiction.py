"""Jurisdiction: which administrative area's government (or committee) reports.

The division table is JioNLP's ``china_location`` dictionary (GB/T 2260 codes, province → city →
county; the copy shipped with jionlp 1.5.31 is dated 2025-11-27).  It is read straight from the
installed package's data file, without importing jionlp (whose import prints a banner on stdout).

Resolution: the report's own level comes from how it names its congress (``县七届人大`` → county,
``市十五届人大`` → city, ``省十四届人大`` → province, ``全国人民代表大会`` → national); the area is the
division of that level named most often in the text (its full name, e.g. ``泽州县``); a name that
several divisions share (``朝阳区``) is settled by the enclosing units the text names, else the
candidates are returned and no guess is made.
"""
from __future__ import annotations

import importlib.util
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE_SOURCE = "jionlp 1.5.31 dictionary/china_location.zip (GB/T 2260, data dated 2025-11-27)"

LEVEL_BY_SUFFIX = {"省": "province", "自治区": "province", "市": "city", "州": "city", "盟": "city",
                   "县": "county", "区": "county", "旗": "county"}


@dataclass(frozen=True)
class Division:
    """One administrative division: full ``name``, 6-digit ``code``, ``level`` (province / city /
    county), and its enclosing ``province`` and ``city`` full names (None where not applicable)."""

    name: str
    code: str
    level: str
    province: str
    city: str | None
    alias: str


def _table_path() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jionlp is not installed: it provides the division table")
    return Path(list(spec.submodule_search_locations)[0]) / "dictionary" / "china_location.zip"


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """All provinces, cities and counties of the table (loaded once)."""
    out = []
    with zipfile.ZipFile(_table_path()) as z:
        raw = z.read("china_location.txt").decode("utf-8")
    prov = city = None
    for line in raw.split("\n"):
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth > 2 or len(parts) != 3:
            continue
        name, code, alias = parts
        if depth == 0:
            prov = name
            city = None
            out.append(Division(name, code, "province", name, None, alias))
        elif depth == 1:
            city = name
            if name != prov:  # municipalities repeat themselves as their city
                out.append(Division(name, code, "city", prov, name, alias))
        else:
            out.append(Division(name, code, "county", prov, city if city != prov else prov, alias))
    return tuple(out)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[Division]]:
    idx: dict[str, list[Division]] = {}
    for d in divisions():
        idx.setdefault(d.name, []).append(d)
    return idx


@lru_cache(maxsize=1)
def _name_rx() -> re.Pattern:
    names = sorted(_by_name(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names if len(n) >= 2))


_LEVEL_RX = re.compile(r"(全国人民代表大会|全国人大|全国政协)|(?:^|[^\u4e00-\u9fff]|本|全)?([省市县区州旗])(?:第?[一二三四五六七八九十]+届|人大|人民政府|政协|政府)")


def report_level(text: str) -> str | None:
    """The level of the reporting body from its self-references (``县七届人大``, ``市政府``…)."""
    counts: Counter = Counter()
    for m in _LEVEL_RX.finditer(text):
        if m.group(1):
            counts["national"] += 3
        else:
            counts[LEVEL_BY_SUFFIX[m.group(2)]] += 1
    return counts.most_common(1)[0][0] if counts else None


#: Division names that are also ordinary words (城区 'the urban area', 郊区 'suburbs', 新建区 in 新建区域
#: …): such a name counts only when a province or city enclosing one of its divisions is mentioned
#: too (``晋城市城区``).  Source: the banli trial report whose title ``关于加快城区老旧供水管网改造的建议``
#: made an unknown county resolve to the district 城区.
GENERIC_NAMES = frozenset("城区 郊区 矿区 老城区 新城区 东区 西区 南区 北区 新建区 新市区 城东区 城西区 城北区 "
                          "城中区 城关区 市中区".split())


def find_mentions(text: str) -> Counter:
    """Counts of full division names in ``text``."""
    return Counter(m.group() for m in _name_rx().finditer(text))


def resolve(text: str, head: str = "", mentions: Counter | None = None) -> dict:
    """Resolve the jurisdiction of a document.

    Parameters
    ----------
    text : str — the whole normalised text; head : str — the title/header lines, whose mentions
    weigh more; mentions : Counter | None — :func:`find_mentions` of ``text``, when the caller has it.

    Returns
    -------
    dict with ``jurisdiction``, ``admin_level``, ``province``, ``city``, ``admin_code`` (None where
    unknown) and ``candidates`` (list of codes when the name is ambiguous).  A name the division table
    does not know is kept as the header prints it (:func:`printed_name`), without code or province.
    """
    empty = {"jurisdiction": None, "admin_level": None, "province": None, "city": None,
             "admin_code": None, "candidates": []}
    level = report_level(text)
    mentions = Counter(mentions) if mentions is not None else find_mentions(text)
    for name, n in find_mentions(head).items():
        mentions[name] += 3 * n
    if level == "national":
        return {**empty, "jurisdiction": "全国", "admin_level": "national"}
    by_name = _by_name()
    ranked = sorted(mentions.items(), key=lambda kv: -kv[1])

    def named_above(c: Division) -> bool:  # the division's province or city is mentioned too
        return bool(mentions.get(c.province) or (c.city and mentions.get(c.city)))

    for name, _ in ranked:
        cands = by_name[name]
        if level and not any(c.level == level for c in cands):
            continue
        if name in GENERIC_NAMES and not any(named_above(c) for c in cands):
            continue
        cands = [c for c in cands if not level or c.level == level]
        if len(cands) > 1:
            enclosing = [c for c in cands if named_above(c)]
            if len(enclosing) == 1:
                cands = enclosing
            else:
                return {**empty, "jurisdiction": name, "admin_level": level,
                        "candidates": [c.code for c in cands]}
        d = cands[0]
        return {"jurisdiction": d.name, "admin_level": d.level, "province": d.province,
                "city": d.city if d.level == "county" else (d.name if d.level == "city" else None),
                "admin_code": d.code, "candidates": []}
    printed = printed_name(head or text[:200])
    if printed:
        return {**empty, "jurisdiction": printed, "admin_level": level or LEVEL_BY_SUFFIX.get(printed[-1])}
    return {**empty, "admin_level": level}


#: A division named as the author or subject of a report, as report headers print it (``青山县人民政府
#: 关于…``, ``关于青山县十八届人大三次会议…``, ``政协青山县委员会``): kept as printed when the division
#: table does not know the name (renamed or merged counties of older reports, or a typo), with no code.
PRINTED_NAME = re.compile(
    r"(?:^|\n|关于|政协)\s*([\u4e00-\u9fff]{1,8}?(?:自治县|自治州|自治区|县|区|市|旗|州|盟))"
    r"(?=人民政府|人大常委会|人民代表大会|政协|委员会|第?[一二三四五六七八九十]+届)")
_NOT_A_NAME = re.compile(r"^(?:全|本|我|各|该|省|市|县|区|州|旗|两|新一|上一)"
                         # a preposition before the level word of a letter's heading (对市十七届人大五次会议第34号建议的答复,
                         # a 2020 town reply): 于都县, 将乐县 are names, 对市 and 对区 are not
                         r"|^(?:对|在|由|向|为|从|经|把|被|与|及|就|按|据)[省市县区州旗盟]$")


def printed_name(head: str) -> str | None:
    """The division name a report's header prints before its government, congress or committee
    (see :data:`PRINTED_NAME`), or None.  ``全县``, ``本市`` and the like are not names."""
    for m in PRINTED_NAME.finditer(head):
        name = re.sub(r"^(?:关于|政协)", "", m.group(1))
        if len(name) >= 2 and not _NOT_A_NAME.match(name):
            return name
    return None
