"""Extraction on a Dask distributed cluster (``banli ingest --scheduler tcp://host:8786``).

The writer (the ``banli ingest`` process) reads each file, ships its bytes to a Dask worker, and
stores the records that come back, one report per transaction, exactly as a local batch does.  Workers
need only the ``banli`` package installed (same version); they need no access to the files and no
access to the dataset.

Isolation on a cluster: a file that overruns ``timeout`` gets ``E_TIMEOUT`` (its task is cancelled);
a file whose task kills its worker (memory: Dask's nanny restarts a worker beyond its
``--memory-limit``) gets ``E_MEMORY`` once Dask gives up on it (``distributed.scheduler.allowed-failures``).
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

from .errors import ERRORS


def _msg(code: str, path: str, detail: str) -> str:
    return f"[{code}] " + ERRORS[code].format(path=path, detail=detail)


def extract_bytes(name: str, data: bytes) -> tuple[str, dict | None, tuple[str, str] | None]:
    """Run on a Dask worker: extract the file ``name`` whose content is ``data``; never raises.

    The record's ``source.path`` and error messages name the original path, not the worker's copy.
    """
    from .ingest import _extract

    with tempfile.TemporaryDirectory(prefix="banli-") as d:
        local = Path(d) / (Path(name).name or "file")
        local.write_bytes(data)
        _, record, error = _extract(str(local))
    if record is not None:
        record["source"]["path"] = name
    if error is not None:
        error = (error[0], error[1].replace(str(local), name))
    return name, record, error


def run_dask(paths: list[str], scheduler: Any, timeout: float = 300.0,
             in_flight: int | None = None) -> Iterator[tuple[str, dict | None, tuple[str, str] | None]]:
    """Extract ``paths`` on the cluster at ``scheduler`` (an address or a ``distributed.Client``);
    yield ``(path, record, error)`` as results come.  At most ``in_flight`` files (default: 2 a
    worker thread) are shipped at once, so a large batch does not sit in the scheduler's memory."""
    from distributed import Client, as_completed
    from distributed.client import FutureCancelledError

    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler
    try:
        if in_flight is None:
            threads = sum(client.nthreads().values()) or 1
            in_flight = 2 * threads
        queue = list(reversed(paths))
        started: dict[Any, tuple[str, float]] = {}
        ac = as_completed()

        def submit() -> None:
            path = queue.pop()
            data = Path(path).read_bytes()
            fut = client.submit(extract_bytes, path, data, pure=False, key=f"banli-{os.getpid()}-{len(queue)}-{Path(path).name}")
            started[fut] = (path, time.monotonic())
            ac.add(fut)

        while queue and len(started) < in_flight:
            submit()
        while started:
            # poll so that overrunning tasks can be cancelled
            batch = ac.next_batch(block=False) if not ac.is_empty() else []
            if not batch:
                time.sleep(0.05)
            for fut in batch:
                path, _ = started.pop(fut, (None, 0))
                if path is None:
                    continue
                try:
                    yield fut.result()
                except (FutureCancelledError, Exception) as e:  # noqa: BLE001 - task lost: worker died
                    yield path, None, ("E_MEMORY", _msg("E_MEMORY", path, f"the Dask task failed: {type(e).__name__}: {e}"))
                if queue:
                    submit()
            now = time.monotonic()
            for fut, (path, t0) in list(started.items()):
                if now - t0 > timeout and not fut.done():
                    started.pop(fut)
                    fut.cancel()
                    yield path, None, ("E_TIMEOUT", _msg("E_TIMEOUT", path, f"limit {timeout:g} s"))
                    if queue:
                        submit()
    finally:
        if own:
            client.close()
