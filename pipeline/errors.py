"""One catalogue of coded errors and warnings (house style: spaCy's ``errors.py``).

Every failure the pipeline reports carries a code from this module, the file it concerns and the
cause.  Tests assert codes, never wording.

Errors (``E_…``) stop the processing of one file; the batch goes on.  Warnings (``W_…``) are stored
with the report they concern and are queryable (table ``warnings``).
"""
from __future__ import annotations

from pathlib import Path

#: Error codes and their message templates.  ``{path}`` and ``{detail}`` are filled in.
ERRORS: dict[str, str] = {
    "E_FILE_NOT_FOUND": "{path}: no such file",
    "E_EMPTY_FILE": "{path}: the file is empty",
    "E_UNSUPPORTED_FORMAT": "{path}: unsupported format ({detail})",
    "E_NOT_A_PDF": "{path}: not a PDF ({detail})",
    "E_PDF_ENCRYPTED": "{path}: the PDF is encrypted ({detail})",
    "E_PDF_UNREADABLE": "{path}: the PDF cannot be read ({detail})",
    "E_DOCX_UNREADABLE": "{path}: the Word file cannot be read ({detail})",
    "E_TOO_LARGE": "{path}: the file is too large ({detail})",
    "E_ENCODING": "{path}: the text cannot be decoded ({detail})",
    "E_BINARY_CONTENT": "{path}: the file holds binary data, not text ({detail})",
    "E_TEXT_LAYER_BROKEN": "{path}: the text layer is unreadable and could not be recovered ({detail})",
    "E_OCR_UNAVAILABLE": "{path}: pages need OCR but Tesseract is not installed ({detail})",
    "E_EMPTY_ARTICLE": "{path}: the page's article body is empty ({detail})",
    "E_NO_TEXT": "{path}: no text could be read ({detail})",
    "E_NOT_HANDLING_DOCUMENT": "{path}: not a handling document ({detail})",
    "E_TIMEOUT": "{path}: extraction took longer than the limit ({detail})",
    "E_MEMORY": "{path}: extraction exceeded the memory limit ({detail})",
    "E_INTERNAL": "{path}: internal error ({detail})",
}

#: Warning codes: failed consistency checks and recoveries, stored with the report.
WARNINGS: dict[str, str] = {
    "W_OUTCOMES_DONT_SUM": "outcome counts of scope {scope} sum to {got}, the total is {want}",
    "W_PERCENT_MISMATCH": "{label}: {count}/{total} is {computed}%, the report prints {printed}%",
    "W_KEY_EXCEEDS_TOTAL": "key subset {key} exceeds the total {total}",
    "W_FIGURE_OUT_OF_RANGE": "figure {raw} ({kind} {value}) is outside the sane range",
    "W_RATE_OUT_OF_RANGE": "rate {name} = {value} is not a percentage",
    "W_DECIMAL_TYPO": "'{raw}' uses 。 as a decimal point; read as {value}",
    "W_PAGES_RECOVERED": "pages {pages} were recovered by {method}",
    "W_JURISDICTION_AMBIGUOUS": "jurisdiction {name} is ambiguous: {candidates}",
}


class BanliError(Exception):
    """An error with a code from :data:`ERRORS`, naming the file and the cause.

    Parameters
    ----------
    code : str
        A key of :data:`ERRORS`.
    path : str | Path
        The file the error concerns.
    detail : str
        The cause, in a few words.
    """

    def __init__(self, code: str, path: str | Path, detail: str = "") -> None:
        if code not in ERRORS:
            raise KeyError(f"unknown error code {code}")
        self.code = code
        self.path = str(path)
        self.detail = detail
        super().__init__(f"[{code}] " + ERRORS[code].format(path=self.path, detail=detail))


def warning(code: str, **fields) -> dict:
    """Build a warning record ``{"code", "message", **fields}``.

    Raises
    ------
    KeyError
        When ``code`` is not in :data:`WARNINGS`.
    """
    message = WARNINGS[code].format(**fields)
    return {"code": code, "message": f"[{code}] {message}", **{k: str(v) for k, v in fields.items()}}
