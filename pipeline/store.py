"""Store stage: the SQLite dataset (one file, embedded, path configurable).

Tables (columns documented in ``docs/schema.md``): ``reports``, ``sources``, ``suggestions``,
``figures``, ``outcomes``, ``rates``, ``breakdown``, ``warnings``, ``failures``, and ``meta``
(``schema_version``).  Foreign keys are enforced.  A report's rows are written in one transaction:
they land together or not at all.

Identity: a source file is known by the SHA-256 of its bytes (re-ingesting it adds nothing); a
report is known by ``report_key`` = hash of (kind, jurisdiction, body, session, date, titles of its
suggestions), so the same report read from a PDF and from its Markdown text is stored once, with
both sources recorded.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY,
  report_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL, title TEXT, body TEXT,
  jurisdiction TEXT, admin_level TEXT, province TEXT, city TEXT, admin_code TEXT,
  source_session TEXT, meeting TEXT, report_date TEXT, year INTEGER,
  reporter_name TEXT, reporter_title TEXT,
  total INTEGER, completed_date TEXT, script TEXT,
  record_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  path TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, format TEXT NOT NULL,
  loader TEXT NOT NULL, backend TEXT NOT NULL, pages INTEGER, recovered_pages TEXT,
  ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS suggestions (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, number INTEGER, deputies TEXT NOT NULL, title TEXT NOT NULL,
  is_key INTEGER NOT NULL, section TEXT, outcome TEXT, topic TEXT, domain TEXT, topic_model TEXT,
  span_start INTEGER, span_end INTEGER, page INTEGER,
  UNIQUE (report_id, seq)
);
CREATE TABLE IF NOT EXISTS figures (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq INTEGER, suggestion_id INTEGER REFERENCES suggestions(id) ON DELETE CASCADE,
  raw TEXT NOT NULL, kind TEXT NOT NULL, value REAL NOT NULL, value_max REAL, unit TEXT NOT NULL,
  qualifier TEXT, per TEXT, about TEXT, span_start INTEGER, span_end INTEGER, page INTEGER
);
CREATE TABLE IF NOT EXISTS outcomes (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  scope TEXT NOT NULL, category TEXT NOT NULL, label TEXT, count INTEGER, percent REAL
);
CREATE TABLE IF NOT EXISTS rates (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  name TEXT NOT NULL, value REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS breakdown (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  label TEXT NOT NULL, count INTEGER, percent REAL
);
CREATE TABLE IF NOT EXISTS warnings (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  code TEXT NOT NULL, message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL, sha256 TEXT, code TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS suggestions_report ON suggestions(report_id);
CREATE INDEX IF NOT EXISTS figures_report ON figures(report_id);
"""


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) the dataset at ``path`` with foreign keys on.

    Raises
    ------
    RuntimeError
        When the file holds a dataset of another schema version.
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(path), timeout=60)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA journal_mode = WAL")
    con.executescript(SCHEMA)
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        con.commit()
    elif int(row[0]) != SCHEMA_VERSION:
        raise RuntimeError(f"{path}: dataset schema version {row[0]}, this banli writes {SCHEMA_VERSION}")
    return con


def report_key(record: dict) -> str:
    """Identity of a report across its renditions (see the module docstring)."""
    rep = record["report"]
    ident = [rep.get("kind"), rep.get("jurisdiction"), rep.get("body"), rep.get("source_session"),
             rep.get("report_date"), sorted(s["title"] for s in record["suggestions"])]
    return hashlib.sha256(json.dumps(ident, ensure_ascii=False).encode()).hexdigest()[:32]


def known_source(con: sqlite3.Connection, sha256: str) -> bool:
    """Whether a file with this content hash is already stored."""
    return con.execute("SELECT 1 FROM sources WHERE sha256 = ?", (sha256,)).fetchone() is not None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def store_record(con: sqlite3.Connection, record: dict) -> tuple[int, bool]:
    """Write one extraction in one transaction.

    Returns
    -------
    (report_id, created) — ``created`` is False when the report was already stored from another
    source (only the source row is added) or this very file was stored before (nothing added).
    """
    src = record["source"]
    rep = record["report"]
    key = report_key(record)
    with con:  # one transaction: all rows or none
        row = con.execute("SELECT report_id FROM sources WHERE sha256 = ?", (src["sha256"],)).fetchone()
        if row:
            return row[0], False
        row = con.execute("SELECT id, title FROM reports WHERE report_key = ?", (key,)).fetchone()
        created = row is None
        if created:
            reporter = rep.get("reporter") or {}
            date = rep.get("report_date")
            cur = con.execute(
                "INSERT INTO reports (report_key, kind, title, body, jurisdiction, admin_level, province, city,"
                " admin_code, source_session, meeting, report_date, year, reporter_name, reporter_title, total,"
                " completed_date, script, record_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (key, rep["kind"], rep.get("title"), rep.get("body"), rep.get("jurisdiction"),
                 rep.get("admin_level"), rep.get("province"), rep.get("city"), rep.get("admin_code"),
                 rep.get("source_session"), rep.get("meeting"), date, int(date[:4]) if date else None,
                 reporter.get("name"), reporter.get("title"), rep.get("total"), rep.get("completed_date"),
                 src.get("script"), json.dumps(record, ensure_ascii=False)))
            report_id = cur.lastrowid
            _insert_children(con, report_id, record)
        else:
            report_id = row[0]
            if row[1] is None and rep.get("title"):
                con.execute("UPDATE reports SET title = ? WHERE id = ?", (rep["title"], report_id))
        con.execute(
            "INSERT INTO sources (report_id, path, sha256, format, loader, backend, pages, recovered_pages,"
            " ingested_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (report_id, src["path"], src["sha256"], src["format"], src["loader"], src["backend"], src.get("pages"),
             json.dumps(src.get("recovered_pages") or {}, ensure_ascii=False), _now()))
    return report_id, created


def _insert_children(con: sqlite3.Connection, report_id: int, record: dict) -> None:
    rep = record["report"]
    seq_id = {}
    for s in record["suggestions"]:
        span = s.get("span") or {}
        cur = con.execute(
            "INSERT INTO suggestions (report_id, seq, number, deputies, title, is_key, section, outcome, topic,"
            " domain, topic_model, span_start, span_end, page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (report_id, s["seq"], s.get("number"), "、".join(s["deputies"]), s["title"], int(bool(s.get("is_key"))),
             s.get("section"), s.get("outcome"), s.get("topic"), s.get("domain"), s.get("topic_model", "keywords"),
             span.get("start"), span.get("end"), span.get("page")))
        seq_id[s["seq"]] = cur.lastrowid
    for f in record["figures"]:
        span = f.get("span") or {}
        con.execute(
            "INSERT INTO figures (report_id, seq, suggestion_id, raw, kind, value, value_max, unit, qualifier, per,"
            " about, span_start, span_end, page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (report_id, f.get("seq"), seq_id.get(f.get("seq")), f["raw"], f["kind"], f["value"], f.get("value_max"),
             f["unit"], f.get("qualifier"), f.get("per"), f.get("about"), span.get("start"), span.get("end"),
             span.get("page")))
    for o in rep.get("outcomes") or []:
        con.execute("INSERT INTO outcomes (report_id, scope, category, label, count, percent) VALUES (?,?,?,?,?,?)",
                    (report_id, o["scope"], o["category"], o.get("label"), o.get("count"), o.get("percent")))
    for name, value in (rep.get("rates") or {}).items():
        con.execute("INSERT INTO rates (report_id, name, value) VALUES (?,?,?)", (report_id, name, value))
    for b in rep.get("breakdown") or []:
        con.execute("INSERT INTO breakdown (report_id, label, count, percent) VALUES (?,?,?,?)",
                    (report_id, b["label"], b.get("count"), b.get("percent")))
    for w in record.get("warnings") or []:
        con.execute("INSERT INTO warnings (report_id, code, message) VALUES (?,?,?)", (report_id, w["code"], w["message"]))


def store_failure(con: sqlite3.Connection, path: str, sha256: str | None, code: str, message: str) -> None:
    """Record a file that could not be extracted (the batch goes on)."""
    with con:
        con.execute("INSERT INTO failures (path, sha256, code, message, at) VALUES (?,?,?,?,?)",
                    (path, sha256, code, message, _now()))
