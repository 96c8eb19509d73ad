"""``banli ingest --scheduler``: extraction on a Dask distributed cluster (issue 7), tested on an
in-process LocalCluster; the writer stays local and stores exactly what a local batch stores."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.batch_dask import extract_bytes
from pipeline.ingest import ingest

from .conftest import REPORT_MD, REPORT_PDF


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as c:
        with Client(c) as client:
            yield c, client


def test_extract_bytes_names_the_original_file(tmp_path):
    name, record, error = extract_bytes("/elsewhere/zezhou.md", REPORT_MD.read_bytes())
    assert error is None and record["source"]["path"] == "/elsewhere/zezhou.md"
    assert len(record["suggestions"]) == 16
    name, record, error = extract_bytes("/elsewhere/junk.txt", b"\x00junk")
    assert record is None and error[0] == "E_BINARY_CONTENT" and "/elsewhere/junk.txt" in error[1]


def test_ingest_on_a_cluster_stores_what_a_local_batch_stores(tmp_path, cluster):
    c, client = cluster
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00" * 64)
    md = tmp_path / "zezhou.md"
    shutil.copy(REPORT_MD, md)
    files = [md, REPORT_PDF, junk]
    remote = ingest(files, tmp_path / "remote.sqlite", scheduler=client)
    local = ingest(files, tmp_path / "local.sqlite", workers=1)
    assert remote.reports == local.reports == 1 and remote.extra_sources == 1
    assert remote.suggestions == 16 and remote.figures == local.figures
    assert [(Path(p).name, c) for p, c, _ in remote.failures] == [("junk.txt", "E_BINARY_CONTENT")]
    q = "select count(*) from {}"
    for table in ("reports", "sources", "suggestions", "figures", "outcomes", "failures"):
        a = sqlite3.connect(tmp_path / "remote.sqlite").execute(q.format(table)).fetchone()
        b = sqlite3.connect(tmp_path / "local.sqlite").execute(q.format(table)).fetchone()
        assert a == b, table
    paths = {p for (p,) in sqlite3.connect(tmp_path / "remote.sqlite").execute("select path from sources")}
    assert paths == {str(md), str(REPORT_PDF)}
    # rerun on the cluster: everything skipped
    again = ingest(files, tmp_path / "remote.sqlite", scheduler=client)
    assert again.skipped == 3 and again.reports == 0


def test_cli_scheduler_address(tmp_path, cluster):
    from typer.testing import CliRunner

    from pipeline.cli import app

    c, client = cluster
    r = CliRunner().invoke(app, ["ingest", str(REPORT_MD), "--db", str(tmp_path / "d.sqlite"),
                                 "--scheduler", c.scheduler_address])
    assert r.exit_code == 0, r.output
    assert "suggestions: 16" in r.output and "failures: 0" in r.output
