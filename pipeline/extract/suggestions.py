"""Suggestions (建议) and proposals (提案) named in a document.

Stage: ``Segments → list[Suggestion]``.  A mention is a proposer phrase followed by a quoted title:

* ``关于蔡大春代表提出的《…》`` / ``蔡大春代表提出的《…》`` / ``蔡大春等5位代表提出的《…》``
  / ``张三、李四代表联名提出的《…》`` / ``王五委员提出的“…”`` (summary reports);
* several titles after one proposer, joined by ``和``/``、``/``及`` (``…提出的《A》和《B》``).

Each suggestion's part of the text runs from the sentence that names it to the next suggestion or
the next section heading (record contract, "Parts of the text"); its ``section`` and ``outcome``
come from the enclosing level-1/2 heading (``（一）重点建议…`` → key; ``（二）…已经解决或基本解决的
118件`` → solved).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Segments
from ..segment import enclosing_headings, sentence_at
from .outcomes import classify_outcome

#: A proposer phrase ending right before the title: ``代表提出的《`` and its variants.
ANCHOR = re.compile(
    r"(?P<role>代表|委员)(?:等(?:\d+|[一二三四五六七八九十]+)[位名](?:代表|委员))?"
    r"(?:(?:联同|会同|与|和)[^，。；《“]{0,12}?(?:代表|委员))?(?:则|也|还|又|另)?"
    r"(?:联名|领衔)?(?:提出|所提|提交|领衔提出|联名提出)的?(?:第\s*(?P<num>\d+)\s*号)?(?:建议|提案)?[：:]?"
    r"\s*(?=[《“\"「])"
)
#: A deputy or member named after the role word, as delegation news prints them:
#: ``海曙代表团代表李凌提交的《…》``, ``市政协委员王某提出的《…》`` (a 2010 Ningbo key-suggestion item).
ROLE_FIRST = re.compile(
    r"(?:代表团|团|政协)?(?:代表|委员)(?P<name>[\u4e00-\u9fff·]{2,4}?)(?:等(?:\d+|[一二三四五六七八九十]+)[位名](?:代表|委员))?"
    r"(?:联名)?(?:提交|提出)的\s*(?=[《“\"「])")
#: characters a name printed after the role never holds (``代表在会上提交的``, ``委员们提出的``)
_NOT_IN_NAME = set("在会们团组等和及共所已还也均都联提建议案")
#: An organisation proposing (CPPCC collective proposals): ``民建德清县总支提出的《…》``,
#: ``县政协经济界别提出的《…》``, ``民进盐城市委会提出的…``.
ORG_SUFFIX = r"(?:总支|支部|委会|委员会|界别|小组|联合会|工商联|党组|工委|专委会|代表团)"
ORG_NAME = re.compile(rf"^[\u4e00-\u9fff]{{2,16}}{ORG_SUFFIX}$")
ORG_ANCHOR = re.compile(rf"(?P<org>{ORG_SUFFIX})(?:联名)?(?:提出|提交)的?\s*(?=[《“\"「])")
#: A number right after a title: ``《…》（第0036号）``, ``《…》(第 12 号)``.
NUMBER_AFTER = re.compile(r"\s*[（(]\s*第?\s*0*(\d{1,5})\s*号")
#: A deputy with a count of co-signers before the role: ``蔡大春等5位代表``.
DENG_N = re.compile(r"等(?:\d+|[一二三四五六七八九十]+)[位名]$")
#: A quoted title: 《…》, “…” or 「…」 (nested quotes inside 《》 are kept).
TITLE = re.compile(r"《(?P<a>[^《》]{4,120})》|“(?P<b>[^“”]{4,120})”|「(?P<c>[^「」]{4,120})」|\"(?P<d>[^\"]{4,120})\"")
#: Joiners between several titles of one proposer.
TITLE_JOIN = re.compile(r"\s*(?:和|、|及|以及|与)\s*(?=[《“「\"])")
#: Words that can stand right before the proposer names and are not names.
LEAD_WORDS = ("关于", "比如", "例如", "譬如", "如", "其中", "对于", "对", "由", "针对", "根据", "包括", "是", "有")
#: A person's name as reports print it: 2-4 CJK characters (a middle dot allowed for minorities).
NAME = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff·]{1,5}$")
#: Title endings that show the quoted text is a suggestion or proposal, not a regulation or plan.
TITLE_ENDINGS = ("建议", "提案", "意见", "议案", "的建议", "的提案")
#: A list or heading marker before the names (``1.``, ``（一）``, ``一、``).
LIST_MARKER = re.compile(r"^(?:\d{1,3}[.、．]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)\s*")
_NAME_SPLIT = re.compile(r"[、，,]|和|及|与")
#: A quoted title with no proposer before it that is still a suggestion or proposal: the full
#: ``关于…的建议/提案/议案`` form (simplified or traditional).  Summaries and news name key proposals
#: so (``确定《关于…的提案》《关于…的提案》等5件提案为重点提案``); policy documents quoted the same way end
#: in 意见/通知/办法/决定 and are not matched.
UNATTRIBUTED_TITLE = re.compile(r"^(?:关于|關於).{2,}(?:的|之)?(?:建议|提案|议案|建议案|建議|議案)$")


@dataclass
class Suggestion:
    """One suggestion or proposal.

    seq : int — 1-based order; deputies : list[str] — lead first; title : str — without quotes or
    whitespace; number : int | None; is_key : bool; section : str | None — ``key`` or an outcome
    category; outcome : str | None; span : (start, end) of the title in the normalised text;
    mention : (start, end) of the whole mention; part : (start, end) of its part of the text.
    """

    seq: int
    deputies: list[str]
    title: str
    number: int | None = None
    is_key: bool = False
    section: str | None = None
    outcome: str | None = None
    span: tuple[int, int] = (0, 0)
    mention: tuple[int, int] = (0, 0)
    part: tuple[int, int] = (0, 0)
    extra: dict = field(default_factory=dict)


def clean_title(raw: str) -> str:
    """A title without whitespace (line breaks, spaces of justified lines)."""
    return re.sub(r"\s+", "", raw)


def parse_names(before: str) -> list[str] | None:
    """Proposer names from the text right before ``代表``/``委员`` (within one sentence).

    ``"比如，任艺华"`` → ``["任艺华"]``; ``"关于张三、李四"`` → ``["张三", "李四"]``;
    ``"蔡大春等5位"`` → ``["蔡大春"]``.  None when the text before is not a list of names.
    """
    before = DENG_N.sub("", before)
    before = before[before.rfind("代表团") + 3:] if "代表团" in before else before  # 镇海代表团彭建国等6位代表
    cut = max(before.rfind(c) for c in "，。；：！？（）()\n《》“”的")
    seg = LIST_MARKER.sub("", before[cut + 1 :])
    for w in sorted(LEAD_WORDS, key=len, reverse=True):
        if seg.startswith(w) and len(seg) - len(w) >= 2:
            seg = seg[len(w) :]
            break
    names = [n for n in _NAME_SPLIT.split(seg) if n]
    if not names or not all(NAME.match(n) and len(n) <= 4 for n in names):
        return None
    return names


def _titles_after(text: str, pos: int):
    """Quoted titles at ``pos`` joined by 和/、/及: yields (title, span, end)."""
    while True:
        t = TITLE.match(text, pos)
        if not t:
            return
        raw = next(g for g in t.groups() if g is not None)
        title = clean_title(raw)
        tail = text[t.end() : t.end() + 3]
        if title.endswith(TITLE_ENDINGS) or re.match(r"\s*的?(?:建议|提案)", tail):
            if not title.endswith(TITLE_ENDINGS):
                title += re.match(r"\s*(的?(?:建议|提案))", tail).group(1)
            yield title, (t.start() + 1, t.start() + 1 + len(raw)), t.end()
        j = TITLE_JOIN.match(text, t.end())
        if not j:
            return
        pos = j.end()


def find_mentions(segments: Segments) -> list[Suggestion]:
    """All proposer + title mentions in document order (see the module docstring)."""
    text = segments.text.text
    out: list[Suggestion] = []
    for m in ANCHOR.finditer(text):
        s_start, _ = sentence_at(segments, m.start())
        names = parse_names(text[max(s_start, m.start() - 40) : m.start()])
        if not names:
            continue
        name_start = text.rfind(names[0], s_start, m.start())
        for k, (title, span, end) in enumerate(_titles_after(text, m.end())):
            number = int(m.group("num")) if m.group("num") and k == 0 else None
            after = NUMBER_AFTER.match(text, end)
            if after and number is None:
                number = int(after.group(1))
            out.append(Suggestion(seq=0, deputies=list(names), title=title, number=number,
                                  span=span, mention=(name_start, end)))
    anchored = {s.span for s in out}
    for m in ROLE_FIRST.finditer(text):
        name = m.group("name")
        if _NOT_IN_NAME & set(name):
            continue
        for title, span, end in _titles_after(text, m.end()):
            if span not in anchored:
                out.append(Suggestion(seq=0, deputies=[name], title=title, span=span,
                                      mention=(m.start("name"), end)))
    for m in ORG_ANCHOR.finditer(text):
        s_start, _ = sentence_at(segments, m.start())
        before = text[max(s_start, m.start("org") - 20) : m.end("org")]
        cut = max(before.rfind(c) for c in "，。；：、！？（）()\n《》“”的")
        org = re.sub(r"^(?:以及|还有|和|及|与|由)", "", LIST_MARKER.sub("", before[cut + 1 :]))
        if not ORG_NAME.match(org):
            continue
        org_start = m.end("org") - len(org)
        for title, span, end in _titles_after(text, m.end()):
            out.append(Suggestion(seq=0, deputies=[org], title=title, span=span, mention=(org_start, end)))
    covered = [s.span for s in out]
    for t in TITLE.finditer(text):
        raw = next(g for g in t.groups() if g is not None)
        title = clean_title(raw)
        span = (t.start() + 1, t.start() + 1 + len(raw))
        if not UNATTRIBUTED_TITLE.match(title) or any(a < span[1] and span[0] < b for a, b in covered):
            continue
        s_start, s_end = sentence_at(segments, t.start())
        key = bool(re.search(r"重点(?:提案|建议|督办|议案)", text[s_start:s_end]))
        out.append(Suggestion(seq=0, deputies=[], title=title, number=None, is_key=key, span=span,
                              mention=(t.start(), t.end())))
    out.sort(key=lambda s: s.mention[0])
    return out


def heading_section(heading_text: str) -> str | None:
    """Section of a heading: ``key`` for 重点 (key suggestions), else its outcome category."""
    head = heading_text
    if "重点" in head and ("建议" in head or "提案" in head or "督办" in head):
        return "key"
    cat = classify_outcome(head)
    return cat if cat not in (None, "all") else None


def extract_suggestions(segments: Segments) -> list[Suggestion]:
    """Suggestions with seq, section, key flag, outcome and part (see the module docstring)."""
    text = segments.text.text
    found = find_mentions(segments)
    # one record per (deputies, title): a later repeat of a mention is the same suggestion
    seen: set = set()
    attributed = {s.title for s in found if s.deputies}
    sugs = []
    for s in found:
        k = (tuple(s.deputies), s.title)
        if k in seen or (not s.deputies and s.title in attributed):
            continue
        seen.add(k)
        sugs.append(s)
    headings = [b for b in segments.blocks if b.heading in (1, 2)]
    starts = []
    for i, s in enumerate(sugs):
        start = sentence_at(segments, s.mention[0])[0]
        if i:
            start = max(start, sugs[i - 1].mention[1])
        starts.append(start)
    for i, s in enumerate(sugs):
        s.seq = i + 1
        start = starts[i]
        end = starts[i + 1] if i + 1 < len(sugs) else len(text)
        for b in headings:
            if b.start > s.mention[0]:
                end = min(end, b.start)
                break
        s.part = (start, max(start, end))
        # the innermost enclosing heading that names a section: the item's own heading
        # (``（一）王建国代表提出的…``) names none, the ``二、重点建议办理情况`` above it does
        for head in enclosing_headings(segments, s.mention[0]):
            section = heading_section(text[head.start : head.head_end])
            if section:
                s.section = section
                if section == "key":
                    s.is_key = True
                else:
                    s.outcome = section
                break
        sentence = text[slice(*sentence_at(segments, s.mention[0]))]
        if "重点" in sentence[: max(0, s.mention[0] - sentence_at(segments, s.mention[0])[0])]:
            s.is_key = True
    return sugs
