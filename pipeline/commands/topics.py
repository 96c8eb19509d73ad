"""Topic-model commands: train, evaluate, tag, tags export, classify (issue 5)."""
from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.cli import DB_OPTION, _db, _need, app, err

MODELS_OPTION = typer.Option(None, "--models", envvar="BANLI_MODELS",
                             help="Models folder (default: the repository's models/, or $BANLI_MODELS).")
CORPUS_OPTION = typer.Option(None, "--corpus", help="Labelled corpus CSV (default: corpora/topics/titles.csv).")


@app.command()
def train(corrections: List[Path] = typer.Option([], "--corrections",
                                                 help="Analyst CSV (from `banli tags export`, correct_topic filled in)."),
          corpus: Optional[Path] = CORPUS_OPTION,
          models: Optional[Path] = MODELS_OPTION,
          cv: int = typer.Option(0, "--cv", help="Also cross-validate with this many folds and record it in the card.")) -> None:
    """Train a new topic-model version on the corpus (+ corrections) into the models folder."""
    from pipeline.classify import api

    from pipeline.errors import BanliError

    t0 = time.perf_counter()
    try:
        path, meta = api.train(corpus or api.M.CORPUS, corrections, models, cv_folds=cv)
    except (OSError, ValueError, BanliError) as e:  # a corrections or corpus file: named with the cause
        err.print(f"[red]error[/red] {e}", highlight=False)
        raise typer.Exit(2)
    print(f"model: {path}")
    print(f"examples: {meta['n_examples']} (corrections: {meta['n_corrections']}); "
          f"data sha256 {meta['data_sha256'][:16]}…")
    if meta.get("cv"):
        print(f"cv: accuracy {meta['cv']['accuracy']:.4f}, macro-F1 {meta['cv']['macro_f1']:.4f}")
    print(f"time: fit {meta['train_seconds']:.1f} s, total {time.perf_counter() - t0:.1f} s")


def _print_metrics(m: dict, top: int) -> None:
    """Accuracy, macro-F1, the per-tag table and the ``top`` most confused pairs of a metrics dict
    (:func:`pipeline.classify.api.cross_validate` / :func:`~pipeline.classify.api.score_model`)."""
    from collections import Counter

    print(f"accuracy  {m['accuracy']:.4f}")
    print(f"macro-F1  {m['macro_f1']:.4f}")
    print(f"{'tag':<20}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for t, x in m["per_tag"].items():
        print(f"{t:<20}{x['precision']:>7.3f}{x['recall']:>7.3f}{x['f1']:>7.3f}{x['support']:>6}")
    if top:
        pairs = Counter((t, p) for _, t, p in m["errors"])
        print(f"top confused pairs (labelled → predicted), {len(m['errors'])} errors in all"
              + (":" if m["errors"] else ""))
        for (t, p), n in pairs.most_common(top):
            examples_ = [title for title, a, b in m["errors"] if (a, b) == (t, p)][:2]
            print(f"{n:>4}  {t} → {p}: " + " / ".join(examples_))


@app.command()
def evaluate(corpus: Optional[Path] = CORPUS_OPTION,
             folds: int = typer.Option(5, "--folds", help="Cross-validation folds (0: no cross-validation)."),
             repeats: int = typer.Option(4, "--repeats", help="Shuffles of the fold split to average over."),
             png: Path = typer.Option(Path("topics-confusion.png"), "--png", help="Confusion-matrix PNG to write."),
             models: Optional[Path] = MODELS_OPTION,
             test: Optional[Path] = typer.Option(None, "--test", help="Also measure a trained model on this labelled "
                                                 "CSV (title,topic columns; titles it was not trained on)."),
             model: Optional[Path] = typer.Option(None, "--model", help="Model file for --test (default: the current "
                                                  "one in --models)."),
             bench: int = typer.Option(10000, "--bench", help="Titles to tag for the timing line (0: skip)."),
             top: int = typer.Option(10, "--top", help="Most confused tag pairs to print with example titles (0: none)."),
             by_site: bool = typer.Option(False, "--by-site", help="Also cross-validate with each source site's titles "
                                          "on one side of every split: the estimate for sites the corpus lacks.")) -> None:
    """Repeated stratified k-fold CV of the topic model on the corpus: accuracy, macro-F1, per-tag P/R/F1,
    confusion PNG; with --test, the shipped model on a held-out labelled file too."""
    from pipeline.classify import api

    examples, fixes = api.training_data(corpus or api.M.CORPUS, [], models)
    if folds:
        t0 = time.perf_counter()
        cv = api.cross_validate(examples, folds, repeats)
        cv_s = time.perf_counter() - t0
        print(f"corpus: {len(examples)} examples ({len(fixes)} corrections), {folds}-fold stratified CV, "
              f"{repeats} shuffles (accuracy each: {' / '.join(f'{a:.4f}' for a in cv['repeat_accuracy'])})")
        _print_metrics(cv, top)
        print(f"confusion matrix: {api.plot_confusion(cv, png)}")
        print(f"time: cross-validation {cv_s:.1f} s")
        if by_site:
            cv = api.cross_validate(examples, folds, repeats, by_site=True)
            print(f"\nby source site ({len({api.source_site(e.source) for e in examples})} sites, each on one side of "
                  f"every split; accuracy each: {' / '.join(f'{a:.4f}' for a in cv['repeat_accuracy'])})")
            _print_metrics(cv, top)
    if test:
        path = model or api.current_model_file(models)
        if path is None:
            err.print("[red]error[/red] --test needs a trained model: run `banli train` or pass --model", highlight=False)
            raise typer.Exit(2)
        from pipeline.classify.features import prepare_text

        from pipeline.errors import BanliError

        try:
            held = api.M.read_labelled(test)
        except (OSError, ValueError, BanliError) as e:
            err.print(f"[red]error[/red] --test {e}", highlight=False)
            raise typer.Exit(2)
        seen = {prepare_text(e.title) for e in examples}
        overlap = sum(prepare_text(e.title) in seen for e in held)
        tm = api.TopicModel.load(path)
        print(f"held-out: {test} — {len(held)} titles, model {tm.version}"
              + (f" ({overlap} of them also in the corpus {corpus or api.M.CORPUS.name}: not held out for models "
                 "trained on it)" if overlap else ""))
        _print_metrics(api.score_model(tm, held), top)
    if bench:
        t0 = time.perf_counter()
        model = api.TopicModel(api.M.fit(examples), {"version": "eval", "secondary_threshold": api.M.SECONDARY_THRESHOLD})
        fit_s = time.perf_counter() - t0
        titles = [examples[i % len(examples)].title + str(i) for i in range(bench)]
        model.predict(titles[:10])  # warm: jieba's dictionary loads once per process
        t0, c0 = time.perf_counter(), time.process_time()
        model.predict(titles)
        print(f"time: train on all {len(examples)} {fit_s:.1f} s; tag {bench} titles {time.perf_counter() - t0:.1f} s "
              f"(CPU {time.process_time() - c0:.1f} s)")


@app.command()
def tag(db: Optional[Path] = DB_OPTION) -> None:
    """Re-tag every stored suggestion with the current topic model (records its version in topic_model)."""
    from pipeline.store import connect
    from pipeline.tagging import current_model_version, tag_titles

    con = connect(_need(_db(db)))
    rows = con.execute("SELECT id, title FROM suggestions ORDER BY id").fetchall()
    tags = tag_titles([r[1] for r in rows])
    version = current_model_version()
    changed = 0
    with con:
        for (sid, _), (topic, domain, _) in zip(rows, tags):
            cur = con.execute("UPDATE suggestions SET topic = ?, domain = ?, topic_model = ? WHERE id = ?"
                              " AND (topic IS NOT ? OR domain IS NOT ? OR topic_model IS NOT ?)",
                              (topic, domain, version, sid, topic, domain, version))
            changed += cur.rowcount
    print(f"tagged {len(rows)} suggestions with {version} ({changed} rows changed)")


tags_app = typer.Typer(help="Topic tags of the stored suggestions (the corrections loop).", no_args_is_help=True)
app.add_typer(tags_app, name="tags")

EXPORT_COLUMNS = ["suggestion_id", "report_id", "jurisdiction", "title", "topic", "secondary", "confidence",
                  "topic_model", "scores", "correct_topic", "correct_secondary"]


@tags_app.command("export")
def tags_export(file: Path = typer.Argument(..., help="CSV to write (UTF-8 with BOM, opens in Excel)."),
                db: Optional[Path] = DB_OPTION) -> None:
    """Write the stored suggestions with tags and scores, lowest confidence first.

    Fill in ``correct_topic`` (and optionally ``correct_secondary``) where the tag is wrong, then
    ``banli train --corrections FILE``."""
    from pipeline.store import connect
    from pipeline.tagging import current_model, current_model_version

    con = connect(_need(_db(db)))
    rows = con.execute("SELECT s.id, s.report_id, r.jurisdiction, s.title, s.topic FROM suggestions s"
                       " JOIN reports r ON r.id = s.report_id ORDER BY s.id").fetchall()
    model = current_model()
    version = current_model_version()
    out = []
    if model is not None:
        preds = model.predict([r[3] for r in rows])
        for r, p in zip(rows, preds):
            out.append([r[0], r[1], r[2], r[3], p["topic"], ";".join(p["secondary"]), max(p["scores"].values()),
                        version, json.dumps(p["scores"], ensure_ascii=False), "", ""])
    else:
        from pipeline.topics import keyword_scores

        for r in rows:
            s = keyword_scores(r[3])
            conf = (max(s.values()) / sum(s.values())) if s else 0.0
            out.append([r[0], r[1], r[2], r[3], r[4], "", round(conf, 4), version,
                        json.dumps(s, ensure_ascii=False), "", ""])
    out.sort(key=lambda row: (row[6], row[0]))
    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(EXPORT_COLUMNS)
        w.writerows(out)
    print(f"{len(out)} suggestions → {file} (model {version}; lowest confidence first)")


@app.command()
def classify(titles: List[str] = typer.Argument(None, help="Titles (default: one per line on stdin)."),
             models: Optional[Path] = MODELS_OPTION) -> None:
    """Print one JSON line per title: {"title", "topic", "secondary", "scores", "low_confidence"}."""
    import os

    if models:
        os.environ["BANLI_MODELS"] = str(models)
    from pipeline.tagging import current_model
    from pipeline.topics import keyword_scores, keyword_topic

    items = list(titles or []) or [ln.strip() for ln in sys.stdin if ln.strip()]
    if any(not t.strip() for t in items):
        err.print("[yellow]warning[/yellow] empty titles skipped", highlight=False)
        items = [t for t in items if t.strip()]
    model = current_model()
    if model is None:
        err.print("[yellow]warning[/yellow] no topic model installed: keyword baseline")
        preds = [{"topic": topic, "secondary": [], "scores": keyword_scores(t), "low_confidence": topic is None}
                 for t, topic in ((t, keyword_topic(t)) for t in items)]
    else:
        preds = model.predict(items)
    for t, p in zip(items, preds):
        sys.stdout.write(json.dumps({"title": t, "topic": p["topic"], "secondary": p["secondary"],
                                     "scores": p["scores"], "low_confidence": p["low_confidence"]},
                                    ensure_ascii=False) + "\n")
