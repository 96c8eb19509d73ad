"""The ``banli`` command line (Typer + rich: a maintained CLI toolkit with progress bars)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="banli: Chinese handling reports (办理情况报告) in, structured records out.")
err = Console(stderr=True, soft_wrap=True)  # messages name files: never wrap a path

DEFAULT_DB = "banli.sqlite"
DB_OPTION = typer.Option(None, "--db", envvar="BANLI_DB",
                         help=f"SQLite dataset file (default: ./{DEFAULT_DB}, or $BANLI_DB).")


def _db(db: Optional[Path]) -> Path:
    return Path(db) if db else Path(DEFAULT_DB)


def _need(db: Path) -> Path:
    """``db`` when the dataset file exists; else an error naming it (exit 2), instead of an empty
    dataset created by the read."""
    if not db.exists():
        err.print(f"[red]error[/red] {db}: no dataset (build one with `banli ingest`, or pass --db)", highlight=False)
        raise typer.Exit(2)
    return db


@app.command()
def extract(file: Path = typer.Argument(..., help="A report file (.pdf .docx .html .txt .md)."),
            as_json: bool = typer.Option(False, "--json", help="Print the record contract's JSON.")) -> None:
    """Extract one file and print its records (JSON with --json, nothing else on stdout)."""
    from .errors import BanliError
    from .extract_document import extract_file
    from .tagging import preload

    preload()  # overlaps the topic model's load with loading and OCR
    try:
        result = extract_file(file)
    except BanliError as e:
        err.print(f"[red]error[/red] {e}", highlight=False)
        raise typer.Exit(2)
    rec = result.record
    for w in rec["warnings"]:
        err.print(f"[yellow]warning[/yellow] {w['message']}", highlight=False)
    if as_json:
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=1) + "\n")
        return
    rep = rec["report"]
    def show(v) -> str:
        return "—" if v is None else str(v)

    err.print(f"{rep['kind']}: {show(rep.get('jurisdiction'))} {show(rep.get('report_date'))} total={show(rep.get('total'))}")
    for s in rec["suggestions"]:
        print(f"{s['seq']:>3} {'、'.join(s['deputies'])}\t{s['title']}\t{s['topic']}")


if __name__ == "__main__":  # pragma: no cover
    app()


@app.command()
def ingest(paths: List[Path] = typer.Argument(..., help="Files or folders to ingest."),
           db: Optional[Path] = DB_OPTION,
           workers: Optional[int] = typer.Option(None, "--workers", "-j", help="Worker processes (default: all cores)."),
           timeout: float = typer.Option(300.0, "--timeout", help="Seconds one file may take (E_TIMEOUT beyond)."),
           max_memory: int = typer.Option(2048, "--max-memory", help="Memory limit of one worker in MiB (E_MEMORY beyond; 0: none)."),
           retry_failed: bool = typer.Option(False, "--retry-failed", help="Retry files that failed in an earlier batch."),
           scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786): extract on that cluster.")) -> None:
    """Ingest report files and folders into the dataset; print a summary."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeRemainingColumn)
    from rich.text import Text

    from .ingest import ingest as run_ingest

    class Rates(ProgressColumn):
        def render(self, task):
            secs = task.elapsed or 0.0
            f = task.fields
            if secs <= 0:
                return Text("")
            return Text(f"{task.completed / secs:.1f} files/s {f['pages'] / secs:.1f} pages/s "
                        f"failures: {f['failures']}")

    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), Rates(), TextColumn("ETA"),
                  TimeRemainingColumn(), console=err, transient=True) as bar:
        task = bar.add_task("files", total=None, pages=0, failures=0)
        stats = {"pages": 0, "failures": 0}

        def on_file(ev):
            stats["pages"] += ev.pages
            stats["failures"] += ev.status == "failed"
            bar.update(task, advance=1, pages=stats["pages"], failures=stats["failures"])

        summary = run_ingest(paths, _db(db), workers=workers, timeout=timeout,
                             max_memory=max_memory * 1024 * 1024 if max_memory > 0 else None,
                             retry_failed=retry_failed, scheduler=scheduler,
                             on_start=lambda n: bar.update(task, total=n), on_file=on_file)
    for path, code, message in summary.failures:
        err.print(f"[red]failed[/red] {message}", highlight=False)
    sources = summary.reports + summary.extra_sources
    print(f"files: {summary.files} (skipped: {summary.skipped - summary.skipped_failed} already stored, "
          f"{summary.skipped_failed} failed before" + (" — `--retry-failed` tries them again" if summary.skipped_failed else "")
          + ")")
    print(f"reports: {summary.reports} new (from {sources} sources)")
    print(f"suggestions: {summary.suggestions}")
    print(f"figures: {summary.figures_in_suggestions} inside suggestions, {summary.figures} in all")
    print(f"failures: {len(summary.failures)}")
    print(f"dataset: {_db(db)}")


QUERY_FORMATS = ("table", "csv", "json")


@app.command()
def query(sql: str = typer.Argument(..., help="An SQL query over the dataset."),
          db: Optional[Path] = DB_OPTION,
          fmt: str = typer.Option("table", "--format", help="table, csv or json.")) -> None:
    """Run SQL over the dataset and print the rows (read-only: statements that write are refused)."""
    import csv
    import sqlite3

    from rich.table import Table

    from .store import connect

    if fmt not in QUERY_FORMATS:
        err.print(f"[red]error[/red] --format must be one of {', '.join(QUERY_FORMATS)}", highlight=False)
        raise typer.Exit(2)
    con = connect(_need(_db(db)))
    con.execute("PRAGMA query_only = ON")  # a DELETE or UPDATE here would otherwise vanish uncommitted, silently
    try:
        cur = con.execute(sql)
    except sqlite3.Error as e:
        if "readonly" in str(e):
            err.print(f"[red]error[/red] banli query only reads; the dataset is written by `banli ingest` ({e})",
                      highlight=False)
        else:
            err.print(f"[red]error[/red] SQL: {e}", highlight=False)
        raise typer.Exit(2)
    cols = [d[0] for d in cur.description or []]
    rows = cur.fetchall()
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(cols)
        w.writerows(rows)
    elif fmt == "json":
        sys.stdout.write(json.dumps([dict(zip(cols, r)) for r in rows], ensure_ascii=False, indent=1) + "\n")
    else:
        table = Table(*cols, show_lines=False)
        for r in rows:
            table.add_row(*["" if v is None else str(v) for v in r])
        Console(width=200).print(table)


def load_commands() -> None:
    """Import every module of :mod:`pipeline.commands` so that its commands register on ``app``."""
    import importlib
    import pkgutil

    from . import commands

    for mod in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{mod.name}")


load_commands()
