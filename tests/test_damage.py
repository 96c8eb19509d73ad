"""PDF text-layer damage and OCR (issue 3): each fixture (tests/fixtures/pdf, built by
tests/fixtures/make_fixtures.py) gives its exact clean text and the values extracted from it."""
from __future__ import annotations

import json

import pytest

from pipeline.errors import BanliError
from pipeline.loaders import load
from pipeline.loaders.ocr import clean_ocr_text
from pipeline.loaders.pdf import broken_share, undouble_line
from pipeline.normalize import normalize
from tests.conftest import FIXTURES

PDF = FIXTURES / "pdf"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def _clean(name: str) -> str:
    return normalize(load(PDF / name)).text


def _record(name: str) -> dict:
    from pipeline.extract_document import extract_file

    return extract_file(PDF / name).record


def _figures(rec: dict) -> list[tuple[float, str]]:
    return [(f["value"], f["kind"]) for f in rec["figures"]]


# ---------------------------------------------------------------- fake bold


def test_fake_bold_exact_text():
    assert _clean("fake-bold.pdf") == EXPECTED["pdf/fake-bold.pdf"]["clean_text"]


def test_fake_bold_values():
    rec = _record("fake-bold.pdf")
    assert [(s["deputies"], s["title"]) for s in rec["suggestions"]] == [
        (["蔡大春"], "关于完善泽州县养老服务体系的建议")]


def test_undouble_only_whole_doubled_lines():
    assert undouble_line("11..关关于于蔡蔡大大春春代代表表") == "1.关于蔡大春代表"
    assert undouble_line("哈哈大笑，100件") == "哈哈大笑，100件"
    assert undouble_line("关关于于蔡蔡大大春春代代表表，已办理") == "关关于于蔡蔡大大春春代代表表，已办理"


# ---------------------------------------------------------------- character spacing


def test_char_spacing_exact_text():
    # paragraph breaks are layout decisions: compare the text without them (expected.json's rule)
    exp = EXPECTED["pdf/char-spacing.pdf"]
    text = _clean("char-spacing.pdf").replace("\n", "")
    assert text == exp["clean_text"].replace("\n", "")
    for s in exp["clean_text_contains"]:
        assert s in text


def test_char_spacing_values():
    rec = _record("char-spacing.pdf")
    assert rec["report"]["total"] == 174
    assert rec["report"]["completed_date"] == "2025-09-06"
    assert rec["report"]["rates"] == {"面商率": 100.0, "办复率": 100.0, "满意率": 96.8}
    assert (170000000.0, "money") in _figures(rec)


def test_spaced_run_in_a_line_is_joined():
    from pipeline.loaders.text import load as _  # noqa: F401  (the normaliser is format-blind)
    from pipeline.records import LoadedDocument, PageText, SourceDocument
    from pathlib import Path

    src = SourceDocument(Path("x.txt"), "0", "text", 1)
    doc = LoadedDocument(src, (PageText(1, "共 办 理 建 议 1 7 4 件 。\n已投资 1 . 7 亿元。\n县政府办公室主任 刘宽利"),),
                         "text", "python")
    assert normalize(doc).text == "共办理建议174件。\n已投资1.7亿元。\n县政府办公室主任 刘宽利"


# ---------------------------------------------------------------- missing ToUnicode → OCR


def test_missing_tounicode_page_is_ocred():
    doc = load(PDF / "missing-tounicode.pdf")
    assert doc.recovered == {2: "ocr"}
    assert doc.backend == "pypdfium2+tesseract"
    text = normalize(doc).text
    assert text == EXPECTED["pdf/missing-tounicode.pdf"]["clean_text"].replace("\f", "\n")
    assert "(cid:" not in text


def test_missing_tounicode_values():
    rec = _record("missing-tounicode.pdf")
    assert rec["report"]["total"] == 174
    assert [(s["deputies"], s["title"]) for s in rec["suggestions"]] == [
        (["任素芳"], "关于解决农村居民冬季供暖问题的建议")]
    figs = _figures(rec)
    assert (85088.0, "households") in figs
    assert (8208000.0, "area") in figs


def test_broken_share_counts_raw_char_codes():
    assert broken_share("\x01\x04\x05\x06\x07\x08") == 1.0
    assert broken_share("(cid:1)(cid:2)关于") > 0.5
    assert broken_share("共办理建议174件。") == 0.0


def test_ocr_unavailable_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("BANLI_TESSERACT", "/nonexistent/tesseract")
    with pytest.raises(BanliError) as e:
        load(PDF / "missing-tounicode.pdf")
    # a page whose text layer is garbage and cannot be OCRed: broken, and the cause is named
    assert e.value.code == "E_TEXT_LAYER_BROKEN"
    assert "OCR unavailable" in e.value.detail


def test_scan_without_tesseract_is_ocr_unavailable(monkeypatch, tmp_path):
    from pipeline.loaders.ocr import ocr_pages

    monkeypatch.setenv("BANLI_TESSERACT", "/nonexistent/tesseract")
    with pytest.raises(BanliError) as e:
        ocr_pages(PDF / "fullwidth.pdf", [1])
    assert e.value.code == "E_OCR_UNAVAILABLE"
    assert "fullwidth.pdf" in str(e.value)


def test_ocr_confusions_that_corrupt_figures():
    raw = ("面 商 率 100%， 办 复 率 10090， 办复率1009%6，满意率96.8%。\n"
           "占办结总数的67.69%6。占2.4%4。\n一 3 一\n一一2025 年10月31日在会议上\n《四) 建议\n")
    assert clean_ocr_text(raw) == (
        "面商率100%，办复率100%，办复率100%，满意率96.8%。\n"
        "占办结总数的67.6%。占2.4%。\n— 3 —\n——2025年10月31日在会议上\n（四）建议\n")


def test_ocr_keeps_real_numbers():
    assert clean_ocr_text("满意率99%，共10090户，增长率96.8%\n") == "满意率99%，共10090户，增长率96.8%\n"


# ---------------------------------------------------------------- full width


def test_fullwidth_exact_text():
    text = _clean("fullwidth.pdf")
    assert text == EXPECTED["pdf/fullwidth.pdf"]["clean_text"]
    for bad in EXPECTED["pdf/fullwidth.pdf"]["clean_text_not_contains"]:
        assert bad not in text


def test_fullwidth_values():
    rec = _record("fullwidth.pdf")
    assert rec["report"]["total"] == 174
    assert rec["report"]["rates"] == {"满意率": 96.8}
    assert rec["report"]["completed_date"] == "2025-09-06"
    assert _figures(rec)[:3] == [(174.0, "count"), (96.8, "percent"), (12.0, "count")]


# ---------------------------------------------------------------- unreadable page tree


def test_page_tree_loop_is_unreadable_from_extract():
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.extract_document import extract_file

    bad = FIXTURES / "bad" / "page-tree-loop.pdf"
    with pytest.raises(BanliError) as e:
        extract_file(bad)
    assert e.value.code == "E_PDF_UNREADABLE"
    r = CliRunner().invoke(app, ["extract", str(bad), "--json"])
    assert r.exit_code == 2
    assert "E_PDF_UNREADABLE" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


# ---------------------------------------------------------------- two columns


def test_two_columns_read_column_by_column():
    exp = EXPECTED["pdf/two-columns.pdf"]
    page = load(PDF / "two-columns.pdf").pages[0].text
    assert page.split("\n") == [exp["clean_text"].split("\n")[0]] + exp["columns"]["left"] + exp["columns"]["right"]
    text = _clean("two-columns.pdf")
    assert text.replace("\n", "") == exp["clean_text"].replace("\n", "")
    for s in exp["clean_text_contains"]:
        assert s in text.replace("\n", "")


def test_two_columns_values():
    rec = _record("two-columns.pdf")
    assert rec["report"]["outcomes"][0]["count"] == 52
    # 7043.77万元 and 92.92km sit in the right column: read row by row they come out whole too,
    # but only column order keeps 2025年9|月中旬 together
    assert _figures(rec) == [(52.0, "count"), (30.0, "percent"), (170000000.0, "money"),
                             (70437700.0, "money"), (2.0, "count"), (92920.0, "length")]


def test_single_column_pages_are_left_alone():
    import pypdfium2 as pdfium

    from pipeline.loaders.pdf import column_text

    for name in ("char-spacing.pdf", "table-across-pages.pdf", "fake-bold.pdf", "fullwidth.pdf"):
        doc = pdfium.PdfDocument(str(PDF / name))
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            assert column_text(tp, tp.get_text_range()) is None, name
        doc.close()


# ---------------------------------------------------------------- table across pages


def _table_lines(doc) -> list[str]:
    return [ln for p in doc.pages for ln in p.text.split("\n") if "\t" in ln]


def test_table_across_pages_rows():
    exp = EXPECTED["pdf/table-across-pages.pdf"]["clean_table"]
    doc = load(PDF / "table-across-pages.pdf")
    assert _table_lines(doc) == ["\t".join(exp["header"])] + ["\t".join(r) for r in exp["rows"]]
    assert "pdfplumber" in doc.backend


def test_table_rows_in_reading_order():
    doc = load(PDF / "table-across-pages.pdf")
    p1, p2 = doc.pages[0].text.split("\n"), doc.pages[1].text.split("\n")
    # caption, header, rows, then the page number; the continuation opens page 2
    i = p1.index("表1 代表建议办理结果统计")
    assert p1[i + 1:] == ["类别\t办理情况\t件数（件）\t占办结总数比例",
                          "办理结果\t建议所提问题已经解决或基本解决\t118\t67.6%",
                          "办理结果\t列入计划正在逐步解决\t52\t30%", "－ 1 －"]
    assert p2 == ["办理结果\t向代表说明解释\t4\t2.4%", "合计\t\t174\t100%",
                  "（三）建议所提问题列入计划正在逐步解决的52件，占办结总数的30%。", "－ 2 －"]
    text = _clean("table-across-pages.pdf")
    assert "建议所提问题已经解决或基本解决\t118\t67.6%" in text
    for s in EXPECTED["pdf/table-across-pages.pdf"]["clean_text_contains"]:
        assert s in text


def test_table_values():
    rec = _record("table-across-pages.pdf")
    assert rec["report"]["total"] == 174
    figs = _figures(rec)
    for v in [(67.6, "percent"), (30.0, "percent"), (2.4, "percent")]:
        assert v in figs


def test_pages_without_rules_skip_the_table_finder():
    import pypdfium2 as pdfium

    from pipeline.loaders.pdf import MIN_RULES, path_count

    doc = pdfium.PdfDocument(str(PDF / "table-across-pages.pdf"))
    assert [path_count(doc[i]) >= MIN_RULES for i in range(len(doc))] == [True, True]
    doc.close()
    doc = pdfium.PdfDocument(str(PDF / "fullwidth.pdf"))
    assert path_count(doc[0]) == 0
    doc.close()


# ---------------------------------------------------------------- OCR input


def test_scan_is_read_at_its_own_resolution_and_binarised(tmp_path):
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    from pipeline.loaders import ocr

    im = Image.new("L", (1241, 1754), 255)
    ImageDraw.Draw(im).rectangle((100, 100, 400, 140), fill=120)  # a grey stroke
    scan = tmp_path / "scan.pdf"
    im.save(scan, "PDF", resolution=150)
    doc = pdfium.PdfDocument(str(scan))
    page = doc[0]
    assert abs(ocr.render_dpi(page) - 150) < 1
    out = ocr.page_image(page)
    assert out.size == (1241, 1754)
    assert {v for _, v in out.getcolors()} <= {0, 255}
    doc.close()
    # a born-digital page (no single full-page image) is rendered at DPI and left grey
    doc = pdfium.PdfDocument(str(PDF / "missing-tounicode.pdf"))
    assert ocr.render_dpi(doc[1]) == ocr.DPI
    assert len(ocr.page_image(doc[1]).getcolors()) > 2
    doc.close()


# ---------------------------------------------------------------- OCR: misread surnames in bylines


def _hocr_line(words: list[tuple[str, int, str]]) -> str:
    """A one-line hOCR page in Tesseract's ``lstm_choice_mode=2`` layout: (text, x_wconf, the LSTM's
    choices for the first character, best first)."""
    spans = []
    for k, (text, conf, choices) in enumerate(words):
        alts = "".join(f"<span class='ocrx_cinfo' id='choice_1_{k}_{j}' title='x_confs 0'>{c}</span>"
                       for j, c in enumerate(choices))
        spans.append(f"<span class='ocrx_word' id='word_1_{k}' title='bbox 0 0 1 1; x_wconf {conf}'>{text}"
                     f"<span class='ocrx_cinfo' id='lstm_choices_1_{k}_1'>{alts}</span></span>")
    return ("<html><body><div class='ocr_page'><span class='ocr_line' id='line_1_1'>"
            + "".join(spans) + "</span></div></body></html>")


def test_byline_surname_takes_tesseracts_next_choice_when_common():
    from pipeline.loaders.ocr import apply_repairs, surname_repairs

    # what chi_sim gives for the first numbered key suggestion of the 泽州县 scan (page 1)
    hocr = _hocr_line([("1.", 91, "1L]"), ("关", 92, "关半闪"), ("于", 92, "于末了"), ("蒙", 5, "蒙蔡蘑苔"),
                       ("大", 93, "大太"), ("春", 26, "人帮大"), ("代表", 95, "代"), ("提出", 96, "提"),
                       ("的", 96, "的")])
    repairs = surname_repairs(hocr)
    assert repairs == {"1.关于蒙大春代表提出的": "1.关于蔡大春代表提出的"}
    assert apply_repairs("封面\n1.关于蒙大春代表提出的\n", repairs) == "封面\n1.关于蔡大春代表提出的\n"
    # the reading of the same name (禁 is no surname at all)
    assert surname_repairs(hocr.replace(">蒙<", ">禁<").replace(">蒙", ">禁")) == {
        "1.关于禁大春代表提出的": "1.关于蔡大春代表提出的"}


def test_byline_surname_left_alone_when_confident_common_or_without_choice():
    from pipeline.loaders.ocr import surname_repairs

    line = [("关于", 92, "关"), ("卫", 92, "卫江"), ("小", 93, "小"), ("认", 22, "认育华"), ("代表", 95, "代")]
    assert surname_repairs(_hocr_line(line)) == {}  # 卫 read confidently; 认 is a given-name character
    line[1] = ("蒙", 30, "蒙苔背")  # low confidence, but no common surname among the choices
    assert surname_repairs(_hocr_line(line)) == {}
    line[1] = ("蒋", 10, "蒋蔡")  # a common surname is never replaced
    assert surname_repairs(_hocr_line(line)) == {}
    # not a byline: no 代表/委员 after the name
    assert surname_repairs(_hocr_line([("关于", 92, "关"), ("蒙", 5, "蒙蔡"), ("大春", 90, "大"),
                                       ("提出", 96, "提")])) == {}


def test_scanned_page_recovers_the_byline_surname():
    """Page 1 of the 150-dpi scan of the 泽州县 report (tests/fixtures/scan): chi_sim reads 蔡 as 蒙
    (confidence 5); the repaired text names 蔡大春, and the page is recorded as read by OCR."""
    doc = load(FIXTURES / "scan" / "zezhou-2025-scan-p1.pdf")
    assert doc.recovered == {1: "ocr"}
    text = doc.pages[0].text
    assert "1.关于蔡大春代表提出的《关于完善泽州县养老服务体系的" in text
    assert "共办理建议174件" in text and "满意率96.8%" in text
