"""Batch ingestion: files and folders in, one dataset out.

Extraction runs in worker processes (default: all cores); one writer (this process) stores each
report in its own transaction, so a failure or a kill never leaves half a report.  Files already
stored (same SHA-256) are skipped; a file that fails gets a ``failures`` row with its error code and
the batch goes on.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import loaders
from .errors import BanliError
from .store import connect, known_source, store_failure, store_record


@dataclass
class Summary:
    """What a batch did: counts of files, new reports, extra sources of known reports, skipped files,
    suggestions and figures stored (``figures_in_suggestions`` = those inside a suggestion's part),
    and failures as (path, code, message)."""

    files: int = 0
    reports: int = 0
    extra_sources: int = 0
    skipped: int = 0
    suggestions: int = 0
    figures: int = 0
    figures_in_suggestions: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)


def iter_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named and files inside folders named (recursively, known extensions only), sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in loaders.EXTENSIONS))
        else:
            out.append(p)
    return out


def _extract(path: str) -> tuple[str, dict | None, tuple[str, str] | None]:
    from .extract_document import extract_file

    try:
        return path, extract_file(path).record, None
    except BanliError as e:
        return path, None, (e.code, str(e))
    except Exception as e:  # noqa: BLE001 - any crash of one file is that file's failure
        return path, None, ("E_INTERNAL", f"[E_INTERNAL] {path}: {type(e).__name__}: {e}")


def ingest(paths: Iterable[str | Path], db: str | Path, workers: int | None = None,
           progress: Callable[[str], None] | None = None) -> Summary:
    """Ingest files/folders into the dataset ``db``.

    Parameters
    ----------
    workers : int | None — worker processes (None: all cores; 1: in this process).
    progress : callable(path) — called once per file handled.
    """
    con = connect(db)
    summary = Summary()
    todo: list[tuple[str, str | None]] = []
    for f in iter_files(paths):
        summary.files += 1
        try:
            src = loaders.open_source(f)
        except BanliError as e:
            summary.failures.append((str(f), e.code, str(e)))
            store_failure(con, str(f), None, e.code, str(e))
            if progress:
                progress(str(f))
            continue
        if known_source(con, src.sha256):
            summary.skipped += 1
            if progress:
                progress(str(f))
            continue
        todo.append((str(f), src.sha256))
    hashes = dict(todo)
    workers = workers or os.cpu_count() or 1

    def handle(path: str, record: dict | None, error: tuple[str, str] | None) -> None:
        if error:
            summary.failures.append((path, error[0], error[1]))
            store_failure(con, path, hashes.get(path), *error)
        else:
            _, created = store_record(con, record)
            if created:
                summary.reports += 1
                summary.suggestions += len(record["suggestions"])
                summary.figures += len(record["figures"])
                summary.figures_in_suggestions += sum(1 for f in record["figures"] if f.get("seq") is not None)
            else:
                summary.extra_sources += 1
        if progress:
            progress(path)

    if workers == 1 or len(todo) <= 1:
        for path, _ in todo:
            handle(*_extract(path))
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
            futures = [pool.submit(_extract, path) for path, _ in todo]
            for fut in as_completed(futures):
                handle(*fut.result())
    con.close()
    return summary
