"""Full-text search that works for Chinese: a jieba-segmented FTS5 table next to ``suggestions``.

SQLite's default FTS tokenizer treats a run of Chinese characters as one token (``小区`` is not
found inside ``老旧小区改造``) and ``trigram`` misses two-character words.  So the text is segmented
*before* it reaches FTS5: each title is cut with jieba's search mode (``lcut_for_search`` — words
and the shorter words inside them: 老旧小区 → 老旧, 小区, 老旧小区) using the same dictionary as
the extractor (:func:`pipeline.nlp.initialize` adds the domain words), and stored space-separated
in ``suggestions_fts``; FTS5's ``unicode61`` tokenizer then splits on the spaces.  Queries are
segmented with :func:`pipeline.nlp.tokenize` and every word must match.

``suggestions_fts`` (FTS5): ``rowid`` = ``suggestions.id``; columns ``title`` (segmented title),
``deputies`` (one name a token), ``domain``.  It is derived data: :func:`ensure_search` (re)builds it
whenever the suggestions changed — called by ``banli search``/``serve``/``export`` and by
:func:`pipeline.open_dataset`.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

FTS_TABLE = "suggestions_fts"

_DDL = (f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "title, deputies, domain, tokenize = 'unicode61')")


def segment_for_index(text: str) -> str:
    """``text`` cut by jieba's search mode (same dictionary as the extractor), space-separated."""
    import jieba

    from .nlp import initialize

    initialize()
    return " ".join(w for w in jieba.lcut_for_search(text or "") if w.strip())


def match_expression(query: str) -> str:
    """An FTS5 MATCH expression for a user's query: its jieba words, each quoted, all required."""
    from .nlp import tokenize

    words = [w for w in tokenize(query) if any(ch.isalnum() for ch in w)]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _fingerprint(con: sqlite3.Connection) -> tuple:
    return con.execute("SELECT count(*), coalesce(max(id), 0), coalesce(sum(id), 0) FROM suggestions").fetchone()


def ensure_search(con: sqlite3.Connection, force: bool = False) -> bool:
    """Create or refresh ``suggestions_fts`` when the suggestions changed; True when rebuilt."""
    con.execute(_DDL)
    fts = con.execute(f"SELECT count(*), coalesce(max(rowid), 0), coalesce(sum(rowid), 0) FROM {FTS_TABLE}").fetchone()
    if not force and tuple(fts) == tuple(_fingerprint(con)):
        return False
    rows = con.execute("SELECT id, title, deputies, domain FROM suggestions").fetchall()
    with con:
        con.execute(f"DELETE FROM {FTS_TABLE}")
        con.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, deputies, domain) VALUES (?,?,?,?)",
            [(i, segment_for_index(t), " ".join((d or "").split("、")), d2 or "") for i, t, d, d2 in rows])
    return True


@dataclass
class Hit:
    suggestion_id: int
    report_id: int
    seq: int
    deputies: str
    title: str
    topic: str | None
    jurisdiction: str | None
    year: int | None
    report_title: str | None
    snippet: str


def search(con: sqlite3.Connection, query: str, limit: int = 50) -> list[Hit]:
    """Suggestions matching ``query`` (best first), with their report and a highlighted snippet."""
    ensure_search(con)
    expr = match_expression(query)
    if not expr:
        return []
    rows = con.execute(
        f"SELECT s.id, s.report_id, s.seq, s.deputies, s.title, s.topic, r.jurisdiction, r.year, r.title FROM {FTS_TABLE} JOIN suggestions s ON s.id = {FTS_TABLE}.rowid JOIN reports r ON r.id = s.report_id"
        f" WHERE {FTS_TABLE} MATCH ? ORDER BY rank, s.report_id, s.seq LIMIT ?", (expr, limit)).fetchall()
    words = sorted({w.strip('"') for w in expr.split(" ")}, key=len, reverse=True)
    return [Hit(*r, snippet=highlight(r[4], words)) for r in rows]


def highlight(text: str, words: list[str], left: str = "[", right: str = "]") -> str:
    """``text`` with each occurrence of the query words wrapped in ``left``/``right``."""
    import re

    if not words:
        return text
    pattern = re.compile("|".join(re.escape(w) for w in words))
    return pattern.sub(lambda m: f"{left}{m.group(0)}{right}", text)
