"""Pages per second of the PDF text backends: pdfplumber ``extract_text`` (with and without
``dedupe_chars``) vs pypdfium2 ``get_text_range``.

    .venv/bin/python benchmarks/pdf_backends.py [PDF] [--repeat N]

Default input: the bundled report ``corpora/reports/zezhou-2025.pdf`` (12 pages); for a steadier
number use the 200-page ``../shared/samples/zezhou-2025-big.pdf``.  The result decides the
loader's design (pipeline/loaders/pdf.py): pypdfium2 reads every page, pdfplumber only damaged
pages and tables.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "corpora" / "reports" / "zezhou-2025.pdf"


def pypdfium2_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    n = 0
    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
        n += 1
    doc.close()
    return n


def pdfplumber_pages(path: Path, dedupe: bool = False) -> int:
    import pdfplumber

    n = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            (page.dedupe_chars() if dedupe else page).extract_text()
            page.flush_cache()
            n += 1
    return n


def measure(fn, path: Path, repeat: int) -> float:
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        t = time.perf_counter()
        pages = fn(path)
        best = min(best, time.perf_counter() - t)
    return pages / best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rows = [
        ("pypdfium2 get_text_range", measure(pypdfium2_pages, args.pdf, args.repeat)),
        ("pdfplumber extract_text", measure(pdfplumber_pages, args.pdf, args.repeat)),
        ("pdfplumber dedupe_chars+extract_text",
         measure(lambda p: pdfplumber_pages(p, dedupe=True), args.pdf, args.repeat)),
    ]
    print(f"{args.pdf.name}")
    for name, pps in rows:
        print(f"  {name:40s} {pps:10.1f} pages/s")
    print(f"  pypdfium2 / pdfplumber: {rows[0][1] / rows[1][1]:.1f}x")


if __name__ == "__main__":
    main()
