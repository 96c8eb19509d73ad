"""Typed records flowing between the stages.

``SourceDocument → LoadedDocument (PageText[]) → NormalizedText (offset map) → Segments → Extraction``

Every value carries provenance: spans are ``{start, end, page}`` into the normalised text, and the
normalised text maps each character back to its page (1-based) and offset in that page's source
text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SourceDocument:
    """A file to read.

    path : Path — the file; sha256 : str — hex digest of its bytes; fmt : str — loader name
    (``text``, ``pdf``, ``docx``, ``html``); size : int — bytes.
    """

    path: Path
    sha256: str
    fmt: str
    size: int


@dataclass(frozen=True)
class PageText:
    """The raw text of one page (``page`` 1-based; non-paged formats have one page)."""

    page: int
    text: str


@dataclass(frozen=True)
class LoadedDocument:
    """What a loader returns.

    pages : list of PageText in reading order; loader : str — loader name; backend : str — the
    library that produced the text (``pypdfium2``, ``pdfplumber``, ``tesseract`` …);
    recovered : dict page → method, for pages that needed recovery (another backend, OCR);
    title_hint : str | None — a title given by the format itself (HTML ``<h1>``), else None.
    """

    source: SourceDocument
    pages: tuple[PageText, ...]
    loader: str
    backend: str
    recovered: dict[int, str] = field(default_factory=dict)
    paged: bool = False
    title_hint: str | None = None


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text with a map back to the source.

    text : str — the normalised text (paragraphs separated by ``\\n``);
    page_of, offset_of : tuple[int, ...] — for each character of ``text``, the 1-based page and the
    offset into that page's source text; paged : bool — whether the source has pages;
    script : ``simplified`` or ``traditional`` — the script the source was written in.
    """

    text: str
    page_of: tuple[int, ...]
    offset_of: tuple[int, ...]
    paged: bool = False
    script: str = "simplified"

    def span(self, start: int, end: int) -> dict:
        """Return ``{"start", "end", "page"}`` for ``text[start:end]`` (page None when not paged)."""
        page = self.page_of[start] if self.paged and start < len(self.page_of) else None
        return {"start": start, "end": end, "page": page}

    def source_slice(self, pages: tuple[PageText, ...], start: int, end: int) -> str:
        """The source text from the character at ``start`` to the one at ``end - 1``, as written
        (may include removed line breaks and footers when it crosses a page)."""
        if start >= end:
            return ""
        p0, o0 = self.page_of[start], self.offset_of[start]
        p1, o1 = self.page_of[end - 1], self.offset_of[end - 1]
        by_page = {p.page: p.text for p in pages}
        if p0 == p1:
            return by_page[p0][o0 : o1 + 1]
        return by_page[p0][o0:] + "".join(by_page[p][:] for p in range(p0 + 1, p1)) + by_page[p1][: o1 + 1]


@dataclass(frozen=True)
class Block:
    """A paragraph of the normalised text: ``start``/``end`` offsets, ``heading`` level
    (0 = body text, 1 = ``一、``, 2 = ``（一）``, 3 = ``1.``) and the heading's own first sentence
    end (``head_end``, equal to ``start`` for body text)."""

    start: int
    end: int
    heading: int
    head_end: int


@dataclass(frozen=True)
class Segments:
    """Output of the segment stage: the blocks and the sentence boundaries of the text."""

    text: NormalizedText
    blocks: tuple[Block, ...]
    sentences: tuple[tuple[int, int], ...]
