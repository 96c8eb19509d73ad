"""``banli serve``: browse the dataset in Datasette, read-only, with metadata and Chinese search.

Why Datasette: it is the maintained tool for publishing a SQLite file as a browsable, faceted,
searchable web UI with a JSON API and SQL box, configured by one metadata file — what analysts
without Python need.  The dataset is served with ``--immutable`` (opened read-only; nothing can
write to it through the server) after the derived search table and views are refreshed and the
WAL is checkpointed into the main file.

Metadata: table and column descriptions (with units) are read from ``docs/schema.md`` (one source
for the docs and the UI); facets on topic, domain, outcome, year, jurisdiction; the
``suggestions`` table's search box uses ``suggestions_fts`` (jieba-segmented, see
:mod:`pipeline.search`).
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

SCHEMA_DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"

FACETS = {
    "suggestions": ["topic", "domain", "outcome", "is_key"],
    "v_suggestions_joined": ["topic", "domain", "outcome", "year", "jurisdiction"],
    "reports": ["year", "jurisdiction", "admin_level", "body"],
    "figures": ["kind", "unit"],
    "outcomes": ["category", "scope"],
    "rates": ["name"],
}
UNITS = {"rates": {"value": "percent"}, "outcomes": {"percent": "percent"}, "breakdown": {"percent": "percent"}}


def schema_doc(path: Path = SCHEMA_DOC) -> dict[str, dict]:
    """``{table: {"description": str, "columns": {column: "description (unit)"}}}`` from docs/schema.md."""
    out: dict[str, dict] = {}
    table = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^#{2,3} (\w+)", line)
        if m:
            table = m.group(1)
            out[table] = {"description": "", "columns": {}}
            continue
        if table is None:
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 4 and cells[0] not in ("column", "---") and not set(cells[0]) <= {"-"}:
                col, _type, unit, desc = (c.replace("`", "") for c in cells)
                out[table]["columns"][col] = desc + (f" (unit: {unit})" if unit else "")
        elif line.strip() and not out[table]["description"] and not line.startswith("#"):
            out[table]["description"] = line.strip()
    return out


def metadata(db_name: str) -> dict:
    doc = schema_doc()
    tables = {}
    for name, info in doc.items():
        t = {"description": info["description"], "columns": info["columns"]}
        if name in FACETS:
            t["facets"] = FACETS[name]
        if name in UNITS:
            t["units"] = UNITS[name]
        tables[name] = t
    tables.setdefault("suggestions", {})["fts_table"] = "suggestions_fts"
    return {"title": "banli: handling reports on deputies' suggestions",
            "description": "Chinese government handling reports (办理情况报告) → reports, suggestions, figures. "
                           "Search the suggestions table in Chinese (jieba-segmented): e.g. 供暖, 小区, 养老.",
            "databases": {db_name: {"tables": tables}}}


def prepare_for_serving(db: Path) -> None:
    """Refresh views and the search table, then checkpoint the WAL so a read-only open sees all."""
    from .dataset import prepare
    from .store import connect

    con = connect(db)
    try:
        prepare(con)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def datasette_command(db: Path, host: str, port: int, metadata_file: Path) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "--host", host, "--port", str(port),
            "--metadata", str(metadata_file), "--setting", "default_page_size", "50",
            "--setting", "sql_time_limit_ms", "3000"]


def serve(db: Path, host: str = "127.0.0.1", port: int = 8001, metadata_out: Path | None = None) -> None:
    """Replace this process with Datasette (so stopping ``banli serve`` stops the server)."""
    db = Path(db)
    if not db.exists():
        raise FileNotFoundError(f"{db}: no dataset")
    prepare_for_serving(db)
    meta = metadata(db.stem)
    metadata_out = Path(metadata_out) if metadata_out else db.with_name(db.stem + ".datasette.json")
    metadata_out.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    cmd = datasette_command(db, host, port, metadata_out)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(cmd[0], cmd)
