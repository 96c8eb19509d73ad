"""Outcome classes: normalising the many wordings of handling results to the A/B/C/D categories.

Categories (record contract, ``gold/README.md``): ``solved`` (A), ``in_progress`` (B), ``planned``
(C), ``explained`` (D), ``other`` (a label joining two classes with 或), ``all`` (a scope total).

Precedence: an explicit letter (A类 …, 甲/乙/丙/丁类) decides; else a 或-join of two different
classes is ``other``; else a label naming 列入计划/规划 is ``planned`` even with 正在 (the seed's
``列入计划正在逐步解决``); else the keywords below.
"""
from __future__ import annotations

import re

LETTERS = {"A": "solved", "B": "in_progress", "C": "planned", "D": "explained",
           "甲": "solved", "乙": "in_progress", "丙": "planned", "丁": "explained"}

#: Keywords per category, checked in this order.  Wording from county, city and provincial reports.
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("planned", ("列入计划", "列入规划", "纳入计划", "纳入规划", "列入年度计划", "计划解决", "计划落实",
                 "计划逐步解决", "列入工作计划")),
    ("explained", ("条件限制", "难以解决", "暂时无法", "暂不能", "暂无法", "不能解决", "无法解决", "留作参考",
                   "作为参考", "作为工作参考", "作参考", "参考采纳", "说明解释", "解释说明", "向代表说明",
                   "向委员说明", "作出说明", "作了说明", "作出解释", "暂缓",
                   # 香格里拉县 (2011): 所提建议供有关部门决策研究参考或向上级反映的11件
                   "研究参考", "决策参考", "向上级反映")),
    ("in_progress", ("正在解决", "正在逐步解决", "正在办理", "正在落实", "正在推进", "正在实施", "工作已启动",
                     "工作已经启动", "有关工作已", "部分解决", "部分落实", "逐步解决")),
    ("solved", ("已经解决", "基本解决", "已解决", "已落实", "已经落实", "已采纳", "采纳", "解决或基本解决",
                "已办结", "基本落实", "得到解决", "已经采纳")),
)

_LETTER_RX = re.compile(r"(?<![A-Za-z])([ABCD])\s*类|([甲乙丙丁])\s*类|类[别型]?\s*[：:为]?\s*([ABCD])(?![A-Za-z])")


def keyword_category(label: str) -> str | None:
    """Category of ``label`` by keywords alone (None when no keyword matches)."""
    for category, words in KEYWORDS:
        if any(w in label for w in words):
            return category
    return None


def letter_category(label: str) -> str | None:
    """Category given by an explicit class letter in ``label`` (``A类``, ``甲类``, ``类别：B``)."""
    m = _LETTER_RX.search(label)
    if not m:
        return None
    return LETTERS[next(g for g in m.groups() if g)]


def classify_outcome(label: str) -> str | None:
    """Category of an outcome label (see the module docstring), None when it names no outcome.

    >>> classify_outcome("建议所提问题列入计划正在逐步解决")
    'planned'
    >>> classify_outcome("正在解决或列入计划逐步解决")
    'other'
    """
    letter = letter_category(label)
    if letter:
        return letter
    if "或" in label:
        parts = [keyword_category(p) for p in re.split(r"或者?", label)]
        found = {p for p in parts if p}
        if len(found) >= 2:
            return "other"
    return keyword_category(label)
