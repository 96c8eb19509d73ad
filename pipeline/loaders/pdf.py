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

_CID = re.compile(r"\(cid:\d+\)")


def broken_share(text: str) -> float:
    """Share (0..1) of characters of ``text`` that come from a broken text layer."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    cid_chars = sum(len(m.group()) for m in _CID.finditer(text))
    bad = sum(1 for c in visible if c == "\ufffd" or 0xE000 <= ord(c) <= 0xF8FF)
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
            texts.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


def _pdfplumber_page(source: SourceDocument, index: int) -> str:
    import pdfplumber

    with pdfplumber.open(str(source.path)) as pdf:
        return pdf.pages[index].extract_text() or ""


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
    for i, text in enumerate(texts):
        if broken_share(text) > BROKEN_SHARE:
            alt = _pdfplumber_page(source, i)
            if broken_share(alt) > BROKEN_SHARE:
                raise BanliError("E_TEXT_LAYER_BROKEN", source.path, f"page {i + 1}")
            texts[i] = alt
            recovered[i + 1] = "pdfplumber"
    if not any(t.strip() for t in texts):
        raise BanliError("E_NO_TEXT", source.path, f"{len(texts)} pages without a text layer")
    backend = "pypdfium2+pdfplumber" if recovered else "pypdfium2"
    pages = tuple(PageText(i + 1, t) for i, t in enumerate(texts))
    return LoadedDocument(source=source, pages=pages, loader="pdf", backend=backend,
                          recovered=recovered, paged=True)
