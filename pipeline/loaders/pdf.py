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


def _pdfium_pages(source: SourceDocument) -> tuple[list[str], list[int]]:
    """Every page's text, and the 0-based indexes of pages with ruling lines."""
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
        texts, ruled = [], []
        for i in range(len(doc)):
            try:
                page = doc[i]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as e:  # a page-tree loop, a missing page object …
                raise BanliError("E_PDF_UNREADABLE", source.path, f"page {i + 1}: {e}") from None
            raw = textpage.get_text_range()
            columns = column_text(textpage, raw)
            texts.append(undouble(columns if columns is not None
                                  else raw.replace("\r\n", "\n").replace("\r", "\n")))
            if path_count(page) >= MIN_RULES:
                ruled.append(i)
            textpage.close()
            page.close()
        return texts, ruled
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
    texts, ruled = _pdfium_pages(source)
    recovered: dict[int, str] = {}
    try:
        tables = table_pages(source, [i for i in ruled if broken_share(texts[i]) <= BROKEN_SHARE
                                      and texts[i].strip()])
    except Exception:  # noqa: BLE001 - the table finder failing on odd drawings: keep PDFium's text
        tables = {}
    for i, t in tables.items():
        texts[i] = t
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
    if recovered or tables:
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


# ---------------------------------------------------------------- two columns

#: Two-sided lines a block needs before it is read column by column.
MIN_COLUMN_LINES = 3
_WIDE_SPACE = re.compile(r"[^\x00-\x7f] +[^\x00-\x7f]")


def _page_chars(textpage, text: str) -> list[tuple[str, float, float, float, float]]:
    """(char, left, bottom, right, top) of every visible character of a PDFium text page."""
    n = textpage.count_chars()
    if len(text) != n:  # surrogate pairs: fall back to one call a character
        text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(n))
    out = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        if right > left and top > bottom:
            out.append((ch, left, bottom, right, top))
    return out


def _lines(chars) -> list[list[tuple]]:
    """Characters grouped into lines (top to bottom), each sorted left to right."""
    if not chars:
        return []
    heights = sorted(c[4] - c[2] for c in chars)
    tol = 0.5 * heights[len(heights) // 2]
    lines: list[list[tuple]] = []
    for c in sorted(chars, key=lambda c: -(c[2] + c[4]) / 2):
        yc = (c[2] + c[4]) / 2
        if lines and abs(lines[-1][0][0] - yc) <= tol:
            lines[-1][1].append(c)
        else:
            lines.append(((yc,), [c]))
    return [sorted(cs, key=lambda c: c[1]) for _, cs in lines]


def _segments(line, gap: float) -> list[list[tuple]]:
    segs = [[line[0]]]
    for c in line[1:]:
        if c[1] - segs[-1][-1][3] > gap:
            segs.append([c])
        else:
            segs[-1].append(c)
    return segs


def _join(chars, em: float) -> str:
    out = chars[0][0]
    for prev, c in zip(chars, chars[1:]):
        if c[1] - prev[3] > 0.4 * em and prev[0].isascii() and c[0].isascii():
            out += " "
        out += c[0]
    return out


def column_text(textpage, text: str) -> str | None:
    """The page's text read column by column when its lines leave an empty vertical gutter
    (text set in two columns but written row by row), else None.

    A gutter is the gap shared by at least :data:`MIN_COLUMN_LINES` lines that have text on both
    sides of it, in the middle of the text area, with the left text filling its column up to the
    gutter (so a two-column table of short cells does not count).  Lines crossing the gutter
    (full-width headings) keep their place; each run of lines that do not is emitted left column
    first, then right column."""
    # cheap test first: PDFium puts a space between the two halves of a row (spaces around Latin
    # digits are common in ordinary text, spaces between two Chinese characters are not)
    if sum(1 for ln in text.splitlines() if _WIDE_SPACE.search(ln)) < MIN_COLUMN_LINES:
        return None
    chars = _page_chars(textpage, text)
    lines = _lines(chars)
    if len(lines) < MIN_COLUMN_LINES:
        return None
    heights = sorted(c[4] - c[2] for c in chars)
    em = heights[len(heights) // 2]
    x0 = min(c[1] for c in chars)
    x1 = max(c[3] for c in chars)
    width = x1 - x0
    gaps = []
    for ln in lines:
        segs = _segments(ln, 1.2 * em)
        if len(segs) == 2:
            a, b = segs[0][-1][3], segs[1][0][1]
            mid = (a + b) / 2
            if x0 + 0.3 * width <= mid <= x0 + 0.7 * width:
                gaps.append((a, b, segs))
    if len(gaps) < MIN_COLUMN_LINES:
        return None
    mids = sorted((a + b) / 2 for a, b, _ in gaps)
    m = mids[len(mids) // 2]
    agree = [(a, b, s) for a, b, s in gaps if a <= m <= b]
    if len(agree) < MIN_COLUMN_LINES:
        return None
    ga, gb = max(a for a, _, _ in agree), min(b for _, b, _ in agree)
    if gb - ga < 0.8 * em:
        return None
    full = sum(1 for _, _, s in agree
               if s[0][0][1] - x0 <= em and s[0][-1][3] - x0 >= 0.8 * (ga - x0) and s[1][0][1] - gb <= em)
    if full * 3 < 2 * len(agree):
        return None
    out: list[str] = []
    block: list[tuple[list, list]] = []

    def flush():
        two_sided = sum(1 for left, right in block if left and right)
        if two_sided >= MIN_COLUMN_LINES:
            out.extend(_join(left, em) for left, _ in block if left)
            out.extend(_join(right, em) for _, right in block if right)
        else:
            out.extend(_join(left + right, em) for left, right in block)
        block.clear()

    for ln in lines:
        if any(c[1] < gb and c[3] > ga for c in ln):  # crosses the gutter: a full-width line
            flush()
            out.append(_join(ln, em))
        else:
            block.append(([c for c in ln if c[3] <= ga], [c for c in ln if c[1] >= gb]))
    flush()
    return "\n".join(out)


# ---------------------------------------------------------------- ruled tables

#: Path objects (strokes, rectangles) a page needs before pdfplumber's table finder is run on it.
MIN_RULES = 4


def path_count(page) -> int:
    """Number of path objects (ruling lines, boxes) on a PDFium page: a cheap test for tables."""
    import pypdfium2.raw as raw

    n = raw.FPDFPage_CountObjects(page)
    return sum(1 for j in range(n) if raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, j))
               == raw.FPDF_PAGEOBJ_PATH)


def _cell_text(s: str | None) -> str:
    if not s:
        return ""
    # a line break inside a cell is wrapping: drop it between Chinese characters, else a space
    return re.sub(r"(?<=[^\x00-\x7f])\n|\n(?=[^\x00-\x7f])", "", s).replace("\n", " ").strip()


def _table_rows(table) -> tuple[list[list[str]], list[list[bool]]]:
    """A pdfplumber table's rows with merged cells resolved: a cell covered by a cell spanning
    from above takes that cell's text (vertically merged category), a cell covered from the left
    stays empty (``合计`` spanning two columns).  Also returns which cells were carried down."""
    rows = table.rows
    texts = table.extract()
    cols = table.columns
    out: list[list[str]] = []
    carried: list[list[bool]] = []
    for r, (row, vals) in enumerate(zip(rows, texts)):
        line, flags = [], []
        for c, (bbox, val) in enumerate(zip(row.cells, vals)):
            flag = False
            if bbox is None and val is None:
                # find the spanning cell: vertical if the column above is occupied by a cell
                # that reaches into this row
                top = row.bbox[1]
                x_mid = (cols[c].bbox[0] + cols[c].bbox[2]) / 2 if cols else None
                spanning = None
                if x_mid is not None:
                    for cell in table.cells:
                        if cell[0] <= x_mid <= cell[2] and cell[1] < top - 0.5 and cell[3] > top + 0.5:
                            spanning = cell
                            break
                if spanning is not None and r > 0:
                    text, flag = out[-1][c], True
                else:
                    text = ""
            else:
                text = _cell_text(val)
            line.append(text)
            flags.append(flag)
        out.append(line)
        carried.append(flags)
    return out, carried


def _bounded(textpage, left, bottom, right, top) -> str:
    t = textpage.get_text_bounded(left=left, bottom=bottom, right=right, top=top)
    return t.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def table_pages(source: SourceDocument, pages: list[int]) -> dict[int, str]:
    """Page texts (0-based index → text) for ``pages`` that hold ruled tables: the text above,
    between and below the tables as PDFium reads it, each table as one line a row with its cells
    separated by tabs.  A table that continues on the next page without its header (same columns,
    last on one page, first on the next) is read as the same table: cells of its first row that
    continue a vertically merged cell take that cell's text."""
    if not pages:
        return {}
    import pdfplumber
    import pypdfium2 as pdfium

    found: dict[int, list] = {}
    with pdfplumber.open(str(source.path)) as pdf:
        for i in pages:
            page = pdf.pages[i]
            tables = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.rows[0].cells) >= 2]
            if tables:
                found[i] = [(t.bbox, *_table_rows(t), page.height) for t in sorted(tables, key=lambda t: t.bbox[1])]
    if not found:
        return {}
    out: dict[int, str] = {}
    doc = pdfium.PdfDocument(str(source.path))
    prev = None  # (page index, bbox, rows, carried) of the last table of the previous page
    try:
        for i in sorted(found):
            page = doc[i]
            textpage = page.get_textpage()
            width, _ = page.get_size()
            parts = []
            y = None  # top of the remaining region in PDFium coordinates
            tables = found[i]
            for k, (bbox, rows, carried, height) in enumerate(tables):
                x0, top, x1, bottom = bbox
                above = _bounded(textpage, 0, height - top, width, height if y is None else y)
                if k == 0 and prev is not None and prev[0] == i - 1 and not above.strip() \
                        and len(rows[0]) == len(prev[2][-1]) and abs(prev[1][0] - x0) < 3 \
                        and abs(prev[1][2] - x1) < 3:
                    if rows[0] == prev[2][0]:  # the header repeated on the new page
                        rows, carried = rows[1:], carried[1:]
                    elif rows:
                        last, last_carried = prev[2][-1], prev[3][-1]
                        first = rows[0]
                        for c, val in enumerate(first):
                            if not val and last_carried[c] and last[c]:
                                first[c] = last[c]
                if above:
                    parts.append(above)
                parts.extend("\t".join(r) for r in rows)
                y = height - bottom
                prev = (i, bbox, rows, carried)
            below = _bounded(textpage, 0, 0, width, y)
            if below:
                parts.append(below)
            # a table continues only from the last thing on a page (page numbers aside)
            if any(not _PAGE_NUMBER.match(ln) for ln in below.splitlines()):
                prev = None
            out[i] = "\n".join(parts)
            textpage.close()
            page.close()
    finally:
        doc.close()
    return out


_PAGE_NUMBER = re.compile(r"^\s*[－—\-–]?\s*\d{1,4}\s*[－—\-–]?\s*$")
