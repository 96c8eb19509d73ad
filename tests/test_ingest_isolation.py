"""Per-file isolation of the batch (issue 7): a time limit and a memory limit per file, enforced on
worker processes; a file that overruns, exhausts memory or kills its worker gets its coded error
and the batch goes on."""
from __future__ import annotations

import os
import sqlite3
import time
import zipfile
from pathlib import Path

from pipeline.ingest import FileDone, _extract, ingest, run_isolated

from .conftest import REPORT_MD

BOMB = Path(__file__).parent / "fixtures" / "bad" / "zip-bomb.docx"


# Tasks (module level: workers are forked).  A path's name says what it does.
def _task(path: str):
    name = Path(path).name
    if name.startswith("sleep"):
        time.sleep(60)
    if name.startswith("hog"):
        blocks = []
        while True:
            blocks.append(bytearray(50 * 1024 * 1024))
    if name.startswith("segv"):
        import ctypes

        ctypes.string_at(0)  # SIGSEGV, as a native reader crashing on a malformed file
    if name.startswith("abort"):
        os.abort()
    if name.startswith("die"):
        os._exit(3)
    if name.startswith("bomb"):  # inflate the zip bomb into memory, as a naive loader would
        with zipfile.ZipFile(BOMB) as z:
            data = z.read("word/document.xml")
        return path, {"size": len(data)}, None
    return path, {"ok": name}, None


def _run(paths, **kw):
    out = {}
    for (path, record, error), pid, rss in run_isolated(paths, task=_task, **kw):
        out[path] = error[0] if error else record
    return out


def test_timeout_kills_the_worker_and_the_batch_goes_on():
    t0 = time.monotonic()
    got = _run(["sleep-1", "a", "b", "sleep-2", "c"], workers=2, timeout=1.0)
    assert got == {"sleep-1": "E_TIMEOUT", "sleep-2": "E_TIMEOUT",
                   "a": {"ok": "a"}, "b": {"ok": "b"}, "c": {"ok": "c"}}
    assert time.monotonic() - t0 < 10


def test_memory_limit_gives_E_MEMORY_and_the_batch_goes_on():
    got = _run(["hog", "a", "b"], workers=1, timeout=30, max_memory=512 * 1024 * 1024)
    assert got == {"hog": "E_MEMORY", "a": {"ok": "a"}, "b": {"ok": "b"}}


def test_zip_bomb_inflated_in_a_worker_is_stopped_by_the_memory_limit():
    got = _run(["bomb", "a"], workers=1, timeout=30, max_memory=400 * 1024 * 1024)
    assert got == {"bomb": "E_MEMORY", "a": {"ok": "a"}}


def test_a_worker_that_dies_is_replaced_and_the_death_is_coded():
    got = _run(["die", "a", "segv.pdf", "b", "segv.txt", "abort", "c"], workers=1, timeout=30)
    assert got == {"die": "E_INTERNAL", "segv.pdf": "E_PDF_UNREADABLE", "segv.txt": "E_INTERNAL",
                   "abort": "E_MEMORY", "a": {"ok": "a"}, "b": {"ok": "b"}, "c": {"ok": "c"}}
    got = _run(["abort", "a"], workers=1, timeout=30, max_memory=None)
    assert got == {"abort": "E_INTERNAL", "a": {"ok": "a"}}


def test_extract_never_raises(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"\x00\x01")
    path, record, error = _extract(str(p))
    assert record is None and error[0] == "E_BINARY_CONTENT"


def test_ingest_reports_pages_failures_and_worker_memory(tmp_path):
    bad = tmp_path / "junk.txt"
    bad.write_bytes(b"\x00" * 100)
    events: list[FileDone] = []
    s = ingest([REPORT_MD, bad], tmp_path / "d.sqlite", workers=2, on_file=events.append)
    assert s.reports == 1 and s.suggestions == 16 and s.pages == 1
    assert [(Path(f).name, c) for f, c, _ in s.failures] == [("junk.txt", "E_BINARY_CONTENT")]
    assert sorted(e.status for e in events) == ["failed", "stored"]
    assert s.worker_peak_rss and all(v > 0 for v in s.worker_peak_rss.values())
    # rerun: the stored file and the failed one are both skipped, nothing added
    again = ingest([REPORT_MD, bad], tmp_path / "d.sqlite", workers=2)
    assert again.skipped == 2 and again.skipped_failed == 1 and again.failures == []
    con = sqlite3.connect(tmp_path / "d.sqlite")
    assert con.execute("select count(*) from failures").fetchone() == (1,)
    # --retry-failed tries it again and replaces its failure row
    retried = ingest([REPORT_MD, bad], tmp_path / "d.sqlite", workers=1, retry_failed=True)
    assert retried.skipped == 1 and retried.skipped_failed == 0 and len(retried.failures) == 1
    assert con.execute("select count(*) from failures").fetchone() == (1,)


def test_cli_ingest_timeout_and_memory_options(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    r = CliRunner().invoke(app, ["ingest", str(REPORT_MD), "--db", str(tmp_path / "d.sqlite"), "-j", "1",
                                 "--timeout", "60", "--max-memory", "1024"])
    assert r.exit_code == 0, r.output
    assert "suggestions: 16" in r.output and "failures: 0" in r.output
