"""The whole extraction of one file: load → normalise → segment → extract → tag → validate.

``extract_file(path) -> Extraction``; ``Extraction.record`` is the record contract's JSON object
(``../shared/gold/README.md``): ``{"report", "suggestions", "figures", "warnings", "source"}``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import loaders
from .errors import BanliError
from .extract.figures import extract_figures
from .extract.jurisdiction import find_mentions, resolve
from .errors import warning
from .extract.report import extract_report, find_decimal_typos
from .extract.letters import extract_letter
from .extract.lists import extract_list
from .extract.suggestions import extract_suggestions
from .normalize import normalize
from .records import LoadedDocument, NormalizedText, Segments
from .segment import segment
from .tagging import current_model_version, tag_titles
from .validate import validate


@dataclass(frozen=True)
class Extraction:
    """Result of one file: the loaded document, its normalised text and segments, and ``record``
    (the contract JSON object, plus ``source`` provenance and ``warnings``)."""

    loaded: LoadedDocument
    text: NormalizedText
    segments: Segments
    record: dict


def _starts_list_item(seg: Segments, pos: int) -> bool:
    """Whether the block holding ``pos`` opens with a list number (``1.``, ``（1）``) or is a table
    row (cells joined by ``|``)."""
    for b in seg.blocks:
        if b.start <= pos < b.end or b.start <= pos <= b.end:
            line = seg.text.text[b.start : b.end]
            return b.heading == 3 or bool(re.match(r"[（(]\d{1,3}[）)]", line[:5])) or line.count("|") >= 2
    return False


def build_record(loaded: LoadedDocument, text: NormalizedText, seg: Segments) -> dict:
    """Run the extractors over ``seg`` and assemble the contract record.

    Raises
    ------
    BanliError
        ``E_NOT_A_HANDLING_DOCUMENT`` when the text has no suggestion/proposal handling content.
    """
    mentions = find_mentions(text.text)
    report = extract_report(seg, list(mentions))
    if report["kind"] is None:
        raise BanliError("E_NOT_HANDLING_DOCUMENT", loaded.source.path,
                         "no suggestion or proposal handling content")
    if report.get("title") is None and loaded.title_hint:
        report["title"] = loaded.title_hint
    head = "\n".join(text.text[b.start : b.end] for b in seg.blocks[:3])
    place = resolve(text.text, head, mentions)
    candidates = place.pop("candidates")
    report = {"kind": report.pop("kind"), "title": report.pop("title"), "body": report.pop("body"),
              **place, "admin_code_table": "GB/T 2260 via jionlp 1.5.31 (2025-11-27)", **report}
    if candidates:
        report["jurisdiction_candidates"] = candidates
    sugs = extract_suggestions(seg)
    listed = extract_list(seg)
    if listed and len(listed) >= len(sugs):
        sugs = listed
    if report["kind"] == "reply_letter":
        letter = extract_letter(seg)
        if letter is not None and not any(s.title == letter.title and s.deputies for s in sugs):
            sugs = [letter]
    if (report["kind"] in ("summary_report", "news") and len(sugs) >= 3 and not report.get("outcomes")
            and not report.get("rates") and sum(1 for s in sugs if _starts_list_item(seg, s.mention[0])) >= 3):
        report["kind"] = "suggestion_list"  # a published list of named suggestions (award lists, notices)
    if not (sugs or report.get("total") or report.get("outcomes") or report.get("rates") or report.get("breakdown")):
        raise BanliError("E_NOT_HANDLING_DOCUMENT", loaded.source.path,
                         "no suggestion, total, rate, outcome or by-domain count of handling found")
    topics = tag_titles([s.title for s in sugs])
    model_version = current_model_version()
    suggestions = []
    for s, (topic, domain, scores) in zip(sugs, topics):
        suggestions.append({
            "seq": s.seq, "number": s.number, "deputies": s.deputies, "title": s.title,
            "is_key": s.is_key, "section": s.section, "outcome": s.outcome,
            "topic": topic, "domain": domain, "topic_scores": scores, "topic_model": model_version,
            "span": text.span(*s.span),
        })
    figures = []
    for f in extract_figures(text.text):
        seq = next((s.seq for s in sugs if s.part[0] <= f.span[0] < s.part[1]), None)
        raw = text.source_slice(loaded.pages, *f.span) if "\n" not in text.text[f.span[0]:f.span[1]] else f.raw
        figures.append({
            "seq": seq, "raw": raw.strip(), "kind": f.kind, "value": f.value, "value_max": f.value_max,
            "unit": f.unit, "qualifier": f.qualifier, "per": f.per, "about": f.about,
            "span": text.span(*f.span),
        })
    record = {
        "report": report,
        "suggestions": suggestions,
        "figures": figures,
        "source": {
            "path": str(loaded.source.path), "sha256": loaded.source.sha256, "format": loaded.source.fmt,
            "loader": loaded.loader, "backend": loaded.backend,
            "pages": len(loaded.pages) if loaded.paged else None,
            "recovered_pages": {str(k): v for k, v in loaded.recovered.items()},
            "script": text.script,
        },
    }
    typos = [warning("W_DECIMAL_TYPO", raw=raw, value=v) for _name, raw, v in find_decimal_typos(text.text)]
    record["warnings"] = typos + validate(record)
    return record


def extract_file(path: str | Path) -> Extraction:
    """Extract one file.

    Raises
    ------
    BanliError
        Any coded error of the stages (unreadable file, not a handling document …).
    """
    loaded = loaders.load(path)
    text = normalize(loaded)
    if not text.text.strip():
        raise BanliError("E_NO_TEXT", path, "nothing left after normalisation")
    seg = segment(text)
    return Extraction(loaded=loaded, text=text, segments=seg, record=build_record(loaded, text, seg))
