"""Report-level facts: kind, title, body, session, meeting, date, reporter, total, completed date,
rates, outcome classes and by-domain breakdown.

Stage: ``Segments → dict`` (the contract's ``report`` object without jurisdiction, which
:mod:`pipeline.extract.jurisdiction` adds).  Each rule names the wording it covers.
"""
from __future__ import annotations

import re

from ..records import Segments
from .dates import FULL_DATE, find_dates, parse_date
from .numbers import parse_chinese, parse_percent
from .outcomes import classify_outcome

CN = "一二三四五六七八九十"
_CNUM = r"(?:\d+|[一二三四五六七八九](?:、[零〇○一二三四五六七八九]{3})+|[一二三四五六七八九十百零〇○两]+)"

#: The congress or CPPCC session the suggestions came from: ``县七届人大七次会议``,
#: ``第十四届全国人民代表大会第二次会议``, ``县政协十届三次会议``, ``市第十五届人民代表大会第三次会议``.
SESSION = re.compile(
    rf"(?:第?[{CN}]+届(?:全国)?(?:人大|人民代表大会)第?[{CN}]+次会议"
    rf"|政协(?:[\u4e00-\u9fff]{{0,6}}?)第?[{CN}]+届(?:委员会)?第?[{CN}]+次会议"
    rf"|(?:人大|人民代表大会)第?[{CN}]+届第?[{CN}]+次会议)"
)
#: The meeting a report is delivered to: ``——2025年10月31日在县七届人大常委会第四十二次会议上``.
MEETING_SUBTITLE = re.compile(r"在(?P<m>[^，。；]{2,40}?会议)上")
MEETING_STANDING = re.compile(rf"(?:第?[{CN}]+届)?(?:人大常委会|人民代表大会常务委员会)第?[{CN}]+次会议")
#: Titles of people who deliver reports (``县政府办公室主任 刘宽利``, ``副县长 张三``).
REPORTER = re.compile(
    r"^(?P<title>[\u4e00-\u9fff]{0,16}(?:主任|县长|市长|省长|区长|局长|厅长|部长|秘书长|主席|书记|委员|州长|旗长|镇长|乡长))"
    r"\s*(?P<name>[\u4e00-\u9fff·]{2,4})$"
)
#: Rate names as reports print them, with the qualifiers seen in reports (``办理工作满意率``).
RATE_NAME = (r"(?:办理工作|办理结果|代表|委员|总体|综合|按时|按期|当场|走访)?"
             r"(?:见面沟通|满意和基本满意|满意及基本满意|基本满意|办复|答复|满意|面商|见面|沟通|办结|落实|"
             r"解决|立案|采纳|反馈|回复|走访|联系|复文|办理|协商|按时办结|按期办结|按时答复|按期答复|交办|满意度)率")
RATE = re.compile(rf"(?P<name>{RATE_NAME})(?:（[^）]{{1,10}}）)?(?:均|都|分别)?(?:为|达|达到|是|超过)?(?P<val>\d+(?:\.\d+)?%|百分之[{CN}百零点〇○]+)")
RATES_SHARED = re.compile(
    rf"(?P<names>{RATE_NAME}(?:[、，和及与]{RATE_NAME})+)(?:（[^）]{{1,10}}）)?(?:均|都|全部)(?:为|达|达到|是)?(?P<val>\d+(?:\.\d+)?%|百分之[{CN}百零点〇○]+)"
)
RATES_RESPECTIVELY = re.compile(
    rf"(?P<names>{RATE_NAME}(?:[、，和及与]{RATE_NAME})+)(?:（[^）]{{1,10}}）)?分别(?:为|达|达到|是)?"
    rf"(?P<vals>(?:\d+(?:\.\d+)?%[、，和及与]?)+)"
)
_RATE_NAME_RX = re.compile(RATE_NAME)

#: A count of items ``N件`` (Arabic or Chinese numerals).
COUNT = rf"(?P<count>{_CNUM})\s*件"
#: An outcome clause: ``（二）建议所提问题已经解决或基本解决的118件，占办结总数的67.6%``,
#: ``A类建议64件，占50%``, ``312件(甲类)``.
OUTCOME = re.compile(
    rf"(?P<label>[^，。；：:]{{2,60}}?)(?P<count>{_CNUM})\s*件(?:[（(](?P<letter2>[甲乙丙丁ABCD])类[）)])?"
    rf"(?:[，,]?\s*(?:约?占[^，。；\d%]{{0,12}}?|比例为|比例)(?P<pct>\d+(?:\.\d+)?)\s*%)?"
)
#: An outcome given only as a share: ``所提问题已经解决或列入计划逐步解决的，占建议总数的77.3%``.
OUTCOME_PCT_ONLY = re.compile(r"(?P<label>[^，。；：:\d]{4,60}?)的[，,]?\s*占[^，。；\d%]{0,12}?(?P<pct>\d+(?:\.\d+)?)\s*%")
KEY_TOTAL = re.compile(rf"(?P<label>重点(?:督办|办理|处理)?(?:建议|提案|议案))(?:共|有|为)?\s*(?P<count>{_CNUM})\s*件")
#: a key count that is one domain's share (``经济建设方面重点提案7件``), not the key total
_KEY_BY_DOMAIN = re.compile(r"(?:方面|类|领域)的?$")
#: Totals: ``共办理建议174件``, ``共收到…提案163件，…立案148件``, ``交由县政府办理的代表建议118件``,
#: ``交由县人民政府办理政协委员提案99件``, ``将99件提案分别交由48个单位承办``.
TOTAL_PATTERNS = (
    re.compile(rf"(?<!不予)(?<!未)立案(?:[^，。；\d]{{0,16}}?的)?\s*(?:提案)?\s*(?P<count>{_CNUM})\s*件"),
    re.compile(rf"共(?:办理|承办|交办|受理|接收|收到并办理|需办理|负责办理)[^，。；\d]{{0,40}}?(?P<count>{_CNUM})\s*件"),
    re.compile(rf"(?:代表|委员)们?(?:共|共计)?(?:提出|提交)的?(?:建议|提案)[^，。；\d]{{0,12}}?(?:共计|共|合计)?(?P<count>{_CNUM})\s*件"),
    re.compile(rf"(?:代表|委员)?(?:共|共计)?(?:提出|提交)的?(?P<count>{_CNUM})\s*件(?:代表)?(?:建议|提案)"),
    re.compile(rf"(?:共|共计)(?:提出|提交)了?(?:代表|委员)?(?:建议|提案)(?P<count>{_CNUM})\s*件"),
    re.compile(rf"(?:办理|承办)的(?:共|共计)(?P<count>{_CNUM})\s*件"),
    re.compile(rf"(?:办理|承办|交办|交由[^，。；]{{0,12}}?办理)(?:的)?(?:人大|政协)?(?:代表|委员)?(?:建议|提案|议案)[^，。；\d]{{0,16}}?(?P<count>{_CNUM})\s*件"),
    re.compile(rf"(?:共|共计)?收到(?:代表|委员)?[^，。；\d]{{0,12}}?(?:建议|提案)[^，。；\d]{{0,8}}?(?P<count>{_CNUM})\s*件"),
    # ``交由县人民政府办理的81件建议、批评和意见``
    re.compile(rf"交由[^，。；\d]{{0,16}}?(?:办理|承办)的(?P<count>{_CNUM})\s*件(?:人大|政协)?(?:代表|委员)?(?:建议|提案|议案)"),
    # ``将99件提案分别交由48个单位承办`` (a CPPCC report's assignment sentence)
    re.compile(rf"将(?:全部|这些|上述)?(?P<count>{_CNUM})\s*件(?:人大|政协)?(?:代表|委员)?(?:建议|提案|议案)[^，。；\d]{{0,6}}?"
               rf"(?:分别)?(?:交由|交给|转交|交)"),
)
#: The handled part of what was submitted, which is the total even after 其中 (trial documents: 2009 武汉 CPPCC
#: news ``共收到提案835件，其中交由市政府…办理的801件``; 2017 四川 NPC news ``其中归属省政府系统组织办理的建议778件``;
#: ``其中166件交区政府办理``).  Ranked with the 立案 count, above counts of what was submitted.
SUBSET_TOTAL_PATTERNS = (
    re.compile(rf"(?:交由|交|归属)[^，。；\d]{{0,20}}?(?:办理|承办)的(?:人大|政协)?(?:代表|委员)?(?:建议|提案|议案)?"
               rf"\s*(?P<count>{_CNUM})\s*件"),
    re.compile(rf"其中(?P<count>{_CNUM})\s*件(?:建议|提案|议案)?(?:交由|交)[^，。；\d]{{0,12}}?(?:办理|承办)"),
)
#: a suggestion count listed right after a motion count (``承办的议案1件、代表建议93件``): the total is the
#: suggestions', not the motions'
_AFTER_MOTIONS = re.compile(rf"[、，和及与]\s*(?:人大)?(?:代表)?(?:建议|提案)[^，。；\d]{{0,8}}?(?P<count>{_CNUM})\s*件")
#: Words that mark a count as something else than the total (growth, cumulative, previous years).
TOTAL_DISTRACTORS = ("比上年", "同比", "增加", "减少", "累计", "五年来", "历年", "以来累计", "上年", "去年",
                     "重点", "其中", "涉及", "占", "本届以来", "近五年", "届内", "遴选", "选出", "评出",
                     "确定", "名代表", "代表团")
COMPLETED = re.compile(r"(?:办理完毕|全部办结|全部办复|办结完毕|答复完毕|全部答复|按期办结|全部按期|均已办结|均已办复|已办结并答复|均已答复|"
                       r"全部按(?:规定)?时限办(?:复|结))")

_LEADING = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.、．]|其中|目前|现已|已有|另有|经|按办理结果分类|办理结果[^，]*?|从办理结果看)[，、：:]?")


def _count(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    v = parse_chinese(s)
    return int(v) if v is not None and v == int(v) else None


def find_title(seg: Segments) -> str | None:
    """The title line(s) at the top: leading blocks without sentence punctuation, joined, ending in
    a document noun (报告, 通报, 答复, 复函, 目录, 清单 …)."""
    text = seg.text.text
    parts = []
    for b in seg.blocks[:4]:
        line = text[b.start : b.end]
        if line.startswith("——") or any(c in line for c in "，。：；") or len(line) > 80:
            break
        parts.append(line.strip())
        joined = "".join(parts)
        if re.search(r"(报告|通报|答复|复函|的函|目录|清单|一览表|汇总表|情况|意见|说明)$", joined):
            return re.sub(r"\s+", "", joined)
    return None


#: Information-disclosure header lines of government sites, page chrome rather than the document:
#: ``索引号 | 01526242-5/20240207-00001 | 发布机构 | 龙陵县人民政府 |``, ``公开目录 | 人大建议和政协提案年度办理工作情况 |``,
#: ``时间:2023-11-23 来源:政府办``.  Their category name made a CPPCC report "both bodies" and a "list" (公开目录),
#: and their 来源 made a government summary "news".
_SITE_META = re.compile(
    r"^(?:[^\n]{0,60}[|｜\s])?(?:索引号|发布机构|公开目录|主题分类|发文机关|发布日期|成文日期|文号|浏览量|浏览次数|"
    r"访问量|信息来源|来源|发布时间|时间|字号)\s*[:：|｜][^\n]*\n?", re.M)
#: a 来源 naming a news outlet (``来源：XX日报``, ``来源: 新华社``) still marks a news item.
_MEDIA_SOURCE = re.compile(r"来源\s*[:：|｜]\s*[^\s|｜]{0,16}?(?:报|电视台|广播|新闻|融媒|杂志|新华社|中新社|人民网|新华网|"
                           r"央视|客户端)")


#: a newsroom's dateline opening an item: ``本网讯(记者黄蕊)11月14日``, ``本报讯``, ``（记者 王某）``, ``新华社北京3月5日电``.
_DATELINE = re.compile(r"(?:本报讯|本网讯|本台讯|融媒体中心讯|[讯电]\s*[（(]\s*记者|^\s*[（(]?记者[^\n，。]{0,12}[）)]|新华社[^\n，。]{0,8}电)",
                       re.M)


def without_site_metadata(text: str) -> str:
    """``text`` without the information-disclosure header lines (:data:`_SITE_META`) of its first 600
    characters; the rest unchanged.  For the document-level guesses only (kind, body): offsets shift."""
    return _SITE_META.sub("", text[:600]) + text[600:]


def detect_kind(text: str, title: str | None) -> str | None:
    """``summary_report``, ``reply_letter``, ``suggestion_list``, ``news`` or ``other``; None when
    the text has no suggestion/proposal handling content at all.  A site's information-disclosure
    header (:func:`without_site_metadata`) is not read, except a 来源 that names a news outlet."""
    media = _MEDIA_SOURCE.search(text[:300] + text[-200:])
    text = without_site_metadata(text)
    head = (title or "") + text[:200]
    if not re.search(r"建议|提案|议案", text) or not re.search(
            r"办理|答复|办复|交办|承办|主办|督办|立案|提出|提交|案由|领衔|附议|提案人|提案者|目录", text):
        return None
    if _DATELINE.search(text[:300]):  # a newsroom's dateline: news, whatever the headline says (…逐件答复)
        return "news"
    # a letter's title ends in 答复/复函 (对…第16号建议的答复, 关于…提案的复函); 答复 inside a summary's sentence
    # (提案的质量、交办、答复、落实…) is not one
    if re.search(r"(?:答复|复函|的函)(?:书)?\s*(?:\n|$)", head[:160]) or re.search(r"(?:答复|复函)[^，。；\n]{0,4}$", title or "") \
            or re.search(r"收悉|现答复如下|现将[^。]{0,12}答复如下|答复如下", text[:600]):
        return "reply_letter"
    if re.search(r"目录|清单|一览表|汇总表|名单|名录", head[:120]):
        return "suggestion_list"
    # meeting and intake news without a newsroom's byline: the headline says a body held a meeting
    # (县政协召开重点提案办理协商会, 琼海市召开2024年建议提案交办会) or received N items (…会议收到提案917件), or the
    # lede opens with the day (7月12日，县政协召开…)
    first = text.lstrip().split("\n", 1)
    if re.search(r"(?:召开|举行|举办)[^\n，。]{0,24}(?:会|会议)$|收到(?:代表|委员)?(?:建议|提案|议案)[^\n，。]{0,6}\d+件$",
                 first[0].strip()) or (len(first) > 1 and re.match(r"\s*\d{1,2}月\d{1,2}日[，,]", first[1])):
        return "news"
    if media or re.search(r"记者|通讯员|本报讯|本网讯|报讯|网讯|日讯|日电|讯（|讯\(|融媒体中心讯|编辑[:：]|责任编辑",
                          text[:300] + text[-200:]):
        return "news"
    return "summary_report"


def detect_body(text: str) -> str | None:
    """``npc`` (人大代表建议), ``cppcc`` (政协提案), or None when the document covers both (its
    title or opening names 建议提案 / 建议和提案 together, as department summaries and assignment
    meetings do).  A site's information-disclosure header (:func:`without_site_metadata`) is not read."""
    text = without_site_metadata(text)
    head = text[:300]
    if re.search(r"建议(?:和|、|及|与)?(?:委员|政协)?提案|提案(?:和|、|及|与)建议", head) and re.search(r"人大|代表", text) \
            and re.search(r"政协|委员", text):
        return None
    npc = len(re.findall(r"代表建议|人大代表|人大|代表", text))
    cppcc = len(re.findall(r"提案|政协|委员提", text))
    if cppcc == 0 and npc == 0:
        return None
    if npc >= 2 * cppcc:
        return "npc"
    if cppcc >= 2 * npc:
        return "cppcc"
    return None


def find_session(text: str, place_names: list[str]) -> str | None:
    """The session the suggestions came from, with its place prefix as written (``县七届人大七次会议``)."""
    for m in SESSION.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()]
        pre = ""
        for name in sorted(place_names, key=len, reverse=True):
            if before.endswith(name):
                pre = name
                break
        else:
            if before and before[-1] in "省市县区州旗":
                pre = before[-1]
                if before.endswith("自治区"):
                    pre = "自治区"
        if m.group().startswith("政协") and before.endswith("政协"):
            pre = ""
        return pre + m.group()
    return None


def find_meeting(text: str, head: str) -> str | None:
    """The meeting a report was delivered to (subtitle ``在…会议上``, else a standing-committee
    meeting named in the text)."""
    m = MEETING_SUBTITLE.search(head)
    if m:
        return m.group("m")
    m = MEETING_STANDING.search(text[:400])
    if m:
        before = text[max(0, m.start() - 1) : m.start()]
        return (before if before in "省市县区州旗" and before else "") + m.group()
    return None


def find_reporter(seg: Segments) -> dict | None:
    """``{name, title}`` from a reporter line near the top (``县政府办公室主任 刘宽利``)."""
    text = seg.text.text
    for b in seg.blocks[:8]:
        line = text[b.start : b.end].strip()
        if line.startswith("——"):
            line = re.sub(r"^——.*?(?:会议上|日)", "", line).strip()
        m = REPORTER.match(line)
        if m:
            return {"name": m.group("name"), "title": m.group("title")}
    return None


def find_report_date(seg: Segments) -> str | None:
    """The report's date: from the subtitle line (``——2025年10月31日在…``), else the last date in
    the closing lines (a signature date), else the first date in the header."""
    text = seg.text.text
    for b in seg.blocks[:6]:
        line = text[b.start : b.end]
        if line.startswith("——") or line.startswith("("):
            d = parse_date(line)
            if d:
                return d
    tail_blocks = seg.blocks[-4:]
    for b in reversed(tail_blocks):
        line = text[b.start : b.end]
        if len(line) <= 30:
            m = FULL_DATE.search(line)
            if m and m.end() >= len(line.rstrip("印发 ")) - 2:
                d = parse_date(line)
                if d:
                    return d
    for b in seg.blocks[:3]:
        line = text[b.start : b.end]
        if len(line) <= 30:
            d = parse_date(line)
            if d:
                return d
    return None


#: ``92。5%``: a full stop typed for the decimal point (flagged, read as 92.5).
DECIMAL_TYPO = re.compile(rf"(?P<name>{RATE_NAME})(?:为|达|达到|是)?(?P<raw>(?P<a>\d+)。(?P<b>\d+)%)")


def find_decimal_typos(text: str) -> list[tuple[str, str, float]]:
    """Rates written with 。 as the decimal point: (name, raw, value)."""
    return [(m.group("name"), m.group("raw"), float(f"{m.group('a')}.{m.group('b')}")) for m in DECIMAL_TYPO.finditer(text)]


def find_rates(text: str) -> dict[str, float]:
    """Rates as ``{name as written: percent}``; a shared phrase (``见面率、答复率、满意率均为100%``)
    gives each name, ``分别为…和…`` pairs names with values in order."""
    rates: dict[str, float] = {}
    for m in RATES_RESPECTIVELY.finditer(text):
        names = _RATE_NAME_RX.findall(m.group("names"))
        vals = re.findall(r"\d+(?:\.\d+)?", m.group("vals"))
        for n, v in zip(names, vals):
            rates.setdefault(n, float(v))
    for m in RATES_SHARED.finditer(text):
        v = parse_percent(m.group("val"))
        if v is not None:
            for n in _RATE_NAME_RX.findall(m.group("names")):
                rates.setdefault(n, v)
    for m in RATE.finditer(text):
        v = parse_percent(m.group("val"))
        if v is not None:
            rates.setdefault(m.group("name"), v)
    for name, _raw, v in find_decimal_typos(text):
        rates.setdefault(name, v)
    return rates


def _clean_label(label: str) -> str:
    label = label.strip()
    m = re.search(r"[A-D甲乙丙丁]\s*类\s*[（(](?P<inner>[^）)]+?)的?[）)]", label)
    if m:
        return m.group("inner")
    prev = None
    while prev != label:
        prev = label
        label = _LEADING.sub("", label).strip()
    label = re.sub(r"(?:的)?(?:[ABCD]\s*类|[甲乙丙丁]类)?(?:建议|提案|议案)?(?:共|有)?$", "", label)
    label = re.sub(r"的$", "", label)
    return label


def find_outcomes(seg: Segments) -> list[dict]:
    """Outcome rows ``{scope, category, label, count, percent}``: the key subset (``重点建议共12件，
    其中已经解决或基本解决的8件…``, scope ``key``) and the whole set (scope ``all``)."""
    text = seg.text.text
    rows: list[dict] = []
    seen = set()
    for s, e in seg.sentences:
        sentence = text[s:e]
        key_at = None
        for m in KEY_TOTAL.finditer(sentence):
            if _KEY_BY_DOMAIN.search(sentence[: m.start()]):  # 经济建设方面重点提案7件 (山东省政协, 2023)
                continue
            c = _count(m.group("count"))
            if c is not None:
                rows.append({"scope": "key", "category": "all", "label": m.group("label"), "count": c,
                             "percent": None})
                key_at = m.end()
                break
        for m in OUTCOME.finditer(sentence):
            if key_at is not None and m.start() < key_at and m.end() <= key_at:
                continue
            raw_label = m.group("label")
            letter = m.group("letter2")
            cat = classify_outcome(raw_label + (f"{letter}类" if letter else ""))
            if cat is None:
                continue
            c = _count(m.group("count"))
            pct = float(m.group("pct")) if m.group("pct") else None
            scope = "key" if (key_at is not None or "重点" in sentence[: m.start()]) else "all"
            k = (scope, cat, c)
            if k in seen:
                continue
            seen.add(k)
            letters = _LETTER_IN_LABEL.findall(raw_label + (f"{letter}类" if letter else ""))
            rows.append({"scope": scope, "category": cat, "label": _clean_label(raw_label), "count": c,
                         "percent": pct, "_letter": letters[-1] if letters else None,
                         "_keywords": classify_outcome(_LETTER_IN_LABEL.sub("", raw_label))})
    for s, e in seg.sentences:
        sentence = text[s:e]
        for m in OUTCOME_PCT_ONLY.finditer(sentence):
            cat = classify_outcome(m.group("label"))
            if cat is None or any(r["percent"] == float(m.group("pct")) for r in rows):
                continue
            rows.append({"scope": "key" if "重点" in sentence[: m.start()] else "all", "category": cat,
                         "label": _clean_label(m.group("label")), "count": None,
                         "percent": float(m.group("pct")), "_letter": None, "_keywords": cat})
    _three_tier_last(rows)
    for r in rows:
        r.pop("_letter", None)
        r.pop("_keywords", None)
    return rows


_LETTER_IN_LABEL = re.compile(r"([ABCD甲乙丙丁])\s*类")


def _three_tier_last(rows: list[dict]) -> None:
    """In a three-tier scheme (A/B/C or 甲/乙/丙, no D), the last tier is named by its wording: when
    that wording is 留作参考/说明解释 (explained), the row is ``explained``, not ``planned``
    (the letter decides everywhere else).  Wording seen in provincial 甲乙丙 reports."""
    for scope in ("all", "key"):
        scoped = [r for r in rows if r["scope"] == scope and r.get("_letter")]
        letters = {r["_letter"] for r in scoped}
        if letters and not letters & {"D", "丁"}:
            for r in scoped:
                if r["_letter"] in ("C", "丙") and r.get("_keywords") == "explained":
                    r["category"] = "explained"


#: A by-domain count: ``财政经济类20件，占15.6%``, ``经济建设方面提案301件``, ``涉及经济建设方面的46件``, and one count
#: for each of several domains: ``发改、财政、旅游、卫生和移民方面的各有2件`` (香格里拉县, 2011).
BREAKDOWN = re.compile(
    rf"(?P<label>[\u4e00-\u9fff、和与及]{{2,20}}?)(?P<suffix>类|方面|领域)(?:的)?(?:重点)?(?:建议|提案|议案)?(?:共|(?P<each>各)有?|有)?\s*(?P<count>{_CNUM})\s*件"
    rf"(?:[，,]?\s*约?占[^，。；\d%]{{0,8}}?(?P<pct>\d+(?:\.\d+)?)\s*%)?"
)
#: ``涉及城乡建设和基础设施的58件，占35.4%`` and the closing ``其他8件``.
BREAKDOWN_SHEJI = re.compile(
    rf"(?:涉及|关于)(?P<label>[\u4e00-\u9fff、和与及]{{2,20}}?)(?:方面|类|领域)?的?(?:建议|提案)?\s*(?P<count>{_CNUM})\s*件"
    rf"(?:[，,]?\s*约?占[^，。；\d%]{{0,8}}?(?P<pct>\d+(?:\.\d+)?)\s*%)?"
    rf"|(?<=[；;，])(?P<label2>其他|其它)(?:方面|类)?的?\s*(?P<count2>{_CNUM})\s*件(?:[，,]?\s*占(?P<pct2>\d+(?:\.\d+)?)\s*%)?"
)
_BREAKDOWN_LEAD = re.compile(r"^(?:按内容划分|按内容分|按类别分|从内容看|其中|提案内容|建议内容|内容)?(?:涉及|包括|分别为|为)?")


def find_breakdown(seg: Segments) -> list[dict]:
    """By-domain counts ``{label, count, percent}`` (label without 类/方面/领域); class letters
    (A类), outcome wordings and proposer-type splits (集体/个人) are not domains."""
    text = seg.text.text
    rows: list[dict] = []
    seen = set()
    for b in seg.blocks:
        for sentence in re.split(r"(?<=[。！？])", text[b.start : b.end]):
            rows.extend(_breakdown_rows(sentence, seen))
    return rows


def _breakdown_rows(sentence: str, seen: set) -> list[dict]:
    """Breakdown rows of one sentence: at least two domain counts, or one after 按内容/涉及."""
    rows: list[dict] = []
    found = []
    for m in BREAKDOWN.finditer(sentence):
        labels = re.split(r"[、和与及]", m.group("label")) if m.group("each") else [m.group("label")]
        found += [(lab, m.group("count"), m.group("pct")) for lab in labels if lab]
    sheji = [(m.group("label") or m.group("label2"), m.group("count") or m.group("count2"),
              m.group("pct") or m.group("pct2")) for m in BREAKDOWN_SHEJI.finditer(sentence)]
    if len(sheji) >= 2 and len(sheji) >= len(found):  # (``涉及A方面的45件，B方面的30件…其他20件``: keep all four)
        found = sheji
    if len(found) < 2 and not re.search(r"按内容|内容涉及|从内容|按类别|领域分布", sentence):
        return rows
    for raw_label, count, pct in found:
        label = _BREAKDOWN_LEAD.sub("", raw_label.lstrip("、和与及"))  # ``…18件、交通方面…``: not ``、交通``
        if (not label or len(label) < 2 or classify_outcome(label)
                or re.search(r"[A-D甲乙丙丁]$|集体|个人|重点|主办|协办|会办|联名", label)):
            continue
        c = _count(count)
        if c is None or (label, c) in seen:
            continue
        seen.add((label, c))
        rows.append({"label": label, "count": c, "percent": float(pct) if pct else None})
    return rows


def find_total(seg: Segments) -> int | None:
    """The number of suggestions (or proposals: the 立案 count) handled; None when none is stated.

    Counts in clauses about growth, cumulative terms, previous years or subsets are skipped.  Among
    the remaining candidates a 立案 count wins (CPPCC reports: total = filed), then the count the
    text repeats most (``9160件建议…今年的9160件建议中`` over the split ``提出建议8972件``), then the
    earlier pattern of :data:`TOTAL_PATTERNS`, then the earlier position.  A count in a sentence
    about an earlier year than the document's own (``2023年…共211件`` in a 2024 item) is skipped.
    A delegation's count (``代表团``) is a subset, except in a document whose title names the
    delegation (``港区代表团今年提交103件建议``): there it is the total.
    """
    text = seg.text.text
    head = text[: seg.blocks[0].end] if seg.blocks else ""
    distractors = tuple(w for w in TOTAL_DISTRACTORS if not (w == "代表团" and w in head))
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})年", head)]
    doc_year = max(years) if years else None
    cands = []
    patterns = [(rx, pi == 0, distractors) for pi, rx in enumerate(TOTAL_PATTERNS)]
    patterns += [(rx, True, tuple(w for w in distractors if w != "其中")) for rx in SUBSET_TOTAL_PATTERNS]
    for pi, (rx, preferred, skip_words) in enumerate(patterns):
        for s, e in seg.sentences:
            sentence = text[s:e]
            if doc_year and any(int(y) < doc_year for y in re.findall(r"((?:19|20)\d{2})年", sentence)):
                continue
            for m in rx.finditer(sentence):
                clause_start = max(sentence.rfind(c, 0, m.start()) for c in "，；：")
                clause = sentence[clause_start + 1 : m.end()]
                if any(w in clause for w in skip_words):
                    continue
                count, at = m.group("count"), m.start()
                if "议案" in m.group(0):
                    after = _AFTER_MOTIONS.match(sentence, m.end())
                    if after:
                        count, at = after.group("count"), after.start("count")
                c = _count(count)
                if c:
                    repeats = len(re.findall(rf"(?<!\d){c}(?!\d)", text))
                    cands.append((preferred, repeats, -pi, -(s + at), c))
    return max(cands)[-1] if cands else None


def find_completed_date(seg: Segments, year: int | None) -> str | None:
    """The date by which all were handled (``截至2025年9月6日，所有建议全部办理完毕``)."""
    text = seg.text.text
    for s, e in seg.sentences:
        sentence = text[s:e]
        if COMPLETED.search(sentence):
            d = parse_date(sentence, year)
            if d:
                return d
    return None


def extract_report(seg: Segments, place_names: list[str]) -> dict:
    """The contract's ``report`` fields found in ``seg`` (jurisdiction fields excluded).

    Raises nothing: fields not found are None (or empty).
    """
    text = seg.text.text
    title = find_title(seg)
    head = "\n".join(text[b.start : b.end] for b in seg.blocks[:6])
    date = find_report_date(seg)
    year = int(date[:4]) if date else None
    if year is None:
        ds = find_dates(text)
        year = int(ds[0][2][:4]) if ds else None
    return {
        "kind": detect_kind(text, title),
        "title": title,
        "body": detect_body(text),
        "source_session": find_session(text, place_names),
        "meeting": find_meeting(text, head),
        "report_date": date,
        "reporter": find_reporter(seg),
        "total": find_total(seg),
        "completed_date": find_completed_date(seg, year),
        "rates": find_rates(text),
        "outcomes": find_outcomes(seg),
        "breakdown": find_breakdown(seg),
    }

