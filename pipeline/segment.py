"""Segment normalised text into blocks (paragraphs with heading levels) and sentences.

Stage: ``NormalizedText → Segments``.  Heading markers are those of Chinese official documents
(GB/T 9704 numbering): ``一、`` (level 1), ``（一）`` (level 2), ``1.``/``1、`` (level 3).
"""
from __future__ import annotations

import re

from .records import Block, NormalizedText, Segments

HEADING_PATTERNS: tuple[tuple[int, re.Pattern], ...] = (
    (1, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d{1,3}[.、．](?!\d)")),
)
#: Sentence-ending characters (``；`` ends a clause list item in reports, treated as a sentence).
SENTENCE_END = re.compile(r"[。！？；]")


def heading_level(text: str) -> int:
    """Heading level of a paragraph from its leading marker (0 when it has none)."""
    for level, rx in HEADING_PATTERNS:
        if rx.match(text):
            return level
    return 0


def segment(text: NormalizedText) -> Segments:
    """Split ``text`` into blocks (one per line of the normalised text) and sentences.

    Returns
    -------
    Segments with ``blocks`` (start, end, heading level, end of the heading's first sentence) and
    ``sentences`` as (start, end) offsets, each ending after its punctuation or at a line end.
    """
    blocks = []
    sentences = []
    pos = 0
    for line in text.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line:
            continue
        level = heading_level(line)
        m = SENTENCE_END.search(line)
        head_end = start + (m.end() if m else len(line)) if level else start
        blocks.append(Block(start, end, level, head_end))
        s = start
        for m in SENTENCE_END.finditer(line):
            e = start + m.end()
            # a closing quote/bracket right after the punctuation belongs to the sentence
            while e < end and text.text[e] in "”’」』）)":
                e += 1
            if e > s:
                sentences.append((s, e))
            s = e
        if s < end:
            sentences.append((s, end))
    return Segments(text=text, blocks=tuple(blocks), sentences=tuple(sentences))


def sentence_at(segments: Segments, pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding offset ``pos``."""
    for s, e in segments.sentences:
        if s <= pos < e:
            return s, e
    return pos, pos


def enclosing_headings(segments: Segments, pos: int, levels: tuple[int, ...] = (1, 2)) -> list[Block]:
    """The headings of ``levels`` that enclose ``pos``, innermost first: the nearest heading at or
    before ``pos``, then the nearest before it of a higher level (smaller number), and so on
    (``（一）王建国代表提出的…`` under ``二、重点建议办理情况``)."""
    chain: list[Block] = []
    for b in segments.blocks:
        if b.start > pos:
            break
        if b.heading in levels:
            while chain and chain[-1].heading >= b.heading:
                chain.pop()
            chain.append(b)
    return chain[::-1]


