"""Born-digital PDF loader.

Backend choice (measured by ``benchmarks/pdf_backends.py``): pypdfium2 extracts the same text as
pdfplumber's ``extract_text`` roughly 20× faster, so it reads every page; a page whose text layer
looks damaged (``(cid:…)`` runs, U+FFFD, private-use characters: a font without a ToUnicode map) is
retried with pdfplumber, and the page is recorded as recovered.  OCR of pages without text is the
job of :mod:`pipeline.loaders.ocr` when it is installed.
"""
from __future__ import annotations

import re

from ..errors import BanliError
from ..records import LoadedDocument, PageText, SourceDocument

#: Share of suspicious characters (U+FFFD, private use, ``(cid:N)`` runs) above which a page's text
#: layer counts as broken.  Real reports have none; a font without ToUnicode gives 30-100%.
BROKEN_SHARE = 0.05

#: Pairs a doubled (fake-bold) line must have before it is collapsed.
MIN_DOUBLED_PAIRS = 4

_CID = re.compile(r"\(cid:\d+\)")


def broken_share(text: str) -> float:
    """Share (0..1) of characters of ``text`` that come from a broken text layer."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    cid_chars = sum(len(m.group()) for m in _CID.finditer(text))
    # U+FFFD, private use, and C0 controls: PDFium returns a font's raw char codes (1, 2, 3 …)
    # as code points when it has no Unicode mapping
    bad = sum(1 for c in visible if c == "\ufffd" or 0xE000 <= ord(c) <= 0xF8FF or ord(c) < 32)
    return (cid_chars + bad) / len(visible)


def _pdfium_pages(source: SourceDocument) -> list[str]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(source.path))
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise BanliError("E_PDF_ENCRYPTED", source.path, msg) from None
        with source.path.open("rb") as f:
            head = f.read(5)
        if head != b"%PDF-":
            raise BanliError("E_NOT_A_PDF", source.path, "no %PDF- header") from None
        raise BanliError("E_PDF_UNREADABLE", source.path, msg) from None
    try:
        texts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(undouble(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")))
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


def undouble_line(line: str) -> str:
    """Collapse a fake-bold line (every glyph drawn twice: ``关关于于代代表表``) to single glyphs.

    Only a line doubled from end to end (at least :data:`MIN_DOUBLED_PAIRS` pairs, every pair two
    equal characters) is collapsed, so ``哈哈`` or ``100`` inside ordinary text stay."""
    body = line.rstrip("\r")
    tail = line[len(body):]
    if len(body) >= 2 * MIN_DOUBLED_PAIRS and len(body) % 2 == 0 and all(
        body[i] == body[i + 1] for i in range(0, len(body), 2)
    ) and len(set(body)) > 2:
        return body[::2] + tail
    return line


def undouble(text: str) -> str:
    """Apply :func:`undouble_line` to every line of ``text``."""
    return "\n".join(undouble_line(ln) for ln in text.split("\n"))


def _pdfplumber_page(source: SourceDocument, index: int) -> str:
    import pdfplumber

    with pdfplumber.open(str(source.path)) as pdf:
        # dedupe_chars drops the second copy of glyphs overprinted for fake bold
        return undouble(pdf.pages[index].dedupe_chars().extract_text() or "")


def load(source: SourceDocument) -> LoadedDocument:
    """Load a PDF's text layer page by page.

    Returns
    -------
    LoadedDocument with one PageText per page (``paged=True``), ``backend`` ``pypdfium2`` (or
    ``pypdfium2+pdfplumber`` when some page was recovered), ``recovered`` page → method.

    Raises
    ------
    BanliError
        ``E_NOT_A_PDF``, ``E_PDF_ENCRYPTED``, ``E_PDF_UNREADABLE``; ``E_NO_TEXT`` when no page has
        text; ``E_TEXT_LAYER_BROKEN`` when a damaged page cannot be recovered.
    """
    texts = _pdfium_pages(source)
    recovered: dict[int, str] = {}
    need_ocr: list[int] = []
    for i, text in enumerate(texts):
        if not text.strip():
            need_ocr.append(i + 1)
        elif broken_share(text) > BROKEN_SHARE:
            alt = _pdfplumber_page(source, i)
            if broken_share(alt) > BROKEN_SHARE or not alt.strip():
                need_ocr.append(i + 1)
                continue
            texts[i] = alt
            recovered[i + 1] = "pdfplumber"
    backends = ["pypdfium2"]
    if recovered:
        backends.append("pdfplumber")
    if need_ocr:
        from . import ocr

        broken = [n for n in need_ocr if texts[n - 1].strip()]
        try:
            got = ocr.ocr_pages(source.path, need_ocr)
        except BanliError as e:
            if e.code == "E_OCR_UNAVAILABLE" and broken:
                raise BanliError("E_TEXT_LAYER_BROKEN", source.path,
                                 f"pages {broken}; OCR unavailable: {e.detail}") from None
            if e.code == "E_OCR_UNAVAILABLE" and any(t.strip() for t in texts):
                got = {}  # blank pages (no text at all) in a born-digital PDF: nothing to recover
            else:
                raise
        for n, t in got.items():
            texts[n - 1] = t
            if t.strip():
                recovered[n] = "ocr"
        if got:
            backends.append("tesseract")
    if any(broken_share(t) > BROKEN_SHARE for t in texts):
        bad = [i + 1 for i, t in enumerate(texts) if broken_share(t) > BROKEN_SHARE]
        raise BanliError("E_TEXT_LAYER_BROKEN", source.path, f"pages {bad}")
    if not any(t.strip() for t in texts):
        raise BanliError("E_NO_TEXT", source.path, f"{len(texts)} pages without a text layer")
    backend = "+".join(backends)
    pages = tuple(PageText(i + 1, t) for i, t in enumerate(texts))
    return LoadedDocument(source=source, pages=pages, loader="pdf", backend=backend,
                          recovered=recovered, paged=True)
