"""Reply letters (答复/复函): the one suggestion a letter answers.

Stage: ``Segments → Suggestion | None``.  Wording covered (reply letters of county, city, provincial
and national departments):

* the salutation names the proposers: ``聂春林等5名代表：``, ``常宏斌、殷淑芳委员：``,
  ``尊敬的罗振华、曾晓霞代表：``, ``民进盐城市委会：`` (an organisation), ``颜志诚等委员：``;
* a record header can name them instead: ``领衔代表：鲁红梅`` / ``附议代表：邹德兵、向敏超``;
* the title follows ``提出的``: in ``《》``, in quotes (``“关于…” 的提案``), or bare up to
  ``建议``/``提案`` before ``收悉``; or in a header ``案　由：关于…的建议``;
* the number: ``第0036号建议``, ``第 64 号建议``, ``第203号《…》``, ``建议号：137号``, ``（第0036号）``
  — never a document number (``〔2023〕42号``);
* the class the letter gives: ``类别：A``, ``类 别：B``, ``办复类别：C类``, ``办理结果：B``,
  ``办理类别：C（列入计划逐步解决）``, ``本件办理结果为A类``, or a bare letter on its own line.
"""
from __future__ import annotations

import re

from ..records import Segments
from .lists import split_people
from .outcomes import LETTERS
from .suggestions import NAME, Suggestion, TITLE, clean_title

SALUTATION = re.compile(
    r"^(?:尊敬的)?(?P<names>[\u4e00-\u9fff·、，]{2,40}?)(?P<deng>等(?:\d+|[一二三四五六七八九十]+)?[名位]?)?"
    r"(?P<role>代表|委员|同志)?[：:]$"
)
HEADER_LEAD = re.compile(r"^(?:领衔代表|领衔人|提案人|第一提案人|建议人|代表姓名)\s*[：:]\s*(?P<v>\S.*)$")
HEADER_CO = re.compile(r"^(?:附议代表|附议人|联名代表|联名人)\s*[：:]\s*(?P<v>\S.*)$")
HEADER_TITLE = re.compile(r"^(?:案\s*由|建议名称|提案名称|标\s*题|题\s*目)\s*[：:]\s*(?P<v>\S.*)$")
HEADER_NUMBER = re.compile(r"(?:建议号|提案号|编\s*号|议案号)\s*[：:]\s*(?:第\s*)?0*(?P<n>\d+)\s*号?")
NUMBER = re.compile(r"(?<![〔\[\(（\d])第\s*0*(?P<n>\d{1,5})\s*号(?=\s*(?:建议|提案|议案|《|“|的|\s*$|）|\)))")
BARE_TITLE = re.compile(r"提出的\s*(?P<t>关于[^，。；“”《》]{2,80}?(?:的)?(?:建议|提案|意见))(?=收悉|已|，|。|\s)")
CLASS_MARKER = re.compile(
    r"(?:类\s*别|办理结果|办复类别|办理类别|答复类别|结果类别|办理结果类别)\s*[：:为是]?\s*[（(]?\s*(?P<l>[ABCD])(?![A-Za-z])"
    r"|(?:办理结果|办复结果)为\s*(?P<l2>[ABCD])\s*类"
    r"|(?<![A-Za-z])(?P<l3>[ABCD])\s*类\s*$"  # the letter's head line: 忠字〔2020〕1号 B类 (a 2020 town reply)
)
LONE_LETTER = re.compile(r"^(?P<l>[ABCD])$")
EXCLUDED_SALUTATIONS = ("主任", "各位", "领导", "同志们", "委员会：")
#: Site navigation lines shaped like a salutation (``国务院信息:``, ``省政府信息:`` on a county site).
NAVIGATION_ENDINGS = ("信息", "公开", "导航", "首页", "位置", "栏目", "链接", "服务", "动态", "专题")


def extract_letter(seg: Segments) -> Suggestion | None:
    """The suggestion answered by a reply letter, with its deputies, title, number and class."""
    text = seg.text.text
    lines = [(b.start, text[b.start : b.end].strip()) for b in seg.blocks]
    deputies: list[str] = []
    co: list[str] = []
    title = None
    span = (0, 0)
    number = None
    outcome = None
    sal_at = None
    sal_names: list[str] = []
    sal_role = False
    for start, line in lines:
        m = HEADER_LEAD.match(line)
        if m:
            deputies = split_people(m.group("v"))
            continue
        m = HEADER_CO.match(line)
        if m:
            co = split_people(m.group("v"))
            continue
        m = HEADER_TITLE.match(line)
        if m and title is None:
            title = clean_title(m.group("v"))
            off = line.index(m.group("v"))
            span = (start + off, start + off + len(m.group("v")))
            continue
        m = HEADER_NUMBER.search(line)
        if m and number is None:
            number = int(m.group("n"))
        if outcome is None:
            m = CLASS_MARKER.search(line) or LONE_LETTER.match(line)
            if m:
                outcome = LETTERS[m.group("l") or m.group("l2") or m.group("l3")]
        # the first salutation naming a role wins; one without a role (an organisation: 民盟某支部：) only
        # until a salutation with a role follows
        if (sal_at is None or not sal_role) and not any(w in line for w in EXCLUDED_SALUTATIONS):
            m = SALUTATION.match(line)
            if m and (m.group("role") or not m.group("names").endswith(NAVIGATION_ENDINGS)):
                names = split_people(m.group("names"))
                if names and (m.group("role") or (sal_at is None and all(len(n) >= 4 for n in names))):
                    sal_names, sal_at, sal_role = names, start + len(line), bool(m.group("role"))
    deputies = deputies or sal_names  # a header's 领衔代表/建议人 line wins over the salutation
    if sal_at is None and not deputies:
        return None
    body_from = sal_at or 0
    if title is None:
        m = re.search(r"提出的", text[body_from:])
        pos = body_from + (m.end() if m else 0)
        # 第203号《…》: a number between 提出的 and the title
        if m and re.match(r"关于[“《\"「]", text[pos:]):
            pos += 2  # 提出的关于“关于…”的建议: the quote holds the title
        mn = re.match(r"\s*第\s*0*(\d+)\s*号", text[pos:])
        if mn:
            number = number or int(mn.group(1))
            pos += mn.end()
        t = TITLE.match(text, pos) if m else None
        if t:
            raw = next(g for g in t.groups() if g is not None)
            title = clean_title(raw)
            span = (t.start() + 1, t.start() + 1 + len(raw))
            tail = re.match(r"\s*(的?(?:建议|提案))", text[t.end() : t.end() + 4])
            if not title.endswith(("建议", "提案", "意见", "议案")) and tail:
                title += tail.group(1)
        else:
            b = BARE_TITLE.search(text, body_from)
            if b:
                title = clean_title(b.group("t"))
                span = (b.start("t"), b.end("t"))
    if title is None:
        return None
    if number is None:
        for m in NUMBER.finditer(text[: body_from + 400]):
            number = int(m.group("n"))
            break
    names = [n for n in deputies + [c for c in co if c not in deputies] if n]
    names = [n for n in names if NAME.match(n) or len(n) >= 4]
    return Suggestion(seq=1, deputies=names, title=title, number=number, outcome=outcome,
                      span=span, mention=(span[0], span[1]), part=(0, len(text)))
