"""Resumable and idempotent batches (issue 7): ``banli ingest`` killed with SIGKILL mid-way and
rerun ends with every report stored exactly once — no partial report, no duplicate."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from .conftest import REPORT_MD

N = 20


def _variants(folder: Path) -> None:
    """N distinct reports: the seed report's text with its date changed (a different report_key)."""
    src = REPORT_MD.read_text(encoding="utf-8")
    assert src.count("2025 年 10 月 31 日") == 1
    for day in range(1, N + 1):
        (folder / f"report-{day:02d}.md").write_text(src.replace("2025 年 10 月 31 日", f"2025 年 10 月 {day} 日"),
                                                     encoding="utf-8")


def _count(db: Path, sql: str) -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def _banli(*args: str, **kw) -> subprocess.Popen:
    code = "import sys; from pipeline.cli import app; sys.argv[0] = 'banli'; app()"
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parents[1], start_new_session=True, **kw)


def test_sigkill_mid_batch_then_rerun_stores_each_report_once(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    _variants(folder)
    db = tmp_path / "d.sqlite"
    proc = _banli("ingest", str(folder), "--db", str(db), "-j", "2")
    deadline = time.monotonic() + 60
    while _count(db, "select count(*) from sources") < 3:
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the writer and its workers, mid-batch
    proc.wait(10)
    stored_at_kill = _count(db, "select count(*) from sources")
    assert 3 <= stored_at_kill < N, "the batch was not killed mid-way"
    # whatever was stored is whole: every report has its 16 suggestions
    assert _count(db, "select count(*) from reports") * 16 == _count(db, "select count(*) from suggestions")

    rerun = _banli("ingest", str(folder), "--db", str(db), "-j", "2")
    out, errs = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, errs.decode()
    assert f"skipped: {stored_at_kill} already stored, 0 failed before)" in out.decode()

    con = sqlite3.connect(db)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    assert one("select count(*) from reports") == N
    assert one("select count(*) from sources") == N
    assert one("select count(distinct sha256) from sources") == N
    assert one("select count(distinct path) from sources") == N
    assert one("select count(distinct report_key) from reports") == N
    assert one("select count(distinct report_date) from reports") == N
    assert one("select count(*) from suggestions") == 16 * N
    assert one("select count(*) from (select report_id from suggestions group by report_id having count(*) = 16)") == N
    assert one("select count(*) from failures") == 0
    figures = one("select count(*) from figures")
    assert figures % N == 0 and figures > 0

    # a third run adds nothing
    third = _banli("ingest", str(folder), "--db", str(db))
    out, _ = third.communicate(timeout=120)
    assert f"skipped: {N} already stored, 0 failed before)" in out.decode()
    assert one("select count(*) from reports") == N and one("select count(*) from figures") == figures
