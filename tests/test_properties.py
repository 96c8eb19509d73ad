"""Property tests (hypothesis) for the normaliser and the quantity parser (issue 7): they never
raise on any string, the normaliser's offsets always map back into the source, and parsing a
formatted number gives it back."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract.figures import extract_figures
from pipeline.extract.numbers import parse_number, parse_percent
from pipeline.normalize import _convert_char, is_cjk, normalize, to_simplified
from pipeline.records import LoadedDocument, PageText, SourceDocument

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Characters that make the rules fire: CJK text and punctuation of reports, full-width forms,
#: Markdown marks, page-number shapes, spaces of all kinds, line and page breaks, digits, units,
#: traditional characters.
REPORT_ALPHABET = (
    "关于建议办理情况的报告县政府代表提出共件万亿元平方米户人个了的一二三四五六七八九十百千零〇○点"
    "。，、；：！？“”《》（）—–-－~～第页共%％．.,;:?!#*>_ 　\u00a0\u2002\n\f\t"
    "0123456789０１２３４５６７８９ＡＢａｂABab乾發會議關於處"
)
texts = st.one_of(st.text(), st.text(alphabet=REPORT_ALPHABET, max_size=400))
pages = st.lists(texts, min_size=1, max_size=4)

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def _doc(page_texts: list[str]) -> LoadedDocument:
    src = SourceDocument(path=Path("x.txt"), sha256="0" * 64, fmt="text", size=0)
    return LoadedDocument(source=src, pages=tuple(PageText(i + 1, t) for i, t in enumerate(page_texts)),
                          loader="text", backend="python", paged=len(page_texts) > 1)


def _allowed(src: str, out: str, traditional: bool) -> bool:
    """``out`` is ``src`` or its documented conversion (full-width → ASCII, odd spaces → space,
    ASCII punctuation → full-width, traditional → simplified)."""
    conv = _convert_char(src)
    if out in (src, conv, _HALF_TO_FULL.get(conv)):
        return True
    return traditional and (out == to_simplified(src) or is_cjk(out))


@SETTINGS
@given(pages)
def test_normalize_never_raises_and_offsets_map_back(page_texts):
    doc = _doc(page_texts)
    nt = normalize(doc)
    assert len(nt.page_of) == len(nt.offset_of) == len(nt.text)
    traditional = nt.script == "traditional"
    for i, ch in enumerate(nt.text):
        page, off = nt.page_of[i], nt.offset_of[i]
        assert 1 <= page <= len(page_texts)
        source = page_texts[page - 1]
        assert 0 <= off < len(source)
        if ch in "\n ":  # paragraph breaks and joining spaces may be inserted
            continue
        assert _allowed(source[off], ch, traditional), (i, ch, source[off])
    # offsets of kept characters move forward within a page (characters are never reordered)
    last = {}
    for i, ch in enumerate(nt.text):
        if ch in "\n ":
            continue
        p, o = nt.page_of[i], nt.offset_of[i]
        assert o > last.get(p, -1)
        last[p] = o
    if nt.text:
        nt.span(0, len(nt.text))
        nt.source_slice(doc.pages, 0, len(nt.text))


@SETTINGS
@given(texts)
def test_quantity_parsers_never_raise(s):
    parse_number(s)
    parse_percent(s)
    for f in extract_figures(s):
        assert 0 <= f.span[0] < f.span[1] <= len(s)
        assert f.value == f.value  # not NaN


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_integer_formatted_then_parsed(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_decimal_formatted_then_parsed(whole, cents):
    assert parse_number(f"{whole}.{cents:02d}") == round(whole + cents / 100, 2)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=9),
       st.sampled_from([("万", 10**4), ("亿", 10**8)]))
def test_magnitude_formatted_then_parsed(whole, tenth, mag):
    suffix, factor = mag
    assert parse_number(f"{whole}{suffix}") == whole * factor
    want = (whole * 10 + tenth) * factor // 10
    got = parse_number(f"{whole}.{tenth}{suffix}")
    assert abs(got - want) <= want * 1e-12  # exact: see test_magnitude_decimal_is_exact


def test_magnitude_decimal_is_exact():
    """Regression: parse_number multiplied binary floats (1024.1 * 1e8 → 102409999999.99998)."""
    assert parse_number("1024.1亿") == 102410000000


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_chinese_numeral_formatted_then_parsed(n):
    import cn2an

    assert parse_number(cn2an.an2cn(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=10, max_value=10**9), st.sampled_from(["元", "万元", "户", "人", "平方米", "个"]))
def test_figure_formatted_then_extracted(n, unit):
    factor = {"元": 1, "万元": 10**4, "户": 1, "人": 1, "平方米": 1, "个": 1}[unit]
    figs = extract_figures(f"今年共投入{n}{unit}。")
    assert len(figs) == 1
    assert figs[0].value == n * factor
