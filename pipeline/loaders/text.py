"""Plain-text and Markdown loader.

Decoding: strict UTF-8 (a BOM is dropped) first, then GB18030 (a superset of GBK and GB2312 that
real Chinese government pages and exports use); text that decodes in neither, or holds NUL bytes or
many control characters, is refused with a coded error.  Markdown marks are left for the
normaliser.
"""
from __future__ import annotations

from ..errors import BanliError
from ..records import LoadedDocument, PageText, SourceDocument

#: Share of C0 control characters (other than tab/CR/LF/FF) above which a "text" is binary junk.
MAX_CONTROL_SHARE = 0.01


def decode_bytes(data: bytes, path) -> str:
    """Decode ``data`` as UTF-8, else GB18030.

    Raises
    ------
    BanliError
        ``E_BINARY_CONTENT`` for NUL bytes or control characters, ``E_ENCODING`` when neither codec
        decodes strictly.
    """
    if b"\x00" in data[:65536]:
        raise BanliError("E_BINARY_CONTENT", path, "NUL bytes")
    for codec in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(codec)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BanliError("E_ENCODING", path, "neither UTF-8 nor GB18030")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise BanliError("E_BINARY_CONTENT", path, f"{controls} control characters")
    if "\ufffd" in text:
        raise BanliError("E_ENCODING", path, "replacement characters (U+FFFD) in the text")
    return text


def load(source: SourceDocument) -> LoadedDocument:
    """Load a .txt/.md file as one page (form feeds ``\\f`` split pages where present).

    Raises
    ------
    BanliError
        See :func:`decode_bytes`; ``E_NO_TEXT`` when only whitespace remains.
    """
    text = decode_bytes(source.path.read_bytes(), source.path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BanliError("E_NO_TEXT", source.path, "only whitespace")
    parts = text.split("\f")
    pages = tuple(PageText(i + 1, t) for i, t in enumerate(parts))
    return LoadedDocument(source=source, pages=pages, loader="text", backend="python",
                          paged=len(pages) > 1)
