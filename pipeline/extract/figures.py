"""Figures: every quantity stated with a unit (money, counts, people, households, areas, lengths,
masses, percentages), normalised.

Stage: ``NormalizedText → list[Figure]``.  Normalisation (record contract): money in yuan (CNY),
area in m2 (1 亩 = 2000/3 m2), length in m, mass in t, percent as 0-100; counts keep their
measure word.  Not figures: dates, ordinals (``第四十二次``), names with digits (``120急救中心``,
``318路``, ``“1+3”工程``), and Chinese numerals below ten that do not state money (``一个平台``,
``三级网络``).

``about`` (a few words of what is measured) is cut at word boundaries, never inside a word: the
clause next to the figure (up to the nearest punctuation, bracket, quote, ``|`` or whitespace) is
segmented with the project's jieba set-up (:func:`pipeline.nlp.tokenize`, domain words included)
and whole words are taken outward from the figure while the snippet is shorter than
:data:`ABOUT_CHARS` (8) characters, never past :data:`ABOUT_MAX_CHARS` (10).  A word holding a
number (digits, another quantity with its unit, ``第N``) ends the snippet, so it holds no
neighbouring figure's number (``其中37所小学校有36所…`` → ``小学校有``).  The words after the figure
are used when they give two characters or more (a leading 的/是/为 dropped), else the words before
it (``2025年再新增泊位1500个`` → ``再新增泊位``); a short bracketed label right before the figure is
passed over (``基本解决的（A类）58件`` → ``解决或基本解决的``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..nlp import tokenize
from .numbers import ARABIC, CN_DIGITS, MAGNITUDE, parse_chinese

#: unit as written → (kind, normalised unit, factor to the normalised unit).
UNITS: dict[str, tuple[str, str, float]] = {
    "亿元": ("money", "CNY", 1e8), "億元": ("money", "CNY", 1e8), "万元": ("money", "CNY", 1e4),
    "萬元": ("money", "CNY", 1e4), "千元": ("money", "CNY", 1e3), "元": ("money", "CNY", 1.0),
    "平方公里": ("area", "m2", 1e6), "平方千米": ("area", "m2", 1e6), "平方米": ("area", "m2", 1.0),
    "㎡": ("area", "m2", 1.0), "m2": ("area", "m2", 1.0), "m²": ("area", "m2", 1.0),
    "公顷": ("area", "m2", 1e4), "亩": ("area", "m2", 2000 / 3), "畝": ("area", "m2", 2000 / 3),
    "公里": ("length", "m", 1000.0), "千米": ("length", "m", 1000.0), "km": ("length", "m", 1000.0),
    "KM": ("length", "m", 1000.0), "米": ("length", "m", 1.0),
    "吨": ("mass", "t", 1.0), "噸": ("mass", "t", 1.0), "千克": ("mass", "t", 1e-3),
    "公斤": ("mass", "t", 1e-3),
    "户": ("households", "户", 1.0), "戶": ("households", "户", 1.0),
    "人次": ("people", "人次", 1.0), "人": ("people", "人", 1.0), "名": ("people", "名", 1.0),
    "%": ("percent", "%", 1.0),
}
#: Measure words of counts (the unit is kept as written).
COUNT_WORDS = ("个", "個", "所", "家", "台", "座", "场", "場", "次", "辆", "輛", "条", "條", "项", "項", "件",
               "处", "處", "间", "間", "张", "張", "套", "盏", "盞", "批", "栋", "棟", "幢", "眼", "口", "支",
               "部", "册", "冊", "份", "篇", "期", "届", "类", "類", "所", "座", "片", "棵", "株", "辆次", "家次")

QUAL_BEFORE = {"约": "approx", "大约": "approx", "近": "approx", "接近": "approx", "将近": "approx",
               "超过": "more_than", "逾": "more_than", "多于": "more_than", "超": "more_than",
               "不少于": "at_least", "至少": "at_least", "不低于": "at_least",
               "不超过": "at_most", "不足": "at_most", "不到": "at_most", "不高于": "at_most"}
QUAL_AFTER = {"以上": "at_least", "以下": "at_most", "以内": "at_most", "内": "at_most",
              "左右": "approx", "余": "approx", "多": "approx"}
#: Rate denominators: ``每亩补助25元`` → 亩, ``年产150万吨`` → 年.
PER_BEFORE = re.compile(r"(?:每(?P<u>亩|畝|户|戶|人|年|月|天|日|平方米|公里|吨|个)|(?P<y>年产|年均|年处理|年发电|年接待)|(?P<c>人均|户均|亩均))[^，。；]{0,6}$")
PER_AFTER = re.compile(r"/(?P<u>亩|户|人|年|月|天|平方米|吨|个)")

_UNIT_ALT = "|".join(re.escape(u) for u in sorted(list(UNITS) + list(COUNT_WORDS), key=len, reverse=True))
_NUM = rf"(?:{ARABIC}(?:万|萬|亿|億)?|[{CN_DIGITS}]+)"
FIGURE = re.compile(
    rf"(?P<pre>{'|'.join(sorted(QUAL_BEFORE, key=len, reverse=True))})?"
    rf"(?<![\d.A-Za-z])(?P<num>{_NUM})(?:(?:-|~|～|—|至|到)(?P<num2>{_NUM}))?(?P<mid>余|多)?"
    rf"(?P<unit>{_UNIT_ALT})(?P<post>以上|以下|以内|左右|内(?![容部外涵])|余(?!额))?"
)
PERCENT_CN = re.compile(r"(?P<pre>超过|约|近)?百分之(?P<num>[零〇○一二三四五六七八九十百点]+)")
#: Words after a number-and-measure-word that make it an ordinal or a name, not a quantity.
#: (Matched at the end of the unit with ``pattern.match(text, pos)``, so no copy of the rest of the text.)
NOT_AFTER = re.compile(r"会议|次会议|届|号|路|期工程|级|星|版|大|周年")
#: A term of a congress or committee is an ordinal even without 第: followed by the body
#: (``县十八届人大三次会议``, ``十四届全国人大``, ``七届政协``, ``第十八届人民代表大会常务委员会``) or by its
#: session (``县政协十届三次会议``, ``省政协十二届五次会议``), or preceded by the body (``政协十届``,
#: ``人大常委会十四届``), as CPPCC handling reports write it.
TERM_ORDINAL = re.compile(r"人大|政协|全国|省|市|县|区|州|人民代表大会|委员会|常委会|党代会|中央|代表|委员"
                          r"|第?[一二两三四五六七八九十\d]+次")
TERM_BODY_BEFORE = re.compile(r"(?:人大|政协|人民代表大会|委员会|常委会|党委)$")
#: ``about``: whole words are added while it is shorter than ABOUT_CHARS characters, and none that
#: would take it past ABOUT_MAX_CHARS (the earlier fixed cut, mid-word, was 8 characters).
ABOUT_CHARS = 8
ABOUT_MAX_CHARS = 10
#: ``about``: the clause next to a figure ends at these (punctuation, brackets, quotes, table bars,
#: whitespace); at most :data:`ABOUT_CLAUSE` characters of it are segmented.
ABOUT_CLAUSE_STOP = r"，。；、：,.;:！？!?﹔（）()“”‘’《》【】|\s"
ABOUT_CLAUSE = 24
_CLAUSE_AFTER = re.compile(f"[^{ABOUT_CLAUSE_STOP}]{{0,{ABOUT_CLAUSE}}}")
_CLAUSE_BEFORE = re.compile(f"[^{ABOUT_CLAUSE_STOP}]{{0,{ABOUT_CLAUSE}}}$")
#: ``about``: a bracketed label of up to 6 characters just before the figure (``（A类）``, ``(B类)``).
ABOUT_LABEL_BEFORE = re.compile(r"[（(][^（）()]{1,6}[）)]$")
#: Digit runs with the letter or character after them (``2025年``, ``12号``) are numbers too.
DIGIT_RUN = re.compile(r"\d[\d.,]*[^\W\d_]?")
#: Words not kept at the start of an ``about`` taken after the figure (``3个为…``, ``100%的…``).
ABOUT_SKIP_FIRST = ("的", "是", "为")


@dataclass(frozen=True)
class Figure:
    """One quantity.

    raw : str — as written (qualifier included); kind : str; value : float — normalised (yuan,
    m2, m, t, %, count); value_max : float | None — the high end of a range; unit : str;
    qualifier : str | None; per : str | None; about : str — a few words of what is measured;
    span : (start, end) in the normalised text.
    """

    raw: str
    kind: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None
    per: str | None
    about: str
    span: tuple[int, int]


def _num_value(s: str) -> tuple[float | None, bool]:
    """(value, is_chinese) of a number with optional trailing 万/亿."""
    mult = 1.0
    if len(s) > 1 and s[-1] in MAGNITUDE and re.match(r"^[\d.,]+$", s[:-1]):
        mult, s = MAGNITUDE[s[-1]], s[:-1]
    if re.fullmatch(ARABIC, s):
        return float(Decimal(s.replace(",", "")) * Decimal(int(mult))), False
    if not any(c in s for c in "一二两三四五六七八九十"):
        return None, True
    v = parse_chinese(s)
    return (None if v is None else v * mult), True


def _number_spans(clause: str) -> list[tuple[int, int]]:
    """(start, end) offsets in ``clause`` of every number: quantities with their unit
    (:data:`FIGURE`, :data:`PERCENT_CN`, qualifiers included) and digit runs (:data:`DIGIT_RUN`),
    each with a ``第`` right before it."""
    spans = [m.span() for rx in (FIGURE, PERCENT_CN, DIGIT_RUN) for m in rx.finditer(clause)]
    return [(s - 1 if s and clause[s - 1] == "第" else s, e) for s, e in spans]


def _about_words(clause: str, outward: int, skip_first: tuple[str, ...] = ()) -> str:
    """Whole words of ``clause`` taken from the figure's side while shorter than :data:`ABOUT_CHARS`
    characters (never past :data:`ABOUT_MAX_CHARS`), up to the first word that holds a number.

    ``outward`` is 1 when the clause follows the figure (words taken left to right), -1 when it
    precedes it (right to left); a first word in ``skip_first`` is dropped.  Words are jieba's
    (:func:`pipeline.nlp.tokenize`, domain words included); ``clause`` holds no whitespace, so the
    words cover it exactly.
    """
    numbers = _number_spans(clause)
    spans, pos = [], 0
    for w in tokenize(clause):
        spans.append((pos, pos + len(w)))
        pos += len(w)
    spans = spans[::outward]
    if spans and clause[spans[0][0] : spans[0][1]] in skip_first:
        spans = spans[1:]
    taken: list[tuple[int, int]] = []
    size = 0
    for s, e in spans:
        if size >= ABOUT_CHARS or size + e - s > ABOUT_MAX_CHARS or any(s < ne and ns < e for ns, ne in numbers):
            break
        taken.append((s, e))
        size += e - s
    if not taken:
        return ""
    return clause[min(taken[0][0], taken[-1][0]) : max(taken[0][1], taken[-1][1])]


def _about(text: str, start: int, end: int) -> str:
    """A few words of what the figure at ``text[start:end]`` measures (see the module docstring):
    whole jieba words, about :data:`ABOUT_CHARS` characters, without a neighbouring number.

    The words after the figure when they give two characters or more, else the words before it;
    ``""`` when neither side has a word before punctuation or a number.
    """
    after = _CLAUSE_AFTER.match(text, end).group()
    about = _about_words(after, 1, ABOUT_SKIP_FIRST)
    if len(about) >= 2:
        return about
    # only the clause's reach before the figure is looked at (not the whole text before it, per figure);
    # a short bracketed label right before the number (已经解决或基本解决的（A类）58件) is passed over
    lead = ABOUT_LABEL_BEFORE.sub("", text[max(0, start - ABOUT_CLAUSE - 8) : start])
    return _about_words(_CLAUSE_BEFORE.search(lead).group(), -1)


def extract_figures(text: str) -> list[Figure]:
    """All figures in ``text`` in order (see the module docstring for what is left out)."""
    out: list[Figure] = []
    for m in FIGURE.finditer(text):
        num, unit = m.group("num"), m.group("unit")
        # a trailing magnitude char captured inside a Chinese number (三百二十万) or before the unit
        start = m.start("num")
        if start and text[start - 1] == "第":
            continue
        if NOT_AFTER.match(text, m.end("unit")):
            continue
        if unit == "届" and (TERM_ORDINAL.match(text, m.end("unit"))
                            or TERM_BODY_BEFORE.search(text, max(0, start - 6), start)):
            continue
        if unit in UNITS:
            kind, norm_unit, factor = UNITS[unit]
        else:
            kind, norm_unit, factor = "count", unit, 1.0
        # 万/亿 right before the unit belong to the number (Arabic ``820.8万平方米``)
        value, is_cn = _num_value(num)
        if value is None:
            continue
        if is_cn and kind != "money" and value < 10:
            continue
        if kind == "count" and not is_cn and "." in num and num[-1] not in MAGNITUDE:
            continue  # 1.5个 is not a count
        value2 = None
        if m.group("num2"):
            value2, _ = _num_value(m.group("num2"))
            if value2 is not None and num[-1] not in MAGNITUDE and m.group("num2")[-1] in MAGNITUDE:
                value *= MAGNITUDE[m.group("num2")[-1]]
        qualifier = None
        if m.group("pre"):
            qualifier = QUAL_BEFORE[m.group("pre")]
        mid_or_post = m.group("mid") or m.group("post")
        if mid_or_post:
            qualifier = QUAL_AFTER[mid_or_post]
        per = None
        pb = PER_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        if pb:
            per = pb.group("u") or ("年" if pb.group("y") else {"人均": "人", "户均": "户", "亩均": "亩"}[pb.group("c")])
        pa = PER_AFTER.match(text, m.end())
        if pa:
            per = pa.group("u")
        s0 = m.start() if m.group("pre") else m.start("num")
        out.append(Figure(
            raw=text[s0 : m.end()], kind=kind, value=round(value * factor, 4),
            value_max=None if value2 is None else round(value2 * factor, 4), unit=norm_unit,
            qualifier=qualifier, per=per, about=_about(text, s0, m.end()), span=(s0, m.end()),
        ))
    for m in PERCENT_CN.finditer(text):
        v = parse_chinese(m.group("num")) if m.group("num") != "百" else 100.0
        if v is None:
            continue
        q = QUAL_BEFORE.get(m.group("pre") or "", None)
        s0 = m.start()
        out.append(Figure(raw=m.group(), kind="percent", value=v, value_max=None, unit="%", qualifier=q,
                          per=None, about=_about(text, s0, m.end()), span=(s0, m.end())))
    out.sort(key=lambda f: f.span)
    return out
