"""Normaliser rules, table-driven: (input text, expected normalised text)."""
from __future__ import annotations

import pytest

from pipeline.normalize import normalize
from pipeline.records import LoadedDocument, PageText, SourceDocument


def _norm(*pages: str):
    src = SourceDocument(path="t.txt", sha256="0", fmt="text", size=1)
    doc = LoadedDocument(source=src, pages=tuple(PageText(i + 1, p) for i, p in enumerate(pages)),
                         loader="text", backend="python", paged=len(pages) > 1)
    return normalize(doc)


@pytest.mark.parametrize("raw,expected", [
    # page-number lines of every form are dropped
    ("第一段。\n— 3 —\n第二段。", "第一段。\n第二段。"),
    ("第一段。\n-3-\n第二段。", "第一段。\n第二段。"),
    ("第一段。\n第3页\n第二段。", "第一段。\n第二段。"),
    ("第一段。\n第 3 页 共 12 页\n第二段。", "第一段。\n第二段。"),
    # spaces between CJK and digits go, a space between two CJK words stays
    ("县政府系统认真办理落实，共办理建议 174 件。", "县政府系统认真办理落实，共办理建议174件。"),
    ("县政府办公室主任 刘宽利", "县政府办公室主任 刘宽利"),
    ("占 27.9 %。", "占27.9%。"),
    # Markdown marks stripped
    ("### **一、基本情况**", "一、基本情况"),
    ("**（一）重点建议办理情况。**今年政府系统办理的重点建议共 12 件。", "（一）重点建议办理情况。今年政府系统办理的重点建议共12件。"),
    # full-width digits become ASCII, list markers stay
    ("共办理建议１７４件，满意率９６．８％。", "共办理建议174件，满意率96.8%。"),
    ("①主体建筑施工Ⅰ、Ⅱ区。", "①主体建筑施工Ⅰ、Ⅱ区。"),
    # half-width punctuation used as Chinese punctuation; thousands separators stay
    ("2019年,县政协十届三次会议共收到提案1,163件;", "2019年，县政协十届三次会议共收到提案1,163件；"),
])
def test_normalize_rules(raw, expected):
    assert _norm(raw).text == expected


def test_normalize_joins_sentence_across_page_break():
    """The seed: 确保 / 了公办敬老院 across a page break, with blank lines between."""
    page1 = "将敬老院工作经费列入财政预算，确保"
    page2 = "了公办敬老院，有人管事，有钱办事。"
    n = _norm(page1 + "\n", "\n" + page2)
    assert n.text == page1 + page2
    i = n.text.index("了公办")
    assert (n.page_of[i], n.offset_of[i]) == (2, 1)


def test_normalize_joins_title_split_inside_number_and_unit():
    """The seed's 《关于优化 318 路 / 公交车线路的建议》 split by a page break."""
    text = ("比如，苏春华代表提出的《关于保留南村高速口的建议》和王萌代表提出的《关于优化 318 路\n\n\n\n"
            "公交车线路的建议》超出了县政府的职权范围。")
    assert "《关于优化318路公交车线路的建议》" in _norm(text).text


def test_normalize_joins_hard_wrapped_lines_and_keeps_headings():
    text = ("一、基本情况\n"
            "县七届人大七次会议期间，人大代表们认真履行宪法和法律\n"
            "赋予的神圣职责，积极建言献策，县政府系统认真办理落实，\n"
            "共办理建议 174 件。\n"
            "（一）重点建议办理情况。")
    assert _norm(text).text == ("一、基本情况\n县七届人大七次会议期间，人大代表们认真履行宪法和法律赋予的神圣职责，"
                                "积极建言献策，县政府系统认真办理落实，共办理建议174件。\n（一）重点建议办理情况。")


def test_normalize_offsets_map_back_to_source():
    raw = "**县政府** 共办理建议 174 件。"
    n = _norm(raw)
    for i, ch in enumerate(n.text):
        if ch != "\n":
            assert raw[n.offset_of[i]] == ch


def test_normalize_traditional_document_converted_keeping_names():
    n = _norm("乾安縣人民政府關於縣十八屆人大三次會議代表建議辦理情況的報告。共辦理建議一百零七件。")
    assert n.script == "traditional"
    assert n.text.startswith("乾安县人民政府关于县十八届人大三次会议代表建议办理情况的报告")


def test_normalize_simplified_document_untouched():
    n = _norm("乾隆年间的乾安县，共办理建议174件。")
    assert n.script == "simplified" and n.text == "乾隆年间的乾安县，共办理建议174件。"


def test_layout_table_rows_keep_offsets():
    from pipeline.layout_tables import find_layout_tables
    from tests.test_wording import LAYOUT_TABLE

    lines = LAYOUT_TABLE.split("\n")
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    (table,) = find_layout_tables(lines, starts)
    assert (table.first, table.last) == (2, 7)
    rows = ["".join(c for c, _ in r) for r in table.rows]
    assert rows[0] == "序号|建议号|建议名称|领衔代表|主办单位"
    assert rows[1] == "1|第 15 号|关于加快城区排水防涝设施建设的建议|闫少华等 9 名代表|市住建局"
    # every character (separators aside) maps back to itself in the source text
    assert all(LAYOUT_TABLE[o] == c for r in table.rows for c, o in r if c != "|")
    # prose with two spaces is no table
    assert find_layout_tables(["县政府  高度重视  建议办理工作"], [0]) == []
