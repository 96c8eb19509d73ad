"""Batch ingestion: files and folders in, one dataset out.

Extraction runs in isolated worker processes (default: all cores); one writer (this process) stores
each report in its own transaction, so a failure or a kill never leaves half a report.

Isolation: every worker is a child process with an address-space limit (``RLIMIT_AS``,
``max_memory`` bytes) and every file a wall-clock limit (``timeout`` seconds).  A file that runs out
of memory gets ``E_MEMORY`` (a ``MemoryError`` inside the worker, or the worker dying), a file that
overruns its time gets ``E_TIMEOUT``: its worker is killed (SIGKILL) and replaced, and the batch goes
on.  Workers are forked from this process after the pipeline is imported, so a new worker costs
milliseconds, not the seconds of importing spaCy again.

Resumability: files already stored (same SHA-256) are skipped, and so are files that already failed
(same SHA-256, or same path for files without a hash) unless ``retry_failed``; a batch killed at any
moment and rerun ends with every report stored once.  Workers exit when the writer dies (their pipe
closes).

With ``scheduler`` (a Dask distributed address, or a ``distributed.Client``) extraction runs on a
Dask cluster instead (see :mod:`pipeline.batch_dask`); the writer stays here.
"""
from __future__ import annotations

import faulthandler
import multiprocessing as mp
import os
import resource
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Callable, Iterable

from . import loaders
from .errors import ERRORS, BanliError
from .store import connect, known_source, store_failure, store_record

#: Default wall-clock limit for one file (seconds).  The 12-page seed report takes ~0.5 s.
DEFAULT_TIMEOUT = 300.0
#: Default address-space limit of one worker (bytes).  A warm worker maps ~150 MB of virtual
#: memory while reading the 12-page seed report; 2 GiB leaves room for 200-page PDFs and stops a
#: zip bomb or a runaway parser long before it hurts the machine.
DEFAULT_MAX_MEMORY = 2 * 1024**3


@dataclass
class Summary:
    """What a batch did: counts of files, new reports, extra sources of known reports, skipped files
    (``skipped``: all of them; ``skipped_failed``: those skipped because they failed before),
    suggestions and figures stored (``figures_in_suggestions`` = those inside a suggestion's part),
    pages read, failures as (path, code, message), and the peak resident memory (bytes) seen per
    worker process id."""

    files: int = 0
    reports: int = 0
    extra_sources: int = 0
    skipped: int = 0
    skipped_failed: int = 0
    suggestions: int = 0
    figures: int = 0
    figures_in_suggestions: int = 0
    pages: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    worker_peak_rss: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FileDone:
    """One file handled, for progress displays: ``status`` is ``stored``, ``extra_source``,
    ``skipped`` or ``failed`` (then ``code`` is set); ``pages`` read."""

    path: str
    status: str
    pages: int = 0
    code: str | None = None


def iter_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named and files inside folders named (recursively, known extensions only), sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in loaders.EXTENSIONS))
        else:
            out.append(p)
    return out


def _msg(code: str, path: str, detail: str) -> str:
    return f"[{code}] " + ERRORS[code].format(path=path, detail=detail)


def _extract(path: str) -> tuple[str, dict | None, tuple[str, str] | None]:
    """Extract one file; never raises: returns (path, record, None) or (path, None, (code, message))."""
    from .extract_document import extract_file

    try:
        return path, extract_file(path).record, None
    except BanliError as e:
        return path, None, (e.code, str(e))
    except MemoryError:
        return path, None, ("E_MEMORY", _msg("E_MEMORY", path, "MemoryError in the worker"))
    except Exception as e:  # noqa: BLE001
        if type(e).__name__ == "PdfiumError":  # raised past the PDF loader (a broken page tree)
            return path, None, ("E_PDF_UNREADABLE", _msg("E_PDF_UNREADABLE", path, f"PdfiumError: {e}"))
        return _internal(path, e)


def _internal(path: str, e: BaseException) -> tuple[str, None, tuple[str, str]]:
    if isinstance(e, RecursionError):
        return path, None, ("E_INTERNAL", _msg("E_INTERNAL", path, f"RecursionError: {e}"))
    # any other crash of one file is that file's failure
    return path, None, ("E_INTERNAL", f"[E_INTERNAL] {path}: {type(e).__name__}: {e}")


_WARM_TEXT = """关于县七届人大七次会议代表建议办理情况的报告
县政府办公室主任 刘宽利
县七届人大七次会议期间，共办理建议 174 件，满意率 96.8%。
1.关于蔡大春代表提出的《关于完善泽州县养老服务体系的建议》办理情况。
共建设农村老年日间照料中心220个，投入1.7亿元。
"""
_warm = False


def warm_up() -> None:
    """Import the pipeline and load its lazy data (jieba's dictionary, OpenCC, division codes, pdfium)
    once in this process, so that forked workers start warm (~1.5 s saved per worker)."""
    global _warm
    if _warm:
        return
    import tempfile

    import pypdfium2  # noqa: F401

    from .extract_document import extract_file

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "warm.txt"
        p.write_text(_WARM_TEXT, encoding="utf-8")
        try:
            extract_file(p)
        except Exception:  # noqa: BLE001 - warming is best effort
            pass
    _warm = True


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def _worker_main(conn, max_memory: int | None, task: Callable[[str], tuple]) -> None:
    """Worker loop: receive a path, send back ``(result, peak_rss)``; exit on None or a closed pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's business
    # a worker that dies is reported by the writer as a coded failure of its file; a traceback
    # dump of the worker (faulthandler inherited from a parent that enabled it, e.g. pytest)
    # would only bury that line in the batch's output
    faulthandler.disable()
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            result = task(path)
        except MemoryError:
            result = (path, None, ("E_MEMORY", _msg("E_MEMORY", path, "MemoryError in the worker")))
        try:
            conn.send((result, _peak_rss()))
        except MemoryError:
            conn.send(((path, None, ("E_MEMORY", _msg("E_MEMORY", path, "result too large"))), _peak_rss()))
        except (BrokenPipeError, OSError):
            return


def _death(path: str, exitcode: int | None, max_memory: int | None) -> tuple[str, str]:
    """Code for a worker that died with ``path`` in hand: killed or aborted (the kernel's OOM
    killer, a native allocation failure under the address-space limit) → ``E_MEMORY``; a crash of
    the native PDF reader (SIGSEGV/SIGBUS on a malformed PDF, e.g. a page-tree loop) →
    ``E_PDF_UNREADABLE``; anything else → ``E_INTERNAL``."""
    sig = -exitcode if exitcode is not None and exitcode < 0 else None
    how = f"signal {signal.Signals(sig).name}" if sig else f"exit code {exitcode}"
    if sig in (signal.SIGKILL, signal.SIGABRT) and max_memory:
        return "E_MEMORY", how
    if sig in (signal.SIGSEGV, signal.SIGBUS) and Path(path).suffix.lower() == ".pdf":
        return "E_PDF_UNREADABLE", how + " in the PDF reader"
    return "E_INTERNAL", how


class _Worker:
    def __init__(self, ctx, max_memory, task):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, max_memory, task), daemon=True)
        self.proc.start()
        child.close()
        self.path: str | None = None
        self.deadline = 0.0

    def assign(self, path: str, timeout: float) -> None:
        self.path = path
        self.deadline = time.monotonic() + timeout
        self.conn.send(path)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


def _refill(w: "_Worker", pending: deque, timeout: float) -> None:
    """Give an idle worker its next path at once (a dead idle worker is left for the main loop)."""
    if w.path is None and pending:
        try:
            w.assign(pending.popleft(), timeout)
        except (BrokenPipeError, OSError):
            pending.appendleft(w.path)
            w.path = None


def run_isolated(paths: list[str], workers: int, timeout: float = DEFAULT_TIMEOUT,
                 max_memory: int | None = DEFAULT_MAX_MEMORY,
                 task: Callable[[str], tuple] = _extract):
    """Run ``task(path)`` for every path in ``workers`` isolated processes; yield
    ``(result, worker_pid, peak_rss)`` as results come, where ``result`` is ``task``'s
    ``(path, record, error)`` or a synthesised ``(path, None, (E_TIMEOUT|E_MEMORY|E_INTERNAL, msg))``
    when the worker overran ``timeout``, hit ``max_memory`` or died.  ``task`` must be a
    module-level function (workers are forked)."""
    if task is _extract:
        warm_up()

    ctx = mp.get_context("fork")
    pending = deque(paths)
    pool = [_Worker(ctx, max_memory, task) for _ in range(max(1, min(workers, len(paths))))]
    try:
        while True:
            for w in pool:
                if w.path is None and pending:
                    try:
                        w.assign(pending.popleft(), timeout)
                    except (BrokenPipeError, OSError):  # died idle: replace and retry the path
                        pending.appendleft(w.path)
                        w.path = None
                        w.kill()
                        pool[pool.index(w)] = _Worker(ctx, max_memory, task)
            busy = [w for w in pool if w.path is not None]
            if not busy:
                break
            now = time.monotonic()
            wait_for = max(0.0, min(w.deadline for w in busy) - now)
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=wait_for)
            now = time.monotonic()
            for i, w in enumerate(pool):
                if w.path is None:
                    continue
                path, pid = w.path, w.proc.pid
                if w.conn in ready or w.proc.sentinel in ready:
                    got = None
                    try:
                        if w.conn.poll():
                            got = w.conn.recv()
                    except (EOFError, OSError):
                        got = None
                    if got is not None:
                        (result, rss) = got
                        w.path = None
                        recycle = result[2] is not None and result[2][0] == "E_MEMORY"
                        if recycle:  # a worker that hit its limit may be in a bad state
                            w.kill()
                            pool[i] = _Worker(ctx, max_memory, task)
                        _refill(pool[i], pending, timeout)  # keep it busy while the writer stores
                        yield result, pid, rss
                        continue
                    w.proc.join(5)
                    code = w.proc.exitcode
                    w.kill()
                    pool[i] = _Worker(ctx, max_memory, task)
                    err, how = _death(path, code, max_memory)
                    yield (path, None, (err, _msg(err, path, f"the worker died ({how})"))), pid, 0
                elif now >= w.deadline:
                    w.kill()
                    pool[i] = _Worker(ctx, max_memory, task)
                    yield (path, None, ("E_TIMEOUT", _msg("E_TIMEOUT", path, f"limit {timeout:g} s"))), pid, 0
    finally:
        for w in pool:
            if w.path is None:
                w.stop()
            else:
                w.kill()


def _known_failure(con, path: str, sha256: str | None) -> bool:
    if sha256:
        q = con.execute("SELECT 1 FROM failures WHERE sha256 = ? LIMIT 1", (sha256,))
    else:
        q = con.execute("SELECT 1 FROM failures WHERE sha256 IS NULL AND path = ? LIMIT 1", (path,))
    return q.fetchone() is not None


def _forget_failure(con, path: str, sha256: str | None) -> None:
    with con:
        if sha256:
            con.execute("DELETE FROM failures WHERE sha256 = ?", (sha256,))
        else:
            con.execute("DELETE FROM failures WHERE sha256 IS NULL AND path = ?", (path,))


def ingest(paths: Iterable[str | Path], db: str | Path, workers: int | None = None,
           progress: Callable[[str], None] | None = None, *,
           timeout: float = DEFAULT_TIMEOUT, max_memory: int | None = DEFAULT_MAX_MEMORY,
           retry_failed: bool = False, scheduler: Any = None,
           on_file: Callable[[FileDone], None] | None = None,
           on_start: Callable[[int], None] | None = None) -> Summary:
    """Ingest files/folders into the dataset ``db``.

    Parameters
    ----------
    workers : int | None — worker processes (None: all cores).  Every worker is isolated (see the
        module docstring), also with ``workers=1``.
    progress : callable(path) — called once per file handled.
    timeout : float — seconds one file may take (``E_TIMEOUT`` beyond).
    max_memory : int | None — address-space limit of a worker in bytes (``E_MEMORY`` beyond);
        None: no limit.
    retry_failed : bool — retry files that failed in an earlier batch (their failure rows are
        replaced); by default they are skipped like stored files.
    scheduler : str | distributed.Client | None — run extraction on this Dask cluster.
    on_file : callable(FileDone) — called once per file handled, with its status and pages.
    on_start : callable(n) — called with the number of files found, before the first is handled.
    """
    con = connect(db)
    summary = Summary()

    def done(ev: FileDone) -> None:
        if progress:
            progress(ev.path)
        if on_file:
            on_file(ev)

    files = iter_files(paths)
    if on_start:
        on_start(len(files))
    todo: list[tuple[str, str | None]] = []
    for f in files:
        summary.files += 1
        try:
            src = loaders.open_source(f)
        except BanliError as e:
            if not retry_failed and _known_failure(con, str(f), None):
                summary.skipped += 1
                summary.skipped_failed += 1
                done(FileDone(str(f), "skipped"))
                continue
            if retry_failed:
                _forget_failure(con, str(f), None)
            summary.failures.append((str(f), e.code, str(e)))
            store_failure(con, str(f), None, e.code, str(e))
            done(FileDone(str(f), "failed", code=e.code))
            continue
        stored = known_source(con, src.sha256)
        if stored or (not retry_failed and _known_failure(con, str(f), src.sha256)):
            summary.skipped += 1
            summary.skipped_failed += not stored
            done(FileDone(str(f), "skipped"))
            continue
        if retry_failed:
            _forget_failure(con, str(f), src.sha256)
        todo.append((str(f), src.sha256))
    hashes = dict(todo)
    workers = workers or os.cpu_count() or 1

    def handle(path: str, record: dict | None, error: tuple[str, str] | None) -> None:
        if error:
            summary.failures.append((path, error[0], error[1]))
            store_failure(con, path, hashes.get(path), *error)
            done(FileDone(path, "failed", code=error[0]))
            return
        pages = record["source"].get("pages") or 1  # a non-paged text counts as one page
        summary.pages += pages
        _, created = store_record(con, record)
        if created:
            summary.reports += 1
            summary.suggestions += len(record["suggestions"])
            summary.figures += len(record["figures"])
            summary.figures_in_suggestions += sum(1 for f in record["figures"] if f.get("seq") is not None)
        else:
            summary.extra_sources += 1
        done(FileDone(path, "stored" if created else "extra_source", pages))

    try:
        if not todo:
            pass
        elif scheduler is not None:
            from .batch_dask import run_dask

            for result in run_dask([p for p, _ in todo], scheduler, timeout=timeout):
                handle(*result)
        else:
            for result, pid, rss in run_isolated([p for p, _ in todo], workers, timeout, max_memory):
                if rss:
                    summary.worker_peak_rss[pid] = max(rss, summary.worker_peak_rss.get(pid, 0))
                handle(*result)
    finally:
        con.close()
    return summary
