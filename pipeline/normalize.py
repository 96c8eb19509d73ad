"""Normalise a loaded document's text, keeping a map from every character back to its source.

Stage: ``LoadedDocument → NormalizedText``.  Every transformation here deletes characters or
replaces one by one, so each output character keeps the (page, offset) of the source character it
came from; the few characters that are inserted (paragraph breaks, a space between two Latin words
joined across a line) take the position of the character before them.

What it does, in order (each rule from wording or layout seen in real reports):

1. drops page-number lines (``— 3 —``, ``-3-``, ``第3页``, ``第 3 页 共 12 页``, ``3/12``);
2. strips Markdown marks (``#`` headings, ``**bold**``, ``> `` quotes, ``- `` bullets);
3. joins lines and pages where a sentence continues (a hard-wrapped PDF line, a page break inside
   a sentence or a title: the seed report's ``确保`` / ``了公办敬老院`` and ``318 路`` /
   ``公交车线路``), and keeps real paragraph ends (a line ending ``。：；！？``, a short heading line,
   an indented next line);
4. turns full-width digits, Latin letters, ``％`` and ``．`` into ASCII (list markers ``①``,
   ``（一）``, ``Ⅰ、Ⅱ`` stay as they are), half-width ``, ; : ? !`` used as Chinese punctuation into
   full-width ones (``1,234`` and ``10:30`` stay);
5. removes the spaces of letter-spaced runs in a source line (``共 办 理 建 议 1 7 4 件``,
   ``1 . 7``; :data:`SPACED_RUN`), spaces between CJK characters and digits/Latin/punctuation (``共办理建议 174 件``,
   ``27.9 %``, ``1 . 7 亿元``) and, on lines spaced out character by character (justified PDF
   lines), between CJK characters too; a space between two CJK words elsewhere stays
   (``县政府办公室主任 刘宽利``);
6. converts a traditional-character document (detected: more than
   :data:`TRADITIONAL_SHARE` of its CJK characters change under OpenCC ``t2s``) to simplified,
   by OpenCC's phrase dictionary, which keeps names such as ``乾安县``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .layout_tables import find_layout_tables
from .records import LoadedDocument, NormalizedText

#: A line that is only a page number.  Forms seen in government PDFs and their text renditions.
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[—–\-－~～]+\s*\d{1,4}\s*[—–\-－~～]+"
    r"|[—–\-－]?\s*\d{1,4}\s*[—–\-－]?"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
#: Line starts that open a new paragraph: heading and list markers of Chinese official documents.
NEW_BLOCK_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}[、.．](?!\d)"
    r"|第[一二三四五六七八九十\d]+[条章节部分]|[①-⑳]|附件|——|—\d)"
)
#: A subtitle line of a delivered report, complete in itself: ``——2025年10月31日在…会议上``.
SUBTITLE_LINE = re.compile(r"^——.*(?:上|日)$")
#: A document title line, complete in itself (``…第0036号建议的答复``, ``…办理情况的报告``).
#: A short parenthetical may follow: ``…优秀提案的通报（摘录）``, ``…建议目录（第一批）``.
DOC_TITLE_END = re.compile(r"^[^，。]*(?:答复|复函|答覆|報告|报告|通报|通知|的函|目录|清单|一览表|一覽表)"
                           r"(?:[（(][^（）()，。]{1,10}[）)])?$")
#: A field line of a listed suggestion or proposal (``提案者：民盟芜湖市委会``, ``领衔代表：…``,
#: ``承办单位：…``): its own line in suggestion lists, award notices and reply headers, never the
#: wrapped rest of the title above it.
FIELD_LABEL = re.compile(
    r"^(?:提案者|提案人|提出者|提出人|领衔人|领衔代表|领衔委员|联名代表|联名委员|附议人|附议代表|建议人"
    r"|承办单位|主办单位|协办单位|会办单位|分办单位|办理单位|答复单位|办理结果|办理情况|办理类别|答复类别"
    r"|提案号|建议号|案号|案由|编号|类别|届次)\s*[：:]")
#: A row of a flattened table: a row number or header word, then three or more space-separated
#: cells (``7 民革屏南县支部 关于加强古村落消防安全的建议 县消防救援大队 A``).
TABLE_ROW = re.compile(r"^(?:\d{1,4}|[\u4e00-\u9fff]{2,5})(?:\s+[^\s，。；：,;]+){3,}$")
#: Characters ending a sentence or a clause that closes a paragraph line.
TERMINAL = set("。！？；：!?;:")
CLOSERS = set("”’」』）)】》")
OPENERS_CLOSERS = {"《": "》", "“": "”", "（": "）", "(": ")", "「": "」"}
#: Line starts that continue the previous line (punctuation cannot open a line).
CONTINUATION_START = set("，。、；：）》”’%％")
#: Characters that do not open a sentence in Chinese (aspect and structural particles): a line
#: starting with one continues the previous line (the seed's ``确保`` / ``了公办敬老院``).
NON_INITIAL = set("了的得着们")
#: Share of a document's CJK characters that must change under t2s for it to count as traditional.
TRADITIONAL_SHARE = 0.03
#: Minimum width (CJK = 1, ASCII = 0.5) of a prose line (with a comma) that continues on the next.
PROSE_WIDTH = 40
#: Lines at least this share of the document's wrap width are hard-wrapped.
WRAP_SHARE = 0.8

_SPACED_CHAR = r"[\u4e00-\u9fff\u3400-\u4dbf〇0-9.%，。、；：？！（）《》“”]"
#: A run of at least three single characters one space apart inside a source line: a justified
#: or letter-spaced PDF line read as ``共 办 理 建 议 1 7 4 件 。`` or ``1 . 7``.  Its spaces are
#: dropped line by line, before lines are joined into paragraphs.
SPACED_RUN = re.compile(rf"(?<!\S){_SPACED_CHAR}(?: {_SPACED_CHAR}(?=\s|{_SPACED_CHAR}|$)){{2,}}")

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(?=\S)")
_MD_EMPH = re.compile(r"\*\*|__")


def is_cjk(ch: str) -> bool:
    """True for CJK unified ideographs (basic block and extension A) and ``〇``."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or ch == "〇"


def char_width(ch: str) -> float:
    """Display width used for wrap detection: ASCII 0.5, everything else 1."""
    return 0.5 if ord(ch) < 128 else 1.0


@dataclass
class _Line:
    chars: list[str]
    pages: list[int]
    offs: list[int]
    indented: bool

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def width(self) -> float:
        return sum(char_width(c) for c in self.chars)


def _split_lines(page: int, text: str) -> list[_Line | None]:
    """Split one page into cleaned lines; None marks a blank line.  A space-aligned table
    (:mod:`pipeline.layout_tables`) becomes one line per row, cells joined by ``|``."""
    out: list[_Line | None] = []
    raws = text.split("\n")
    starts, pos = [], 0
    for raw in raws:
        starts.append(pos)
        pos += len(raw) + 1
    tables = {t.first: t for t in find_layout_tables(raws, starts)}
    inside: set[int] = {k for t in tables.values() for k in range(t.first, t.last + 1)}
    for n, raw in enumerate(raws):
        start = starts[n]
        if n in tables:  # a space-aligned table: one line per row, cells joined by |
            for row in tables[n].rows:
                out.append(_Line([c for c, _ in row], [page] * len(row), [o for _, o in row], False))
            continue
        if n in inside:
            continue
        if not raw.strip() or PAGE_NUMBER_LINE.match(raw):
            out.append(None)
            continue
        keep = [True] * len(raw)
        for rx in (_MD_HEADING, _MD_QUOTE, _MD_BULLET):
            m = rx.match(raw)
            if m:
                for i in range(m.start(), m.end()):
                    keep[i] = False
        for m in _MD_EMPH.finditer(raw):
            for i in range(m.start(), m.end()):
                keep[i] = False
        for m in SPACED_RUN.finditer(raw):
            for i in range(m.start(), m.end()):
                if raw[i] == " ":
                    keep[i] = False
        idx = [i for i, k in enumerate(keep) if k]
        # strip surrounding whitespace
        while idx and raw[idx[0]].isspace():
            idx.pop(0)
        while idx and raw[idx[-1]].isspace():
            idx.pop()
        if not idx:
            out.append(None)
            continue
        indented = raw[:2] in ("  ", "\u3000\u3000") or raw.startswith("\u3000") or raw.startswith("\t")
        out.append(_Line([raw[i] for i in idx], [page] * len(idx), [start + i for i in idx], indented))
    return out


def _unbalanced(text: str) -> bool:
    for o, c in OPENERS_CLOSERS.items():
        if text.count(o) > text.count(c):
            return True
    return text.count("“") > text.count("”")


def _ends_terminal(text: str) -> bool:
    t = text.rstrip("".join(CLOSERS)) if len(text) > 1 and text[-1] in CLOSERS else text
    return bool(t) and t[-1] in TERMINAL


def continues(prev: str, nxt: str, prev_width: float, wrap_width: float, next_indented: bool) -> bool:
    """Whether line ``nxt`` continues the sentence of line ``prev``.

    Rules: a next line starting with punctuation continues; a field line (:data:`FIELD_LABEL`),
    a line ending a sentence (``。：；！？``)
    or a next line opening a heading/list item does not; an unclosed ``《`` or ``“`` continues; an
    indented next line opens a paragraph; a line filling the document's wrap width (hard wrap) or a
    long prose line (width ≥ :data:`PROSE_WIDTH`, with a comma) continues.
    """
    if nxt[0] in CONTINUATION_START or (nxt[0] in NON_INITIAL and not _ends_terminal(prev)):
        return True
    if TABLE_ROW.match(prev) or TABLE_ROW.match(nxt) or "|" in prev or "|" in nxt:
        return False
    if FIELD_LABEL.match(nxt):
        return False
    if _ends_terminal(prev) or SUBTITLE_LINE.match(prev) or DOC_TITLE_END.search(prev):
        return False
    if nxt.endswith(("：", ":")) and sum(char_width(c) for c in nxt) <= 30:
        return False  # a salutation line (``聂春林等5名代表：``) opens a paragraph
    if NEW_BLOCK_START.match(nxt) and not _unbalanced(prev):
        return False
    if _unbalanced(prev) or prev.endswith("的"):
        return True  # an open quote, or a phrase cut after 的 (``…发展文创产业的`` / ``建议``)
    if any(c in prev[:-1] for c in "。！？") and not SUBTITLE_LINE.match(prev):
        return True  # a new sentence started on this line and runs on
    if next_indented and prev_width < WRAP_SHARE * wrap_width:
        return False
    if wrap_width and prev_width >= WRAP_SHARE * wrap_width:
        return True
    return prev_width >= PROSE_WIDTH and ("，" in prev or "、" in prev or "," in prev)


def _wrap_width(lines: list[_Line]) -> float:
    """The width at which the document's lines wrap: the 75th percentile of line widths, when at
    least a third of the lines are within 15% of it (else 0: the text is not hard-wrapped)."""
    widths = sorted(ln.width() for ln in lines if ln.width() >= 8)
    if len(widths) < 4:
        return 0.0
    w = widths[int(0.75 * (len(widths) - 1))]
    near = sum(1 for x in widths if abs(x - w) <= 0.15 * w)
    return w if near >= len(widths) / 3 else 0.0


def _join(lines: list[_Line | None]) -> list[_Line]:
    real = [ln for ln in lines if ln is not None]
    wrap = _wrap_width(real)
    paras: list[_Line] = []
    for ln in real:
        if paras and continues(paras[-1].text, ln.text, _last_line_width(paras[-1]), wrap, ln.indented):
            cur = paras[-1]
            if cur.chars[-1].isascii() and cur.chars[-1].isalpha() and ln.chars[0].isascii() and ln.chars[0].isalpha():
                cur.chars.append(" ")
                cur.pages.append(cur.pages[-1])
                cur.offs.append(cur.offs[-1])
            cur.chars.extend(ln.chars)
            cur.pages.extend(ln.pages)
            cur.offs.extend(ln.offs)
            cur.last_width = ln.width()  # type: ignore[attr-defined]
        else:
            ln.last_width = ln.width()  # type: ignore[attr-defined]
            paras.append(ln)
    return paras


def _last_line_width(para: _Line) -> float:
    return getattr(para, "last_width", para.width())


_FULLWIDTH_KEEP = set("（）：，；！？、。“”《》")


def _convert_char(ch: str) -> str:
    o = ord(ch)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A or ch in "％．＋－／":
        return chr(o - 0xFEE0)
    if ch in "\u3000\u00a0\u2002\u2003\u2009":
        return " "
    return ch


def _is_spaced_out(chars: list[str]) -> bool:
    """A justified PDF line read as ``共 办 理 建 议``: most CJK neighbours are one space apart."""
    spaced = tight = 0
    for i in range(len(chars) - 2):
        if is_cjk(chars[i]):
            if chars[i + 1] == " " and is_cjk(chars[i + 2]):
                spaced += 1
            elif is_cjk(chars[i + 1]):
                tight += 1
    return spaced >= 6 and spaced > 2 * tight


#: A pinyin gloss after a character, as mirror sites print whole pages (``會(huì)議``, ``計(jì)劃``, ``類(lèi)``): a
#: syllable of Latin letters with at least one tone-marked vowel, in half- or full-width brackets, right after a
#: CJK character.  Unstripped it hides the words the extractors look for (办复率, 列入计划, 会议).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")


def _drop_pinyin_glosses(para: _Line) -> _Line:
    """``para`` without :data:`PINYIN_GLOSS` runs (the kept characters keep their pages and offsets)."""
    text = "".join(para.chars)
    if "(" not in text and "（" not in text:
        return para
    drop = {k for m in PINYIN_GLOSS.finditer(text) for k in range(m.start(), m.end())}
    if not drop:
        return para
    idx = [k for k in range(len(para.chars)) if k not in drop]
    return _Line([para.chars[k] for k in idx], [para.pages[k] for k in idx], [para.offs[k] for k in idx],
                 para.indented)


def _clean_chars(para: _Line) -> _Line:
    para = _drop_pinyin_glosses(para)
    chars = [_convert_char(c) for c in para.chars]
    n = len(chars)
    keep = [True] * n
    # ASCII punctuation used as Chinese punctuation
    for i, c in enumerate(chars):
        if c in ",;:?!":
            left = chars[i - 1] if i else ""
            right = chars[i + 1] if i + 1 < n else ""
            if not (left.isdigit() and right.isdigit()):
                chars[i] = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}[c]
    spaced_line = _is_spaced_out(chars)
    if TABLE_ROW.match("".join(chars)):
        return _Line(chars, para.pages, para.offs, para.indented)  # keep cell separators
    i = 0
    while i < n:
        if chars[i] != " ":
            i += 1
            continue
        j = i
        while j < n and chars[j] == " ":
            j += 1
        left = chars[i - 1] if i else ""
        right = chars[j] if j < n else ""
        drop = False
        if not left or not right:
            drop = True
        else:
            l_cjk, r_cjk = is_cjk(left), is_cjk(right)
            l_ascii = left.isascii() and (left.isalnum() or left in "%.")
            r_ascii = right.isascii() and (right.isalnum() or right in "%.")
            if l_cjk and r_cjk:
                drop = spaced_line
            elif (l_cjk and r_ascii) or (l_ascii and r_cjk):
                drop = True
            elif left.isdigit() and right in "%.":
                drop = True
            elif left == "." and right.isdigit():
                drop = True
            elif left.isdigit() and right.isdigit():
                drop = spaced_line
            elif not left.isascii() and not l_cjk or not right.isascii() and not r_cjk:
                drop = True  # next to CJK punctuation
        if drop:
            for k in range(i, j):
                keep[k] = False
        i = j
    idx = [k for k in range(n) if keep[k]]
    return _Line([chars[k] for k in idx], [para.pages[k] for k in idx], [para.offs[k] for k in idx], para.indented)


def detect_script(text: str) -> str:
    """``traditional`` when more than :data:`TRADITIONAL_SHARE` of the CJK characters of ``text``
    change under OpenCC ``t2s``, else ``simplified``."""
    cjk = [c for c in text if is_cjk(c)]
    if not cjk:
        return "simplified"
    sample = "".join(cjk[:20000])
    converted = _t2s(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return "traditional" if changed >= 3 and changed / len(sample) > TRADITIONAL_SHARE else "simplified"


_T2S = None


def _t2s(text: str) -> str:
    global _T2S
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("t2s").convert
    return _T2S(text)


def to_simplified(text: str) -> str:
    """Convert ``text`` to simplified characters with OpenCC's phrase dictionary, one character for
    one (a line whose conversion changes length is converted character by character)."""
    out = []
    for line in text.split("\n"):
        conv = _t2s(line)
        if len(conv) != len(line):
            conv = "".join(_t2s(c) if len(_t2s(c)) == 1 else c for c in line)
        out.append(conv)
    return "\n".join(out)


def normalize(doc: LoadedDocument) -> NormalizedText:
    """Normalise ``doc`` (see the module docstring for the rules).

    Returns
    -------
    NormalizedText whose ``text`` holds one paragraph per line and whose ``page_of``/``offset_of``
    map each character to the page (1-based) and offset in ``doc.pages[page-1].text``.
    """
    lines: list[_Line | None] = []
    for page in doc.pages:
        lines.extend(_split_lines(page.page, page.text))
        lines.append(None)
    paras = [_clean_chars(p) for p in _join(lines)]
    chars: list[str] = []
    pages: list[int] = []
    offs: list[int] = []
    for p in paras:
        if not p.chars:
            continue
        if chars:
            chars.append("\n")
            pages.append(pages[-1])
            offs.append(offs[-1])
        chars.extend(p.chars)
        pages.extend(p.pages)
        offs.extend(p.offs)
    text = "".join(chars)
    script = detect_script(text)
    if script == "traditional":
        text = to_simplified(text)
    return NormalizedText(text=text, page_of=tuple(pages), offset_of=tuple(offs), paged=doc.paged,
                          script=script)
