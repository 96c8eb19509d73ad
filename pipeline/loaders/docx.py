"""Word (.docx) loader.

Reads ``word/document.xml`` through python-docx (which opens the package and validates it) and
walks the body's XML itself, because python-docx's ``paragraph.text`` and ``row.cells`` lose or
duplicate text that real reports carry:

* paragraphs and tables in document order (the body's block children, not ``document.paragraphs``,
  which skips tables);
* tracked changes: text inside ``w:ins`` is kept, ``w:del``/``w:moveFrom`` (and ``w:delText``)
  dropped;
* table cells are the row's ``w:tc`` elements, so a cell merged across columns (``w:gridSpan``)
  is read once (``合计 | 174件``, never ``174件`` twice); a vertically merged continuation cell
  (``w:vMerge`` without ``restart``) is empty, as Word shows it; cells are separated by a tab;
* text boxes: Word writes each one twice, a DrawingML ``mc:Choice`` and a VML ``mc:Fallback``;
  only the Choice is read, and its paragraphs follow the paragraph they are anchored in;
* heading styles (``Heading 1``…, ``标题 1``…, ``Title``) put the heading on a line of its own.

The document is one page (``paged=False``).
"""
from __future__ import annotations

import re

from ..errors import BanliError
from ..records import LoadedDocument, PageText, SourceDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


#: Subtrees whose text is not part of the document as it reads now.
_SKIP = {_q("del"), _q("moveFrom"), _q("delText"), _q("instrText"), _q("pPr"), _q("rPr"),
         _q("fldData"), f"{{{MC}}}Fallback"}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$|^title$", re.I)


def _paragraph(p, out: list[str], boxes: list) -> None:
    """Append the text of paragraph ``p`` to ``out``; collect its text boxes in ``boxes``."""
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _q("t"):
                parts.append(child.text or "")
            elif tag == _q("tab"):
                parts.append("\t")
            elif tag in (_q("br"), _q("cr")):
                parts.append("\n")
            elif tag == _q("txbxContent"):
                boxes.append(child)
            else:
                walk(child)

    walk(p)
    out.append("".join(parts))


def _cell_text(tc) -> str:
    lines: list[str] = []
    _blocks(tc, lines)
    return " ".join(s.strip() for s in lines if s.strip())


def _table(tbl, out: list[str]) -> None:
    for tr in tbl.iterchildren(_q("tr")):
        cells = []
        for tc in tr.iterchildren(_q("tc")):
            vmerge = tc.find(f"{_q('tcPr')}/{_q('vMerge')}")
            if vmerge is not None and vmerge.get(_q("val")) in (None, "continue"):
                cells.append("")
                continue
            cells.append(_cell_text(tc))
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            out.append("\t".join(cells))


def _blocks(parent, out: list[str]) -> None:
    """Append the lines of the block items (paragraphs, tables, content controls) of ``parent``."""
    for child in parent:
        tag = child.tag
        if tag == _q("p"):
            boxes: list = []
            _paragraph(child, out, boxes)
            for box in boxes:
                _blocks(box, out)
        elif tag == _q("tbl"):
            _table(child, out)
        elif tag in (_q("sdt"), _q("sdtContent"), _q("customXml"), _q("ins"), _q("moveTo")):
            _blocks(child, out)
        elif tag == f"{{{MC}}}AlternateContent":
            choice = child.find(f"{{{MC}}}Choice")
            if choice is not None:
                _blocks(choice, out)


def heading_lines(document) -> list[str]:
    """The texts of the paragraphs styled as headings (section hints), in order."""
    out = []
    for p in document.paragraphs:
        name = p.style.name if p.style is not None else ""
        if _HEADING_STYLE.match(name or "") and p.text.strip():
            out.append(p.text.strip())
    return out


#: Largest total uncompressed size of a Word package's parts (bytes); a zip bomb exceeds it.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
#: Largest compression ratio of a part over 1 MB (XML compresses ~10×; bombs 1000×).
MAX_RATIO = 200


def _check_package(path) -> None:
    """Refuse a package that is not a zip or would inflate to more than :data:`MAX_UNCOMPRESSED`."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as e:
        raise BanliError("E_DOCX_UNREADABLE", path, f"not a zip package: {e}") from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise BanliError("E_DOCX_UNREADABLE", path, f"parts inflate to {total} bytes (zip bomb?)")
    for i in infos:
        if i.file_size > 1 << 20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise BanliError("E_DOCX_UNREADABLE", path, f"part {i.filename} inflates "
                                                        f"{i.file_size // max(i.compress_size, 1)}× (zip bomb?)")


def read_lines(path) -> list[str]:
    """The document's lines in reading order (see the module docstring).

    Raises
    ------
    BanliError
        ``E_DOCX_UNREADABLE`` when the file is not a readable Word package.
    """
    _check_package(path)
    try:
        import docx

        document = docx.Document(str(path))
        body = document.element.body
    except Exception as e:  # python-docx raises PackageNotFoundError, KeyError, lxml errors …
        raise BanliError("E_DOCX_UNREADABLE", path, f"{type(e).__name__}: {e}") from None
    lines: list[str] = []
    _blocks(body, lines)
    out = []
    for line in lines:
        for part in line.split("\n"):
            if part.strip():
                out.append(part.rstrip())
    return out


def load(source: SourceDocument) -> LoadedDocument:
    """Load a .docx file as one page of lines (paragraphs, table rows, text boxes).

    Raises
    ------
    BanliError
        ``E_DOCX_UNREADABLE`` (naming the file) when the package cannot be read; ``E_NO_TEXT``
        when it holds no text.
    """
    lines = read_lines(source.path)
    text = "\n".join(lines)
    if not text.strip():
        raise BanliError("E_NO_TEXT", source.path, "the Word document holds no text")
    return LoadedDocument(source=source, pages=(PageText(1, text),), loader="docx",
                          backend="python-docx", paged=False)
