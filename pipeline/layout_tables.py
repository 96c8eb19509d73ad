"""Space-aligned tables in plain text (part of the normalise stage).

A PDF table turned into text with its layout kept (``pdftotext -layout``, a text export of a Word
table, a report published as .txt) puts each column at a fixed *display* column (CJK characters
two wide) and wraps a long cell onto the next line inside its own column, interleaved with the
wrapped rest of the other columns::

    序号  建议号     建议名称                          领衔代表        主办单位
     1    第 15 号   关于加快城区排水防涝设施建设的    闫少华等 9 名   市住建局
                     建议                              代表

Read line by line, the title would be cut after 的 and its last word glued to 代表.
:func:`find_layout_tables` finds such a table by its header row (three or more short cells, two
of them known column names of suggestion lists), assigns every cell of the following lines to the
column it starts under, and merges a line without a row number into the row above it.  Each table
row comes out as one line with cells separated by ``|`` (the form of the Markdown and HTML tables
the list extractor already reads), every character keeping its offset in the page text.

Source of the form: the 长治市 2024 重点督办建议 table of the realworld development set (028).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Column names of suggestion and proposal tables (header cells); two are needed to call a line a
#: table header.
HEADER_WORDS = frozenset(
    "序号 编号 建议号 提案号 案号 议案号 建议编号 提案编号 案由 建议名称 提案名称 议案名称 标题 题目 建议标题 "
    "提案标题 建议题目 提案题目 议案题目 "
    "领衔代表 领衔人 提案人 提案者 提出人 建议人 第一提案人 领衔委员 附议代表 附议人 联名代表 主办单位 承办单位 "
    "协办单位 会办单位 办理单位 办理结果 办理类别 答复类别 类别 办理情况 备注".split())
#: A cell may start this many display columns right of its column's header and still belong to it.
TOLERANCE = 2
#: Separator written between the cells of a reconstructed row.
SEPARATOR = "|"

_CELL = re.compile(r"\S+(?: \S+)*")  # cells are separated by two or more spaces


def display_width(text: str) -> int:
    """Monospace display width: East Asian wide and full-width characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@dataclass
class LayoutTable:
    """A table found in a page's lines: lines ``first``..``last`` (inclusive) of the page, and its
    rows (header first) as lists of (character, offset in the page text)."""
    first: int
    last: int
    rows: list[list[tuple[str, int]]]


def _cells(line: str) -> list[tuple[int, int, int]]:
    """(display column, start, end) of each cell of a raw line."""
    return [(display_width(line[: m.start()]), m.start(), m.end()) for m in _CELL.finditer(line)]


def _header_cells(line: str) -> list[tuple[int, int, int]] | None:
    """The cells of ``line`` (as :func:`_cells`) when it is a table header, else None."""
    cells = _cells(line)
    if len(cells) < 3:
        return None
    words = [line[s:e] for _, s, e in cells]
    if any(len(w) > 8 for w in words) or sum(w in HEADER_WORDS for w in words) < 2:
        return None
    return cells


def _column(cols: list[int], col: int) -> int:
    return max((k for k, start in enumerate(cols) if start <= col + TOLERANCE), default=-1)


def _fits(cols: list[int], line: str) -> list[tuple[int, int, int]] | None:
    """The cells of ``line`` as (column index, start, end), or None when a cell starts left of the
    first column or runs over into the next column (the line is not part of the table)."""
    out = []
    for col, s, e in _cells(line):
        k = _column(cols, col)
        if k < 0:
            return None
        if k + 1 < len(cols) and col + display_width(line[s:e]) > cols[k + 1] + TOLERANCE:
            return None
        out.append((k, s, e))
    return out


def find_layout_tables(lines: list[str], starts: list[int]) -> list[LayoutTable]:
    """Space-aligned tables among a page's raw ``lines`` (``starts``: each line's offset in the page
    text).  A row starts at a line with a cell in the first column; a line without one continues the
    row above, cell by cell; a blank line inside the table is skipped; the table ends at the first
    line that does not fit the columns.  Tables with a header but no row are not returned."""
    tables: list[LayoutTable] = []
    i = 0
    while i < len(lines):
        header = _header_cells(lines[i])
        if header is None:
            i += 1
            continue
        cols = [c for c, _, _ in header]
        cells_rows: list[list[list[tuple[str, int]]]] = [
            [[(ch, starts[i] + s + j) for j, ch in enumerate(lines[i][s:e])] for _, s, e in header]]
        last = i
        j = i + 1
        while j < len(lines):
            if not lines[j].strip():
                j += 1
                continue
            fit = _fits(cols, lines[j])
            if not fit:
                break
            new_row = any(k == 0 for k, _, _ in fit)
            if new_row:
                cells_rows.append([[] for _ in cols])
            elif len(cells_rows) == 1:
                break  # a continuation before any row: not this kind of table
            row = cells_rows[-1]
            for k, s, e in fit:
                row[k].extend((ch, starts[j] + s + n) for n, ch in enumerate(lines[j][s:e]))
            last = j
            j += 1
        if len(cells_rows) > 1:
            rows = []
            for cells in cells_rows:
                out: list[tuple[str, int]] = []
                for k, cell in enumerate(cells):
                    if k:  # the separator maps to the last character before it
                        out.append((SEPARATOR, out[-1][1] if out else starts[i]))
                    out.extend(cell)
                rows.append(out)
            tables.append(LayoutTable(i, last, rows))
            i = last + 1
        else:
            i += 1
    return tables
