"""Batch ingestion benchmark (issue 7).

    .venv/bin/python benchmarks/ingest_bench.py [--n 1000] [--workers N] [--baseline-sample K] [--speedup-files M]

1. Builds a corpus of N born-digital PDF reports in a temporary folder: byte-distinct renditions of
   the bundled 12-page report (corpora/reports/zezhou-2025.pdf) — each copy gets its own trailing
   PDF comment, so every file has its own SHA-256 and is extracted in full (the same report from N
   files is stored once, with N sources, exactly as the store treats renditions).  No OCR.
2. Ingests the corpus with the default worker count (all cores) into a fresh dataset and prints
   pages/s, reports/s (files extracted and stored per second) and peak memory (max RSS) per worker.
3. In the same run, pages/s of a bare single-process pdfplumber ``extract_text`` loop over the same
   PDFs (the first K files, default min(N, 100): a rate, so a sample of identical-size files
   measures it), and the ratio ours ÷ pdfplumber.
4. 1 worker vs 2 workers on the first M files (default min(N, 200): fewer files measure start-up, not throughput), median of 3 runs each, and the
   speedup.

Timings are wall-clock on whatever else the machine is doing; the load average is printed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEED_PDF = ROOT / "corpora" / "reports" / "zezhou-2025.pdf"


def build_corpus(folder: Path, n: int) -> list[Path]:
    """N byte-distinct copies of the seed PDF (see the module docstring)."""
    data = SEED_PDF.read_bytes()
    files = []
    for i in range(n):
        p = folder / f"report-{i:05d}.pdf"
        p.write_bytes(data + f"\n% banli benchmark variant {i}\n".encode())
        files.append(p)
    return files


def run_ingest(files: list[Path], workers: int | None, db: Path):
    from pipeline.ingest import ingest

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    summary = ingest(files, db, workers=workers)
    return time.perf_counter() - t0, summary


def bare_pdfplumber(files: list[Path]) -> tuple[float, int]:
    import pdfplumber

    pages = 0
    t0 = time.perf_counter()
    for f in files:
        with pdfplumber.open(str(f)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return time.perf_counter() - t0, pages


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="reports in the corpus (default 1000)")
    ap.add_argument("--workers", type=int, default=None, help="workers of the main run (default: all cores)")
    ap.add_argument("--baseline-sample", type=int, default=None, help="files of the pdfplumber loop (default min(N, 100))")
    ap.add_argument("--speedup-files", type=int, default=None, help="files of the 1-vs-2-worker runs (default min(N, 200))")
    ap.add_argument("--no-speedup", action="store_true", help="skip the 1-vs-2-worker runs")
    args = ap.parse_args(argv)

    from pipeline.ingest import warm_up

    warm_up()  # load the pipeline once; workers are forked warm (not part of any timing)
    tmp = Path(tempfile.mkdtemp(prefix="banli-bench-"))
    try:
        t0 = time.perf_counter()
        files = build_corpus(tmp / "corpus", args.n) if (tmp / "corpus").mkdir() is None else []
        print(f"corpus: {len(files)} PDF reports (12 pages each) built in {time.perf_counter() - t0:.1f} s")
        workers = args.workers or os.cpu_count() or 1
        print(f"cores: {os.cpu_count()}  load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

        secs, s = run_ingest(files, args.workers, tmp / "main.sqlite")
        extracted = s.reports + s.extra_sources
        assert not s.failures, s.failures[:3]
        ours_pps = s.pages / secs
        peak = max(s.worker_peak_rss.values()) if s.worker_peak_rss else 0
        print(f"ingest ({workers} workers): {extracted} reports, {s.pages} pages in {secs:.1f} s → "
              f"{ours_pps:.1f} pages/s, {extracted / secs:.2f} reports/s")
        print(f"peak memory per worker: max {peak / 2**20:.0f} MiB "
              f"({', '.join(f'{v / 2**20:.0f}' for v in sorted(s.worker_peak_rss.values()))} MiB over "
              f"{len(s.worker_peak_rss)} workers)")

        k = args.baseline_sample or min(len(files), 100)
        bsecs, bpages = bare_pdfplumber(files[:k])
        base_pps = bpages / bsecs
        print(f"bare pdfplumber extract_text, 1 process: {bpages} pages of {k} files in {bsecs:.1f} s → {base_pps:.1f} pages/s")
        print(f"ratio (ours ÷ bare pdfplumber): {ours_pps / base_pps:.2f}")

        if not args.no_speedup:
            m = args.speedup_files or min(len(files), 200)
            runs = {1: [], 2: []}
            for _ in range(3):
                for w in (1, 2):
                    secs, s = run_ingest(files[:m], w, tmp / f"w{w}.sqlite")
                    runs[w].append(secs)
            med = {w: statistics.median(v) for w, v in runs.items()}
            print(f"1 worker: median {med[1]:.2f} s ({', '.join(f'{x:.2f}' for x in runs[1])}); "
                  f"2 workers: median {med[2]:.2f} s ({', '.join(f'{x:.2f}' for x in runs[2])}) on {m} files")
            print(f"speedup 2 vs 1 workers: {med[1] / med[2]:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
