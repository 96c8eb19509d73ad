"""Suggestion and proposal lists (建议目录, 提案办理情况一览表, 重点督办建议通知): one record per row.

Stage: ``Segments → list[Suggestion]``.  Forms covered:

* tables with a header row naming the columns, cells split by ``|`` (Markdown/HTML tables) or by
  white space (flattened PDF tables): 编号/建议号/提案号 (number; 序号 is a list position, not a
  number), 案由/建议名称/提案题目/标题 … (title), 领衔代表/提案人 (lead), 附议代表 (co-signers),
  办理结果/类别 (class letter A-D);
* numbered notices: ``1.关于…的建议（第0127号，卢建勋等11位代表提出。牵头单位：…）``.
"""
from __future__ import annotations

import re

from ..records import Segments
from .outcomes import LETTERS
from .suggestions import Suggestion, clean_title

TITLE_CELL = re.compile(r"^[“\"《]?关于.{2,80}(?:建议|提案|议案|意见)[”\"》]?$")
COLUMNS = {
    "number": re.compile(r"^(?:编号|建议号|提案号|案号|议案号|建议编号|提案编号)$"),
    "title": re.compile(r"^(?:案由|(?:建议|提案|议案)?(?:名称|标题|题目)|内容|建议内容|提案内容)$"),
    "lead": re.compile(r"^(?:领衔代表|提案人|领衔人|提出人|建议人|代表|提案者|第一提案人|领衔委员)$"),
    "co": re.compile(r"^(?:附议代表|附议人|联名代表|联名人|附议委员)$"),
    "result": re.compile(r"^(?:办理结果|办理类别|类别|结果|办复类别|答复类别)$"),
}
NOTICE_ITEM = re.compile(
    r"(?P<t>关于[^（(，。；]{2,80}?的?(?:建议|提案))[（(]第\s*0*(?P<n>\d+)\s*号[，,]\s*"
    r"(?P<who>[^。；）)]{2,40}?)(?:等\s*(?:\d+|[一二三四五六七八九十]+)\s*[位名])?(?:代表|委员)(?:联名)?提出"
)
#: A numbered list item holding only a title (``1.关于打造长江岸线生态廊道的建议``) …
ITEM_TITLE = re.compile(r"^(?:\d{1,3}[.、．]|[（(]\d{1,3}[）)])\s*(?P<t>[“\"《]?关于.{2,80}?(?:建议|提案|议案)[”\"》]?)$")
#: … followed by a line naming its proposers (``提案者：蒋明远委员、范巧玲委员``).
ITEM_WHO = re.compile(r"^(?:提案者|提案人|建议人|领衔代表|提出人|提案单位|代表)\s*[：:]\s*(?P<v>\S.*)$")
_DENG = re.compile(r"等\s*(?:\d+|[一二三四五六七八九十]+)?\s*[位名]?\s*(?:代表|委员)?$")


def split_people(cell: str) -> list[str]:
    """Proposers in a cell or header value: ``郑启强等4位委员`` → [郑启强]; ``许丽琴、章文斌`` → both;
    the role suffix 代表/委员 removed; an organisation stays whole."""
    cell = _DENG.sub("", cell.strip())
    out = []
    for p in re.split(r"[、，,；;\s]+", cell):
        p = re.sub(r"(代表|委员)$", "", p)
        if p and p not in ("-", "—", "无"):
            out.append(p)
    return out


def _cells(line: str) -> list[str]:
    if "|" in line:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
    else:
        cells = [c for c in re.split(r"\s+", line.strip()) if c]
    return cells


def _header(cells: list[str]) -> dict[str, int] | None:
    cols = {}
    for i, c in enumerate(cells):
        for name, rx in COLUMNS.items():
            if rx.match(c) and name not in cols:
                cols[name] = i
    return cols if "title" in cols else None


def extract_list(seg: Segments) -> list[Suggestion]:
    """Suggestions listed in table rows or numbered notice items, in document order."""
    text = seg.text.text
    out: list[Suggestion] = []
    header: dict[str, int] | None = None
    ncols = 0
    pending: Suggestion | None = None
    for b in seg.blocks:
        line = text[b.start : b.end]
        cells = _cells(line)
        h = _header(cells)
        if h:
            header, ncols = h, len(cells)
            continue
        if header and re.fullmatch(r"[|\s:\-—]+", line):
            continue
        if header and len(cells) >= ncols - 1 and len(cells) >= 2:
            if len(cells) < ncols and "|" not in line:
                continue
            title_i = header["title"]
            if title_i >= len(cells) or not TITLE_CELL.match(cells[title_i]):
                tcands = [i for i, c in enumerate(cells) if TITLE_CELL.match(c)]
                if not tcands:
                    continue
                title_i = tcands[0]
            title_raw = cells[title_i].strip("“”\"《》")
            title = clean_title(title_raw)
            num = None
            if "number" in header and header["number"] < len(cells):
                m = re.search(r"0*(\d+)", cells[header["number"]])
                num = int(m.group(1)) if m else None
            deps = split_people(cells[header["lead"]]) if "lead" in header and header["lead"] < len(cells) else []
            if "co" in header and header["co"] < len(cells):
                deps += [p for p in split_people(cells[header["co"]]) if p not in deps]
            outcome = None
            if "result" in header and header["result"] < len(cells):
                m = re.match(r"^([ABCD甲乙丙丁])", cells[header["result"]])
                outcome = LETTERS.get(m.group(1)) if m else None
            start = text.find(title_raw, b.start, b.end)
            span = (start, start + len(title_raw)) if start >= 0 else (b.start, b.start)
            out.append(Suggestion(seq=0, deputies=deps, title=title, number=num, outcome=outcome,
                                  span=span, mention=(b.start, b.end), part=(b.start, b.end)))
            continue
        m = ITEM_WHO.match(line)
        if m and pending is not None:
            pending.deputies = split_people(m.group("v"))
            out.append(pending)
            pending = None
            continue
        m = ITEM_TITLE.match(line)
        if m:
            raw = m.group("t").strip("“”\"《》")
            start = b.start + line.index(raw)
            pending = Suggestion(seq=0, deputies=[], title=clean_title(raw), span=(start, start + len(raw)),
                                 mention=(b.start, b.end), part=(b.start, b.end))
            continue
        pending = None
        for m in NOTICE_ITEM.finditer(line):
            who = m.group("who")
            out.append(Suggestion(seq=0, deputies=split_people(who), title=clean_title(m.group("t")),
                                  number=int(m.group("n")), span=(b.start + m.start("t"), b.start + m.end("t")),
                                  mention=(b.start + m.start(), b.start + m.end()),
                                  part=(b.start, b.end)))
    for i, s in enumerate(out):
        s.seq = i + 1
    return out
