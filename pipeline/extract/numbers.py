"""Numbers as reports write them: Arabic (``1,234.5``), Chinese (``一百零七``, ``二○二四``,
``百分之九十七点三``) and with magnitudes (``1.7亿``, ``820.8万``).

Chinese numerals are converted by cn2an (a maintained converter) — ``○``/``〇`` are read as zero,
as in ``二○二四年`` and ``一百○三件``.
"""
from __future__ import annotations

import re
from decimal import Decimal

#: Characters of Chinese numerals (including 两, the circle zeros and 点 for decimals).
CN_DIGITS = "零〇○一二两三四五六七八九十百千万亿点"
#: An Arabic number: digits with optional thousands commas and decimals.
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
#: A Chinese number.
CHINESE = f"[{CN_DIGITS}]+"
MAGNITUDE = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2, "萬": 1e4, "億": 1e8}

_CN_RX = re.compile(f"^{CHINESE}$")
#: Digit-by-digit Chinese numbers with 、 between thousands (``一、八三七`` = 1837), as some reports
#: print large counts.
CHINESE_GROUPED = "[一二三四五六七八九](?:、[零〇○一二三四五六七八九]{3})+"
_CN_GROUPED = re.compile(f"^{CHINESE_GROUPED}$")
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}


def parse_chinese(text: str) -> float | None:
    """Value of a Chinese numeral (``一百零七`` → 107, ``十一点○`` → 11.0), None if not one.

    A run of digit characters without 十/百/千 is read digit by digit (``一八三七`` → 1837).
    """
    if text and _CN_GROUPED.match(text):  # 一、八三七: digit by digit, 、 between thousands
        return float("".join(str(_CN_DIGIT[c]) for c in text if c != "、"))
    if not text or not _CN_RX.match(text):
        return None
    import cn2an

    t = text.replace("○", "零").replace("〇", "零")
    try:
        v = cn2an.cn2an(t, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return float(v)


def parse_number(text: str) -> float | None:
    """Value of an Arabic or Chinese number with an optional magnitude suffix (万/亿).

    ``"1.7亿"`` → 170000000.0; ``"3460.09万"`` → 34600900.0; ``"174"`` → 174.0;
    ``"一百零七"`` → 107.0; ``"一、八三七"`` → 1837.0; ``"1,234"`` → 1234.0.  None when ``text`` is not a number.
    """
    text = text.strip().replace(" ", "")
    if not text:
        return None
    mult = 1.0
    if text[-1] in MAGNITUDE and len(text) > 1 and re.match(r"^[\d.,]+$", text[:-1]):
        mult = MAGNITUDE[text[-1]]
        text = text[:-1]
    if re.fullmatch(ARABIC, text):
        # decimal arithmetic: 1024.1亿 is 102410000000 exactly, not 102409999999.99998
        return float(Decimal(text.replace(",", "")) * Decimal(int(mult)))
    v = parse_chinese(text)
    return None if v is None else v * mult


def parse_percent(text: str) -> float | None:
    """A percentage as 0-100: ``"96.8%"`` → 96.8, ``"百分之九十七点三"`` → 97.3, ``"百分之百"`` → 100."""
    text = text.strip().replace(" ", "")
    m = re.fullmatch(r"(" + ARABIC + r")%", text)
    if m:
        return float(m.group(1).replace(",", ""))
    if text.startswith("百分之"):
        rest = text[3:]
        if rest == "百":
            return 100.0
        return parse_chinese(rest)
    return None
