"""Storing, re-ingesting, querying and bad input, through the CLI as a user runs it."""
from __future__ import annotations

import json
import shutil
import sqlite3

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest import ingest

from .conftest import REPORT_MD, REPORT_PDF

runner = CliRunner()


def _rows(db, sql):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_store_same_report_from_two_sources_stored_once(tmp_path):
    db = tmp_path / "d.sqlite"
    s = ingest([REPORT_MD, REPORT_PDF], db, workers=1)
    assert (s.reports, s.extra_sources, s.suggestions, s.figures_in_suggestions) == (1, 1, 16, 44)
    assert _rows(db, "select count(*) from reports") == [(1,)]
    assert sorted(r[0] for r in _rows(db, "select format from sources")) == ["pdf", "text"]
    # the title comes from the PDF rendition even when the text was stored first
    assert _rows(db, "select title, total, admin_code from reports") == [
        ("关于县七届人大七次会议以来人大代表建议、批评和意见办理情况的报告", 174, "140525")]
    again = ingest([REPORT_MD, REPORT_PDF], db, workers=1)
    assert (again.reports, again.extra_sources, again.skipped) == (0, 0, 2)
    assert _rows(db, "select count(*) from suggestions") == [(16,)]
    assert _rows(db, "select count(*) from figures where seq is not null") == [(44,)]


def test_store_records_loader_and_backend(tmp_path):
    db = tmp_path / "d.sqlite"
    ingest([REPORT_PDF], db, workers=1)
    assert _rows(db, "select loader, backend, pages, recovered_pages from sources") == [("pdf", "pypdfium2", 12, "{}")]


def test_cli_query_lists_the_sixteen(tmp_path):
    db = str(tmp_path / "d.sqlite")
    r = runner.invoke(app, ["ingest", str(REPORT_MD), "--db", db, "-j", "1"])
    assert r.exit_code == 0, r.output
    assert "suggestions: 16" in r.output and "figures: 44 inside suggestions" in r.output
    r = runner.invoke(app, ["query", "select deputies, title from suggestions", "--db", db, "--format", "json"])
    rows = json.loads(r.stdout)
    assert len(rows) == 16
    assert rows[0] == {"deputies": "蔡大春", "title": "关于完善泽州县养老服务体系的建议"}
    assert rows[15] == {"deputies": "王萌", "title": "关于优化318路公交车线路的建议"}


def test_cli_query_on_a_missing_dataset_is_an_error_not_an_empty_file(tmp_path):
    # a long path: error lines are not wrapped at the terminal width (it split "no dataset" in two once
    # pytest's temporary folders reached three digits), so they can be grepped and the path copied
    db = tmp_path / ("数据集" * 20) / "nope.sqlite"
    r = runner.invoke(app, ["query", "select 1", "--db", str(db)])
    assert r.exit_code == 2
    assert f"{db}: no dataset" in r.output
    assert not db.exists()


def test_cli_ingest_summary_tells_stored_from_failed_before(tmp_path):
    bad = tmp_path / "junk.txt"
    bad.write_bytes(b"\x00" * 100)
    db = tmp_path / "banli.sqlite"
    runner.invoke(app, ["ingest", str(REPORT_MD), str(bad), "--db", str(db), "-j", "1"])
    r = runner.invoke(app, ["ingest", str(REPORT_MD), str(bad), "--db", str(db), "-j", "1"])
    assert r.exit_code == 0
    assert ("files: 2 (skipped: 1 already stored, 1 failed before — `--retry-failed` tries them again)"
            in " ".join(r.stdout.split()))


def test_cli_query_refuses_writes_and_unknown_formats(tmp_path):
    db = tmp_path / "banli.sqlite"
    assert runner.invoke(app, ["ingest", str(REPORT_MD), "--db", str(db)]).exit_code == 0
    r = runner.invoke(app, ["query", "delete from suggestions", "--db", str(db)])
    assert r.exit_code == 2 and "banli query only reads" in r.output
    r = runner.invoke(app, ["query", "select count(*) as n from suggestions", "--db", str(db), "--format", "json"])
    assert json.loads(r.stdout) == [{"n": 16}]
    r = runner.invoke(app, ["query", "select 1", "--db", str(db), "--format", "xml"])
    assert r.exit_code == 2 and "--format must be one of table, csv, json" in r.output


def test_cli_extract_json_is_the_only_stdout(tmp_path):
    r = runner.invoke(app, ["extract", str(REPORT_MD), "--json"])
    assert r.exit_code == 0
    rec = json.loads(r.stdout)
    assert rec["report"]["total"] == 174 and len(rec["suggestions"]) == 16


def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fake = tmp_path / "fake.pdf"
    fake.write_text("this is not a pdf", encoding="utf-8")
    unrelated = tmp_path / "weather.txt"
    unrelated.write_text("今天晴，最高气温18度，最低气温5度，东北风三级。明天多云转阴。", encoding="utf-8")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 20)
    return {"empty.txt": "E_EMPTY_FILE", "fake.pdf": "E_NOT_A_PDF", "weather.txt": "E_NOT_HANDLING_DOCUMENT",
            "junk.txt": "E_BINARY_CONTENT"}, [empty, fake, unrelated, junk]


def test_bad_input_coded_errors_and_batch_goes_on(tmp_path):
    expected, files = _bad_inputs(tmp_path)
    good = tmp_path / "zezhou.md"
    shutil.copy(REPORT_MD, good)
    db = tmp_path / "d.sqlite"
    s = ingest(files + [good], db, workers=1)
    assert s.reports == 1 and s.suggestions == 16
    got = {f.split("/")[-1]: code for f, code, _ in s.failures}
    assert got == expected
    stored = {p.split("/")[-1]: c for p, c in _rows(db, "select path, code from failures")}
    assert stored == expected
    assert _rows(db, "select count(*) from sources") == [(1,)]


def test_bad_input_extract_exits_nonzero_naming_file(tmp_path):
    expected, files = _bad_inputs(tmp_path)
    for f in files:
        r = runner.invoke(app, ["extract", str(f), "--json"])
        assert r.exit_code == 2
        assert r.stdout == ""
        assert expected[f.name] in r.stderr and f.name in r.stderr
