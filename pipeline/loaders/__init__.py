"""Loaders: one module a format, registered by name in :data:`REGISTRY`.

A loader is a function ``load(source: SourceDocument) -> LoadedDocument``.  Adding a format is one
module plus one line in :data:`REGISTRY` and one in :data:`EXTENSIONS`.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from ..errors import BanliError
from ..records import LoadedDocument, SourceDocument
from . import docx, html, pdf, text

#: format name → loader function.
REGISTRY: dict[str, Callable[[SourceDocument], LoadedDocument]] = {
    "text": text.load,
    "pdf": pdf.load,
    "docx": docx.load,
    "html": html.load,
}

#: file extension (lower case) → format name.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".text": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}

#: Files larger than this are refused (bytes).  A 200-page report PDF is ~0.6 MB; scans ~10 MB.
MAX_FILE_BYTES = 200 * 1024 * 1024


def register(name: str, loader: Callable[[SourceDocument], LoadedDocument], *extensions: str) -> None:
    """Register ``loader`` under ``name`` for the given extensions (``".docx"`` …)."""
    REGISTRY[name] = loader
    for ext in extensions:
        EXTENSIONS[ext.lower()] = name


def sniff_format(path: Path, head: bytes) -> str:
    """Decide the format of ``path`` from its first bytes, then its extension.

    Raises
    ------
    BanliError
        ``E_UNSUPPORTED_FORMAT`` when neither tells a known format.
    """
    if head.startswith(b"%PDF-"):
        return "pdf"
    ext = path.suffix.lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    raise BanliError("E_UNSUPPORTED_FORMAT", path, f"extension {ext or '(none)'}")


def open_source(path: str | Path) -> SourceDocument:
    """Read ``path``'s size, hash and format.

    Raises
    ------
    BanliError
        ``E_FILE_NOT_FOUND``, ``E_EMPTY_FILE``, ``E_TOO_LARGE``, ``E_UNSUPPORTED_FORMAT``.
    """
    path = Path(path)
    if not path.is_file():
        raise BanliError("E_FILE_NOT_FOUND", path)
    size = path.stat().st_size
    if size == 0:
        raise BanliError("E_EMPTY_FILE", path)
    if size > MAX_FILE_BYTES:
        raise BanliError("E_TOO_LARGE", path, f"{size} bytes, limit {MAX_FILE_BYTES}")
    digest = hashlib.sha256()
    with path.open("rb") as f:
        head = f.read(8)
        digest.update(head)
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return SourceDocument(path=path, sha256=digest.hexdigest(), fmt=sniff_format(path, head), size=size)


def load(path: str | Path) -> LoadedDocument:
    """Load ``path`` with the loader registered for its format.

    Raises
    ------
    BanliError
        Any loader error (``E_…``), always naming the file.
    """
    source = open_source(path)
    return REGISTRY[source.fmt](source)
