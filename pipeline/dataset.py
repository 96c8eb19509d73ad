"""The analysts' Python API: ``pipeline.open_dataset(path)`` → pandas DataFrames over the dataset.

>>> ds = open_dataset("data/banli.sqlite")
>>> ds.suggestions.head()          # one row a suggestion
>>> ds.joined                      # each suggestion with its report's jurisdiction, level, year, body
>>> ds.view("money_per_topic")     # a named SQL view (see VIEWS)

Columns and units are documented in ``docs/schema.md``.  Money is in CNY (yuan) as stored in
``figures.value``; percentages are 0–100.

Named SQL views (created in the file by :func:`ensure_views`, so ``banli query``, Datasette and any
SQLite client see them too):

* ``v_suggestions_joined`` — suggestions with report jurisdiction, admin_level, province, city,
  year, body, report_date.
* ``v_suggestions_per_topic_year`` — count of suggestions per (year, topic, domain).
* ``v_outcome_shares`` — per report (with its jurisdiction, body and year), the report-level outcome
  classes (``outcomes`` with scope ``all``): count and share of the report's outcome counts (0–1).
  One row set per report: a county's people's-congress and CPPCC reports of one year, or two
  reports whose jurisdiction is unknown, are never added together.
* ``v_money_per_topic`` — per topic: money figures (``kind = 'money'``) inside suggestions, summed in
  CNY; rates such as 25元/亩 (``per`` set) are left out.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: The stored tables (``pipeline/store.py``), each a DataFrame of :class:`Dataset`: ``failures`` holds the
#: files that could not be ingested (path, SHA-256, error code, message, when), ``meta`` the
#: dataset's ``schema_version``.
TABLES = ("reports", "sources", "suggestions", "figures", "outcomes", "rates", "breakdown", "warnings", "failures",
          "meta")

VIEWS = {
    "v_suggestions_joined": """
        SELECT s.*, r.jurisdiction, r.admin_level, r.province, r.city, r.year, r.body, r.report_date
        FROM suggestions s JOIN reports r ON r.id = s.report_id""",
    "v_suggestions_per_topic_year": """
        SELECT r.year AS year, s.topic AS topic, s.domain AS domain, count(*) AS suggestions
        FROM suggestions s JOIN reports r ON r.id = s.report_id
        GROUP BY r.year, s.topic, s.domain ORDER BY r.year, suggestions DESC, s.topic""",
    "v_outcome_shares": """
        SELECT r.id AS report_id, r.jurisdiction AS jurisdiction, r.body AS body, r.year AS year,
               o.category AS category, o.count AS count,
               round(1.0 * o.count / (SELECT sum(o2.count) FROM outcomes o2
                                      WHERE o2.scope = 'all' AND o2.report_id = r.id), 6) AS share
        FROM outcomes o JOIN reports r ON r.id = o.report_id
        WHERE o.scope = 'all'
        ORDER BY r.jurisdiction, r.year, r.body, r.id, o.count DESC""",
    "v_money_per_topic": """
        SELECT s.topic AS topic, s.domain AS domain, sum(f.value) AS money_cny, count(*) AS figures,
               count(DISTINCT s.id) AS suggestions
        FROM figures f JOIN suggestions s ON s.id = f.suggestion_id
        WHERE f.kind = 'money' AND f.per IS NULL AND f.unit = 'CNY'
        GROUP BY s.topic, s.domain ORDER BY money_cny DESC""",
}


def ensure_views(con: sqlite3.Connection) -> None:
    """Create (or replace, when their SQL changed) the named views of :data:`VIEWS`."""
    have = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    with con:
        for name, sql in VIEWS.items():
            ddl = f"CREATE VIEW {name} AS {sql.strip()}"
            if have.get(name) != ddl:
                con.execute(f"DROP VIEW IF EXISTS {name}")
                con.execute(ddl)


def prepare(con: sqlite3.Connection) -> None:
    """Derived objects analysts use: the named views and the Chinese search table."""
    from .search import ensure_search

    ensure_views(con)
    ensure_search(con)


def declared_dtypes(con: sqlite3.Connection, table: str) -> dict[str, str]:
    """pandas dtypes from the columns' declared SQLite types (nullable Int64/Float64, string)."""
    out = {}
    for _, name, decl, *_ in con.execute(f"PRAGMA table_info({table})"):
        decl = (decl or "").upper()
        out[name] = "Int64" if "INT" in decl else "Float64" if "REAL" in decl else "string"
    return out


def read_table(con: sqlite3.Connection, name: str) -> pd.DataFrame:
    """A table or view as a typed DataFrame (integers stay integers even with NULLs)."""
    df = pd.read_sql_query(f"SELECT * FROM {name}", con)
    if name in TABLES:
        types = declared_dtypes(con, name)
        return df.astype({c: types[c] for c in df.columns if c in types})
    known = {**declared_dtypes(con, "reports"), **declared_dtypes(con, "suggestions")}
    types = {}
    for c in df.columns:  # views: the declared type of a table column of that name, else by values
        col = df[c]
        if c in known and name == "v_suggestions_joined":
            types[c] = known[c]
        elif pd.api.types.is_integer_dtype(col):
            types[c] = "Int64"
        elif pd.api.types.is_float_dtype(col):
            types[c] = "Float64"
        else:
            types[c] = "string"
    return df.astype(types)


@dataclass
class Dataset:
    """The dataset as DataFrames (read once, at :func:`open_dataset`)."""
    path: Path
    reports: pd.DataFrame
    sources: pd.DataFrame
    suggestions: pd.DataFrame
    figures: pd.DataFrame
    outcomes: pd.DataFrame
    rates: pd.DataFrame
    breakdown: pd.DataFrame
    warnings: pd.DataFrame
    failures: pd.DataFrame
    meta: pd.DataFrame
    joined: pd.DataFrame
    views: dict[str, pd.DataFrame] = field(default_factory=dict)

    def view(self, name: str) -> pd.DataFrame:
        """A named view (with or without the ``v_`` prefix)."""
        return self.views[name if name.startswith("v_") else f"v_{name}"]

    def sql(self, query: str, params: tuple = ()) -> pd.DataFrame:
        """Any SQL over the dataset, as a DataFrame."""
        con = sqlite3.connect(self.path)
        try:
            return pd.read_sql_query(query, con, params=params)
        finally:
            con.close()

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of :data:`TABLES` (``failures`` and ``meta`` included) and every named view, by
        name (what ``banli export`` writes)."""
        out = {t: getattr(self, t) for t in TABLES}
        out.update(self.views)
        return out


def open_dataset(path: str | Path, prepare_db: bool = True) -> Dataset:
    """Open the SQLite dataset at ``path`` and read its tables into DataFrames.

    ``prepare_db`` creates the named views and refreshes the search table (needs write access);
    with False, views already in the file are read and nothing is written.
    """
    from .store import connect

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no dataset (build one with `banli ingest`)")
    con = connect(path)
    try:
        if prepare_db:
            prepare(con)
        frames = {t: read_table(con, t) for t in TABLES}
        present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
        views = {v: read_table(con, v) for v in VIEWS if v in present}
        joined = frames["suggestions"].merge(
                frames["reports"][["id", "jurisdiction", "admin_level", "province", "city", "year", "body",
                               "report_date"]].rename(columns={"id": "report_id"}), on="report_id", how="left")
    finally:
        con.close()
    return Dataset(path=path, joined=joined, views=views, **frames)
