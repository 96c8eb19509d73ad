"""The analysts' commands: search, export, views, review, plot, serve (issue 6)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli import DB_OPTION, _db, _need, app, err

EXPORT_FORMATS = ("parquet", "csv", "xlsx")


@app.command()
def search(query: str = typer.Argument(..., help="Words to find, in Chinese (segmented with jieba), e.g. 供暖."),
           db: Optional[Path] = DB_OPTION,
           limit: int = typer.Option(50, "--limit", help="At most this many hits.")) -> None:
    """Full-text search of suggestions (jieba-segmented FTS5); lists hits with report and snippet."""
    from pipeline.search import search as run_search
    from pipeline.store import connect

    con = connect(_need(_db(db)))
    try:
        hits = run_search(con, query, limit=limit)
    finally:
        con.close()
    for h in hits:
        print(f"{h.suggestion_id}\t{h.jurisdiction} {h.year} · report {h.report_id} #{h.seq}\t{h.deputies}\t{h.snippet}"
              f"\t{h.topic}")
    err.print(f"{len(hits)} suggestion(s) match {query!r}", highlight=False)


def export_dataset(db: Path, fmt: str, out_dir: Path) -> list[Path]:
    """Write every table and named view of the dataset to ``out_dir`` in ``fmt``.

    Tables are those of :meth:`pipeline.dataset.Dataset.tables`: the extracted records, ``failures``
    (the files that could not be ingested, with their error code and message) and ``meta``.  CSV and
    Parquet: one ``NAME.csv`` (UTF-8 with BOM) or ``NAME.parquet`` (typed) per table or view; XLSX:
    one ``banli.xlsx`` with a sheet each (name cut to 31 characters), header row frozen.  Returns the
    paths written.
    """
    import pandas as pd

    from pipeline.dataset import open_dataset

    ds = open_dataset(db)
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = ds.tables()
    written = []
    if fmt == "xlsx":
        from openpyxl.utils import get_column_letter

        path = out_dir / "banli.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as xw:
            for name, df in frames.items():
                sheet = name[:31]
                df.to_excel(xw, sheet_name=sheet, index=False, freeze_panes=(1, 0))
                ws = xw.sheets[sheet]
                for i, col in enumerate(df.columns, start=1):
                    width = max([len(str(col))] + [len(str(v)) for v in df[col].head(200).tolist()])
                    ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width * 1.6))
        written.append(path)
    else:
        for name, df in frames.items():
            if fmt == "csv":
                path = out_dir / f"{name}.csv"
                df.to_csv(path, index=False, encoding="utf-8-sig")
            else:
                path = out_dir / f"{name}.parquet"
                df.to_parquet(path, index=False, engine="pyarrow")
            written.append(path)
    return written


@app.command()
def export(out_dir: Path = typer.Argument(..., help="Folder to write into."),
           fmt: str = typer.Option("csv", "--format", help="parquet, csv (UTF-8 with BOM) or xlsx."),
           db: Optional[Path] = DB_OPTION) -> None:
    """Export every table (failed files and meta included) and named view: Parquet (typed), CSV (UTF-8
    with BOM) or XLSX (one sheet each)."""
    if fmt not in EXPORT_FORMATS:
        err.print(f"[red]error[/red] --format must be one of {', '.join(EXPORT_FORMATS)}")
        raise typer.Exit(2)
    for p in export_dataset(_need(_db(db)), fmt, out_dir):
        print(p)


@app.command()
def views(db: Optional[Path] = DB_OPTION) -> None:
    """Create the named SQL views and list them (use them with `banli query`)."""
    from pipeline.dataset import VIEWS, ensure_views
    from pipeline.store import connect

    con = connect(_need(_db(db)))
    try:
        ensure_views(con)
    finally:
        con.close()
    for name, sql in VIEWS.items():
        print(f"{name}\t{' '.join(sql.split())[:100]}…")


@app.command()
def review(target: str = typer.Argument(..., help="A stored report's id, or a report file."),
           out: Path = typer.Option(..., "--out", help="HTML file to write."),
           db: Optional[Path] = DB_OPTION) -> None:
    """Write one self-contained HTML page showing the report text with every extracted field highlighted."""
    from pipeline.errors import BanliError
    from pipeline.review import write_review

    try:
        path = write_review(target, out, _db(db))
    except (BanliError, FileNotFoundError, LookupError) as e:
        err.print(f"[red]error[/red] {e}", highlight=False)
        raise typer.Exit(2)
    print(path)


@app.command()
def plot(out_dir: Path = typer.Argument(..., help="Folder for the PNGs."),
         db: Optional[Path] = DB_OPTION) -> None:
    """PNG charts (CJK font): suggestions by topic and year, outcome shares, money by topic."""
    from pipeline.plots import plot_all

    for p in plot_all(_need(_db(db)), out_dir):
        print(p)


@app.command()
def serve(db: Optional[Path] = DB_OPTION,
          host: str = typer.Option("127.0.0.1", "--host"),
          port: int = typer.Option(8001, "--port")) -> None:
    """Browse the dataset in Datasette (read-only), with facets and Chinese search."""
    from pipeline.serve import serve as run

    run(_need(_db(db)), host=host, port=port)
