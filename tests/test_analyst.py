"""The analysts' side (issue 6): Python API, schema docs, Chinese search, exports, views, review, plots."""
from __future__ import annotations

import re
import shutil
import sqlite3
import warnings

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import FIXTURES, REPORT_MD, REPORT_PDF, ROOT

runner = CliRunner()


@pytest.fixture(scope="session")
def analyst_db(tmp_path_factory):
    """The dataset the README's main command builds (both renditions of the seed report)."""
    from pipeline.ingest import ingest

    db = tmp_path_factory.mktemp("analyst") / "banli.sqlite"
    ingest([REPORT_MD, REPORT_PDF], db, workers=1)
    return db


def _copy_db(src, dst):
    con = sqlite3.connect(src)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.copy(src, dst)
    return dst


@pytest.fixture()
def db_copy(analyst_db, tmp_path):
    return _copy_db(analyst_db, tmp_path / "banli.sqlite")


@pytest.fixture(scope="module")
def db_with_failures(analyst_db, tmp_path_factory):
    """The demo dataset after a second batch of two files that fail (from tests/fixtures/bad):
    (dataset path, folder of the failed files)."""
    from pipeline.ingest import ingest

    d = tmp_path_factory.mktemp("failed")
    db = _copy_db(analyst_db, d / "banli.sqlite")
    for name in ("zero-byte.pdf", "junk.txt"):
        shutil.copy(FIXTURES / "bad" / name, d / name)
    summary = ingest([d / "zero-byte.pdf", d / "junk.txt"], db, workers=1)
    assert len(summary.failures) == 2
    return db, d


# 1. Python API ------------------------------------------------------------------------------

def test_open_dataset_frames(analyst_db):
    import pipeline

    ds = pipeline.open_dataset(analyst_db)
    assert len(ds.reports) == 1 and len(ds.suggestions) == 16
    rep = ds.reports.iloc[0]
    assert (rep.jurisdiction, rep.admin_level, rep.year, rep.body, rep.total) == ("泽州县", "county", 2025, "npc", 174)
    s8 = ds.suggestions.set_index("seq").loc[8]
    assert (s8.deputies, s8.title, s8.topic) == ("任素芳", "关于解决农村居民冬季供暖问题的建议", "heating")
    assert ds.suggestions.sort_values("seq").deputies.tolist()[:3] == ["蔡大春", "刘彩俊", "卫小鹰"]
    money = ds.figures[ds.figures.kind == "money"].sort_values("id")
    assert 170000000 in money.value.tolist()
    assert money.set_index("raw").loc["1.7 亿元", "seq"] == 14
    assert dict(zip(ds.rates.name, ds.rates.value)) == {"面商率": 100.0, "办复率": 100.0, "满意率": 96.8}
    allo = ds.outcomes[ds.outcomes.scope == "all"]
    assert dict(zip(allo.category, allo["count"])) == {"solved": 118, "planned": 52, "explained": 4}
    j = ds.joined.set_index("seq")
    assert len(ds.joined) == 16
    assert j.loc[16, ["deputies", "title", "jurisdiction", "admin_level", "year", "body"]].tolist() == [
        "王萌", "关于优化318路公交车线路的建议", "泽州县", "county", 2025, "npc"]
    assert str(ds.suggestions.seq.dtype) == "Int64" and str(ds.figures.value.dtype) == "Float64"


def test_open_dataset_missing_file(tmp_path):
    import pipeline

    with pytest.raises(FileNotFoundError):
        pipeline.open_dataset(tmp_path / "none.sqlite")


def test_every_stored_column_is_documented(analyst_db):
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    from pipeline.serve import schema_doc

    documented = schema_doc(ROOT / "docs" / "schema.md")
    con = sqlite3.connect(analyst_db)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'suggestions_fts_%'")]
    missing = []
    for t in tables:
        assert f"## {t}" in doc, f"table {t} not in docs/schema.md"
        for col in [r[1] for r in con.execute(f"PRAGMA table_info({t})")]:
            if col not in documented.get(t, {}).get("columns", {}):
                missing.append(f"{t}.{col}")
    con.close()
    assert "reports" in tables and "suggestions_fts" in tables
    assert missing == [], f"columns missing from docs/schema.md: {missing}"


# 2. Search ----------------------------------------------------------------------------------

def test_search_finds_two_character_word_inside_longer_one(tmp_path):
    from pipeline.search import search
    from pipeline.store import connect

    con = connect(tmp_path / "s.sqlite")
    con.execute("INSERT INTO reports (id, report_key, kind, jurisdiction, year, record_json) "
                "VALUES (1, 'k', 'summary_report', '某区', 2024, '{}')")
    con.execute("INSERT INTO suggestions (report_id, seq, deputies, title, is_key) VALUES "
                "(1, 1, '张三', '关于加快老旧小区改造的建议', 0), (1, 2, '李四', '关于发展乡村旅游的建议', 0)")
    con.commit()
    hits = search(con, "小区")
    assert [(h.deputies, h.title, h.snippet) for h in hits] == [
        ("张三", "关于加快老旧小区改造的建议", "关于加快老旧[小区]改造的建议")]
    assert [h.title for h in search(con, "老旧小区")] == ["关于加快老旧小区改造的建议"]
    # the index follows new rows
    con.execute("INSERT INTO suggestions (report_id, seq, deputies, title, is_key) VALUES "
                "(1, 3, '王五', '关于小区停车难的建议', 0)")
    con.commit()
    assert sorted(h.seq for h in search(con, "小区")) == [1, 3]
    assert search(con, "") == []
    con.close()


def test_cli_search_demo_dataset(db_copy):
    r = runner.invoke(app, ["search", "供暖", "--db", str(db_copy)])
    assert r.exit_code == 0, r.output
    lines = [line.split("\t") for line in r.stdout.strip().splitlines()]
    assert [(row[2], row[3]) for row in lines] == [("任素芳", "关于解决农村居民冬季[供暖]问题的建议")]
    assert "泽州县 2025" in lines[0][1]
    r = runner.invoke(app, ["search", "养老", "--db", str(db_copy)])
    lines = [line.split("\t") for line in r.stdout.strip().splitlines()]
    assert [(row[2], row[3]) for row in lines] == [("蔡大春", "关于完善泽州县[养老]服务体系的建议")]
    r = runner.invoke(app, ["search", "公交", "--db", str(db_copy)])
    assert "王萌" in r.stdout and "318路" in r.stdout


# 3. Export ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_export_reads_back_identical(db_copy, tmp_path, fmt):
    import pipeline

    out = tmp_path / "out"
    r = runner.invoke(app, ["export", str(out), "--format", fmt, "--db", str(db_copy)])
    assert r.exit_code == 0, r.output
    frames = pipeline.open_dataset(db_copy).tables()
    assert {"suggestions", "figures", "v_money_per_topic"} <= set(frames)
    for name, df in frames.items():
        back = _read_export(out, fmt, name, df)
        pd.testing.assert_frame_equal(back.reset_index(drop=True), df.reset_index(drop=True), check_dtype=True)
    if fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(out / "banli.xlsx")
        ws = wb["suggestions"]
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]][:6] == ["id", "report_id", "seq", "number", "deputies", "title"]
        assert ws["F9"].value == "关于解决农村居民冬季供暖问题的建议"
    if fmt == "parquet":
        import pyarrow.parquet as pq

        schema = pq.read_schema(out / "figures.parquet")
        assert str(schema.field("value").type) == "double" and str(schema.field("seq").type) == "int64"


@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_export_includes_failures_and_meta(db_with_failures, tmp_path, fmt):
    """The files that failed to ingest, and why, are exported with the records (and the meta table)."""
    from pipeline.dataset import read_table

    db, bad = db_with_failures
    out = tmp_path / "out"
    r = runner.invoke(app, ["export", str(out), "--format", fmt, "--db", str(db)])
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(db)
    stored = {t: read_table(con, t) for t in ("failures", "meta")}
    con.close()
    failures = _read_export(out, fmt, "failures", stored["failures"])
    rows = sorted(tuple(None if pd.isna(v) else v for v in row)
                  for row in failures[["path", "sha256", "code", "message"]].itertuples(index=False))
    junk, empty = bad / "junk.txt", bad / "zero-byte.pdf"
    assert rows == [
        (str(junk), "3b2f8e02953e0c7563a45ec033c3571edda4e4dd65f1b9179aa99e36579bfc24", "E_BINARY_CONTENT",
         f"[E_BINARY_CONTENT] {junk}: the file holds binary data, not text (NUL bytes)"),
        (str(empty), None, "E_EMPTY_FILE", f"[E_EMPTY_FILE] {empty}: the file is empty"),
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", at) for at in failures["at"])
    pd.testing.assert_frame_equal(failures, stored["failures"], check_dtype=True)
    meta = _read_export(out, fmt, "meta", stored["meta"])
    assert meta.values.tolist() == [["schema_version", "1"]]


def _read_export(out, fmt, name, like):
    """Table ``name`` as ``banli export`` wrote it into ``out``, with the dtypes of the DataFrame ``like``."""
    dtypes = {c: str(t) for c, t in like.dtypes.items()}
    if fmt == "parquet":
        return pd.read_parquet(out / f"{name}.parquet")
    if fmt == "csv":
        raw = (out / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows Chinese
        return pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype=dtypes, keep_default_na=False,
                           na_values=[""])
    return pd.read_excel(out / "banli.xlsx", sheet_name=name[:31]).astype(dtypes)


# 4. Views ------------------------------------------------------------------------------------

def test_money_per_topic_equals_sum_of_seed_money(db_copy, seed_md):
    import pipeline

    ds = pipeline.open_dataset(db_copy)
    topic = {s["seq"]: s["topic"] for s in seed_md.record["suggestions"]}
    expected: dict[str, float] = {}
    for f in seed_md.record["figures"]:
        if f["kind"] == "money" and f.get("seq") is not None and not f.get("per"):
            expected[topic[f["seq"]]] = expected.get(topic[f["seq"]], 0) + f["value"]
    got = dict(zip(ds.view("money_per_topic").topic, ds.view("money_per_topic").money_cny))
    assert got == expected
    assert got == {"water": 170000000 + 70437700, "environment": 140000000 + 34600900 + 65500000,
                   "culture_tourism": 20000000, "employment": 100000}
    assert "agriculture" not in got  # 25元/亩 is a rate, left out


def test_views_topic_year_and_outcome_shares(db_copy):
    import pipeline

    ds = pipeline.open_dataset(db_copy)
    per = ds.view("suggestions_per_topic_year")
    assert per.suggestions.sum() == 16
    assert dict(zip(per[per.suggestions > 1].topic, per[per.suggestions > 1].suggestions)) == {
        "education": 2, "environment": 2, "transport": 2}
    sh = ds.view("outcome_shares")
    assert dict(zip(sh.category, sh["count"])) == {"solved": 118, "planned": 52, "explained": 4}
    assert dict(zip(sh.category, sh.share)) == {"solved": round(118 / 174, 6), "planned": round(52 / 174, 6),
                                                 "explained": round(4 / 174, 6)}
    assert set(sh.jurisdiction) == {"泽州县"} and set(sh.body) == {"npc"} and sh.report_id.nunique() == 1
    r = runner.invoke(app, ["query", "select topic, suggestions from v_suggestions_per_topic_year where suggestions > 1"
                            " order by topic", "--db", str(db_copy), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert '"education"' in r.stdout and '"transport"' in r.stdout


def test_outcome_shares_keep_reports_apart(tmp_path):
    """A county's people's-congress and CPPCC reports of one year (the trial found them added together,
    and so would be any two reports of unknown jurisdiction): one row set per report."""
    import pipeline
    from pipeline.ingest import ingest

    src = tmp_path / "in"
    src.mkdir()
    (src / "npc.md").write_text(
        "关于县十八届人大三次会议代表建议办理情况的报告\n2024年10月31日\n"
        "县十八届人大三次会议期间，代表共提出建议120件。A类（已经解决或基本解决）60件，B类（正在解决）50件，"
        "C类（列入计划逐步解决）10件。\n", encoding="utf-8")
    (src / "cppcc.md").write_text(
        "关于县政协十届三次会议提案办理情况的报告\n2024年10月31日\n"
        "县政协十届三次会议以来，共收到委员提案80件。A类（已经解决或基本解决）20件，B类（正在解决）40件，"
        "C类（列入计划逐步解决）20件。\n", encoding="utf-8")
    db = tmp_path / "two.sqlite"
    ingest([src], db, workers=1)
    sh = pipeline.open_dataset(db).view("outcome_shares")
    got = {(b, c): (n, x) for b, c, n, x in zip(sh.body, sh.category, sh["count"], sh.share)}
    assert got == {("npc", "solved"): (60, 0.5), ("npc", "in_progress"): (50, round(50 / 120, 6)),
                   ("npc", "planned"): (10, round(10 / 120, 6)),
                   ("cppcc", "solved"): (20, 0.25), ("cppcc", "in_progress"): (40, 0.5), ("cppcc", "planned"): (20, 0.25)}
    assert sh.report_id.nunique() == 2


# 5. Review page -----------------------------------------------------------------------------

def test_review_page_highlights_every_kind(db_copy, tmp_path):
    out = tmp_path / "review.html"
    r = runner.invoke(app, ["review", "1", "--out", str(out), "--db", str(db_copy)])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page  # self-contained
    kinds = re.findall(r'<mark id="m\d+" class="(\w+)"', page)
    assert kinds.count("title") == 16 and kinds.count("deputy") == 16
    assert kinds.count("rate") == 3 and kinds.count("outcome") >= 3 and kinds.count("figure") >= 40
    assert re.search(r'class="deputy"[^>]*>任素芳</mark>', page)
    assert re.search(r'class="title"[^>]*>关于解决农村居民冬季供暖问题的建议</mark>', page)
    assert re.search(r'class="figure" data-kind="figure" data-value="\{&quot;value&quot;: 170000000.0, '
                     r'&quot;unit&quot;: &quot;CNY&quot;', page)
    assert re.search(r'class="rate"[^>]*>满意率96.8%</mark>', page)


def test_review_of_a_file(tmp_path):
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["review", str(REPORT_MD), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert re.search(r'class="deputy"[^>]*>蔡大春</mark>', out.read_text(encoding="utf-8"))


def test_review_unknown_report(db_copy, tmp_path):
    r = runner.invoke(app, ["review", "99", "--out", str(tmp_path / "x.html"), "--db", str(db_copy)])
    assert r.exit_code == 2


# 6. Plots -------------------------------------------------------------------------------------

def test_plots_cjk_no_tofu(db_copy, tmp_path):
    from PIL import Image

    from pipeline.plots import cjk_font

    assert "WenQuanYi" in cjk_font() or "CJK" in cjk_font()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = runner.invoke(app, ["plot", str(tmp_path / "plots"), "--db", str(db_copy)])
    assert r.exit_code == 0, r.output
    glyph = [str(w.message) for w in caught if "Glyph" in str(w.message) or "missing from" in str(w.message)]
    assert glyph == []
    for name in ("suggestions_by_topic_year.png", "outcome_shares.png", "money_by_topic.png"):
        im = Image.open(tmp_path / "plots" / name)
        assert im.size[0] > 500 and im.size[1] > 200
