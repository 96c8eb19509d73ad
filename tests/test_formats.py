"""Every format gives the same records: DOCX and HTML loaders (issue 3), with exact values."""
from __future__ import annotations

import pytest

from pipeline.errors import BanliError
from pipeline.loaders import EXTENSIONS, load
from tests.conftest import FIXTURES
from tests.test_seed_report import DEPUTIES_TITLES

DOCX_MERGED = FIXTURES / "docx" / "merged-total.docx"
DOCX_REPORT = FIXTURES / "docx" / "zezhou-2025.docx"
HTML_REPORT = FIXTURES / "html" / "zezhou-2025.html"
HTML_GBK = FIXTURES / "html" / "gbk-mislabelled.html"
HTML_EMPTY = FIXTURES / "html" / "empty-article.html"
TITLE = "关于县七届人大七次会议以来人大代表建议、批评和意见办理情况的报告"

MERGED_LINES = [
    TITLE,
    "一、基本情况",
    "县七届人大七次会议期间，人大代表们积极建言献策，县政府系统认真办理落实，共办理建议174件。",
    "截至2025年9月6日，所有建议全部办理完毕。",
    "表1  代表建议办理结果统计",
    "办理情况\t件数\t占比",
    "建议所提问题已经解决或基本解决\t118件\t67.6%",
    "列入计划正在逐步解决\t52件\t30%",
    "向代表说明解释\t4件\t2.4%",
    "合计\t174件",
    "目前，我县南部水网工程已投资1.7亿元，实施完成了一期、二期项目建设。",
    "办理结果可分为以上几种情况。",
]


def _extract(path):
    from pipeline.extract_document import extract_file

    return extract_file(path)


def test_registry_knows_docx_and_html():
    assert EXTENSIONS[".docx"] == "docx"
    assert EXTENSIONS[".html"] == "html"
    assert EXTENSIONS[".htm"] == "html"


# ---------------------------------------------------------------- DOCX


def test_docx_body_order_merged_cell_tracked_changes_text_box():
    doc = load(DOCX_MERGED)
    assert doc.loader == "docx" and doc.backend == "python-docx"
    assert doc.paged is False and len(doc.pages) == 1
    assert doc.pages[0].text.split("\n") == MERGED_LINES


def test_docx_merged_total_counted_once():
    text = load(DOCX_MERGED).pages[0].text
    assert text.count("174件") == 2  # the prose sentence and the 合计 row, never 3
    assert "8月31日" not in text  # tracked deletion dropped
    assert text.count("已投资1.7亿元") == 1  # text box once (Choice, not Fallback)


def test_docx_heading_style_is_a_hint():
    import docx as python_docx

    from pipeline.loaders.docx import heading_lines

    assert heading_lines(python_docx.Document(str(DOCX_MERGED))) == ["一、基本情况"]


def test_docx_unreadable_names_the_file(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BanliError) as e:
        load(bad)
    assert e.value.code == "E_DOCX_UNREADABLE"
    assert str(bad) in str(e.value)


@pytest.fixture(scope="module")
def docx_report():
    return _extract(DOCX_REPORT)


@pytest.fixture(scope="module")
def html_report():
    return _extract(HTML_REPORT)


@pytest.fixture(params=["docx_report", "html_report"])
def rendition(request):
    return request.getfixturevalue(request.param)


def test_rendition_sixteen_deputies_and_titles(rendition):
    got = [(s["deputies"], s["title"]) for s in rendition.record["suggestions"]]
    assert got == [([d], t) for d, t in DEPUTIES_TITLES]


def test_rendition_report_fields(rendition):
    rep = rendition.record["report"]
    assert rep["total"] == 174
    assert rep["title"] == TITLE
    assert rep["report_date"] == "2025-10-31"
    assert rep["completed_date"] == "2025-09-06"
    assert rep["rates"] == {"面商率": 100.0, "办复率": 100.0, "满意率": 96.8}


def test_rendition_matches_gold(rendition, gold_rendered):
    got = rendition.record
    for key in ("title", "jurisdiction", "total", "report_date", "reporter", "rates"):
        assert got["report"][key] == gold_rendered["report"][key], key
    assert [s["title"] for s in got["suggestions"]] == [s["title"] for s in gold_rendered["suggestions"]]


# ---------------------------------------------------------------- HTML


def test_html_gbk_mislabelled_names():
    doc = load(HTML_GBK)
    assert doc.loader == "html" and doc.backend == "trafilatura"
    text = doc.pages[0].text
    for junk in ("当前位置", "分享到", "版权所有", "首页", "上一篇"):
        assert junk not in text
    assert text.split("\n")[0] == "县七届人大七次会议期间，县政府系统认真办理落实，共办理建议3件。截至2025年9月6日，所有建议全部办理完毕。"
    assert doc.title_hint == "关于县七届人大七次会议代表建议办理情况的报告"
    rec = _extract(HTML_GBK).record
    assert [s["deputies"] for s in rec["suggestions"]] == [["王喆"], ["李堃"], ["张赟"]]
    assert [s["title"] for s in rec["suggestions"]] == [
        "关于加快城区老旧小区改造的建议",
        "关于完善农村公路养护机制的建议",
        "关于加强中小学校园周边交通安全管理的建议",
    ]
    assert rec["report"]["total"] == 3


def test_html_empty_article_is_an_error():
    with pytest.raises(BanliError) as e:
        load(HTML_EMPTY)
    assert e.value.code == "E_EMPTY_ARTICLE"


def test_html_replacement_char_is_an_encoding_error(tmp_path):
    page = tmp_path / "bad.html"
    page.write_bytes('<html><head><meta charset="utf-8"></head><body><p>关于王\ufffd代表</p></body></html>'.encode())
    with pytest.raises(BanliError) as e:
        load(page)
    assert e.value.code == "E_ENCODING"


def test_html_undecodable_bytes_are_an_encoding_error(tmp_path):
    page = tmp_path / "bad.html"
    page.write_bytes(b'<html><head><meta charset="gbk"></head><body><p>\xff\xff\xff</p></body></html>')
    with pytest.raises(BanliError) as e:
        load(page)
    assert e.value.code == "E_ENCODING"


def test_html_table_rows_one_per_line(tmp_path):
    body = "".join(f"<p>县政府系统认真办理落实，共办理建议174件，第{i}段正文内容较长，用于抽取正文。</p>" for i in range(4))
    page = tmp_path / "t.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>关于代表建议办理情况的报告_政务公开</title></head><body>"
        "<div class='nav'><a href='/'>首页</a></div><div class='article'>" + body +
        "<table><tr><td>类别</td><td>件数</td></tr><tr><td>已经解决</td><td>118</td></tr>"
        "<tr><td>合计</td><td>174</td></tr></table>" + body + "</div></body></html>", encoding="utf-8")
    doc = load(page)
    lines = doc.pages[0].text.split("\n")
    assert "类别\t件数" in lines and "已经解决\t118" in lines and "合计\t174" in lines
    assert doc.title_hint == "关于代表建议办理情况的报告"
