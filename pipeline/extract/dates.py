"""Dates as reports write them: ``2025年10月31日`` (spaces removed by the normaliser),
``二〇二五年十月三十一日``, ``2025.10.31``, ``2025-10-31``, and ``截至9月底``/``9月6日`` without a year
(resolved against the report's year).  A date is never widened: a day stays a day, and a month
without a day gives no ISO date.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

from .numbers import parse_chinese

_Y = r"(?P<y>\d{4}|[零〇○一二三四五六七八九]{4})"
_M = r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})"
_D = r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3}|底)"
#: Full dates: year, month and day (or 月底, the last day of the month).
FULL_DATE = re.compile(_Y + r"年" + _M + r"月" + _D + r"日?")
NUMERIC_DATE = re.compile(r"(?P<y>20\d{2}|19\d{2})[.\-/](?P<m>\d{1,2})[.\-/](?P<d>\d{1,2})")
#: Month and day without a year (``9月6日``, ``9月底``).
MONTH_DAY = re.compile(r"(?<![\d年])" + _M + r"月" + _D + r"日?")


def _num(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if re.fullmatch(r"[零〇○一二三四五六七八九]{4}", s):  # year written digit by digit
        return int("".join(str("零一二三四五六七八九".index(c)) if c in "零一二三四五六七八九" else "0" for c in s))
    v = parse_chinese(s)
    return int(v) if v is not None else None


def _make(y: int | None, m: int | None, d: str, year_hint: int | None) -> str | None:
    y = y or year_hint
    if not y or not m or not 1 <= m <= 12:
        return None
    if d == "底":
        day = calendar.monthrange(y, m)[1]
    else:
        day = _num(d)
    if not day:
        return None
    try:
        return date(y, m, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str, year_hint: int | None = None) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, or None.

    ``year_hint`` completes dates written without a year (``截至9月底`` → last day of September).
    """
    m = FULL_DATE.search(text)
    if m:
        return _make(_num(m.group("y")), _num(m.group("m")), m.group("d"), None)
    m = NUMERIC_DATE.search(text)
    if m:
        return _make(int(m.group("y")), int(m.group("m")), m.group("d"), None)
    m = MONTH_DAY.search(text)
    if m and year_hint:
        return _make(None, _num(m.group("m")), m.group("d"), year_hint)
    return None


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """All full dates in ``text`` as (start, end, ISO date)."""
    out = []
    for m in FULL_DATE.finditer(text):
        iso = _make(_num(m.group("y")), _num(m.group("m")), m.group("d"), None)
        if iso:
            out.append((m.start(), m.end(), iso))
    return out
