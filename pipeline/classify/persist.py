"""Saving and loading topic models with skops (no pickle) and writing their model cards.

A model file ``topics-vN.skops`` holds ``{"pipeline": Pipeline, "meta": dict}``.  Loading first
asks skops which types the file needs beyond its built-in safe set
(:func:`skops.io.get_untrusted_types`); any type not in :data:`TRUSTED_TYPES` — the explicit list of
what a banli topic model is made of — refuses the file with :class:`UntrustedModelError` *before*
anything in it is constructed.  A model saved by another scikit-learn version loads with a
:class:`ModelVersionWarning` naming both versions.
"""
from __future__ import annotations

import json
import warnings
import zipfile
from pathlib import Path

#: every type/function a banli topic model may contain beyond skops' defaults.
TRUSTED_TYPES = [
    "pipeline.classify.features.ask_lexicon_head_tag",
    "pipeline.classify.features.ask_lexicon_prior",
    "pipeline.classify.features.jieba_tokenize",
    "pipeline.classify.features.jieba_words",
    "pipeline.classify.features.keyword_prior",
    "pipeline.classify.features.lexicon_head_tag",
    "pipeline.classify.features.lexicon_prior",
    "pipeline.classify.features.prepare_texts",
    "pipeline.classify.features.word_vector_mean",
    "pipeline.classify.features.word_vector_pieces",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._function_transformer.FunctionTransformer",
    "builtins.float", "builtins.int", "builtins.str",
    "numpy.float64", "numpy.int64", "numpy.int32", "numpy.dtype", "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
]


class UntrustedModelError(Exception):
    """A model file asks for types outside :data:`TRUSTED_TYPES`."""


class ModelVersionWarning(UserWarning):
    """A model file was written by another scikit-learn version than the one loading it."""


class ResourceChangedWarning(UserWarning):
    """A model's features read data files (lexicon, keywords, segmenter words) that changed since it was trained."""


def resource_files() -> dict[str, Path]:
    """The data files a topic model's features read at prediction time, not stored in the model file:
    the domain lexicon and keyword table (:mod:`pipeline.topics`) and jieba's domain words
    (:mod:`pipeline.nlp`).  Editing one changes the features of every saved model."""
    from pipeline import nlp, topics

    return {"topic_lexicon.csv": topics.LEXICON_FILE, "topic_keywords.csv": topics.KEYWORDS_FILE,
            "domain_words.txt": nlp.DOMAIN_WORDS_FILE}


def resource_hashes() -> dict[str, str]:
    """SHA-256 of each of :func:`resource_files` (file name → hex digest)."""
    import hashlib

    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in resource_files().items()}


def save(pipe, meta: dict, path: Path) -> Path:
    """Write ``pipe`` and ``meta`` to ``path`` (skops format)."""
    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump({"pipeline": pipe, "meta": meta}, path, compression=zipfile.ZIP_DEFLATED)
    return path


def untrusted_types(path: Path) -> list[str]:
    """Types ``path`` needs that :data:`TRUSTED_TYPES` does not allow."""
    import skops.io as sio

    return sorted(set(sio.get_untrusted_types(file=str(path))) - set(TRUSTED_TYPES))


def load(path: Path):
    """(pipeline, meta) from a model file.

    Raises
    ------
    UntrustedModelError
        When the file asks for any type outside :data:`TRUSTED_TYPES` (nothing is constructed).

    Warns :class:`ModelVersionWarning` (another scikit-learn made it) and :class:`ResourceChangedWarning`
    (a file of :func:`resource_files` differs from the one the model recorded at training).
    """
    import sklearn
    import skops.io as sio

    path = Path(path)
    asked = set(sio.get_untrusted_types(file=str(path)))
    bad = sorted(asked - set(TRUSTED_TYPES))
    if bad:
        raise UntrustedModelError(
            f"{path}: refused: the file asks for types a banli topic model never contains: {', '.join(bad)}")
    trusted = sorted(asked)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn's own pickling warnings; ours follows, clearer
        obj = sio.load(path, trusted=trusted)
    meta = obj["meta"]
    made = meta.get("sklearn_version")
    if made != sklearn.__version__:
        warnings.warn(f"{path.name} was trained with scikit-learn {made}; this is scikit-learn "
                      f"{sklearn.__version__}: predictions may differ — retrain with `banli train`",
                      ModelVersionWarning, stacklevel=2)
    trained_with = meta.get("resources") or {}  # models before topics-v10 did not record them
    changed = sorted(n for n, h in resource_hashes().items() if n in trained_with and trained_with[n] != h)
    if changed:
        warnings.warn(f"{path.name} was trained with other versions of {', '.join(changed)} (pipeline/data/): "
                      f"its predictions differ from what its card measured — retrain with `banli train`",
                      ResourceChangedWarning, stacklevel=2)
    return obj["pipeline"], meta


def write_card(meta: dict, path: Path) -> tuple[Path, Path]:
    """The model card beside the model: ``<stem>.card.json`` and ``<stem>.card.md``."""
    path = Path(path)
    js = path.with_name(path.stem + ".card.json")
    md = path.with_name(path.stem + ".card.md")
    js.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    lines = [f"# Model card: {meta['version']}", "",
             "Topic classifier of banli (16 tags, `corpora/topics/taxonomy.csv`).", "",
             "## Model", "", meta.get("description", ""), "",
             "## Training data", "",
             f"- corpus: `{meta['corpus']}` — {meta['n_examples']} examples "
             f"({meta.get('n_corrections', 0)} analyst corrections, weight {meta.get('correction_weight')})",
             f"- SHA-256 of the training data: `{meta['data_sha256']}`",
             f"- trained: {meta['trained_at']} in {meta.get('train_seconds', 0):.1f} s", "",
             "| tag | examples |", "|---|---|"]
    lines += [f"| {t} | {n} |" for t, n in meta["label_counts"].items()]
    lines += ["", "## Software", ""] + [f"- {k}: {v}" for k, v in meta["versions"].items()]
    if meta.get("resources"):
        lines += ["", "Data files the features read at prediction time (SHA-256; loading warns when one changed):", ""]
        lines += [f"- `pipeline/data/{k}`: `{v}`" for k, v in meta["resources"].items()]
    cv = meta.get("cv")
    lines += ["", "## Cross-validated metrics", ""]
    if cv:
        shuffles = (f", averaged over {cv['repeats']} shuffles (accuracy each: "
                    f"{' / '.join(f'{a:.4f}' for a in cv['repeat_accuracy'])})" if cv.get("repeats", 1) > 1 else "")
        lines += [f"Stratified {cv['folds']}-fold CV on the training data{shuffles}: accuracy **{cv['accuracy']:.4f}**, "
                  f"macro-F1 **{cv['macro_f1']:.4f}**.", "", "| tag | precision | recall | F1 | support |",
                  "|---|---|---|---|---|"]
        lines += [f"| {t} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
                  for t, m in cv["per_tag"].items()]
    else:
        lines.append("Not measured (train with `--cv`, or run `banli evaluate`).")
    lines += ["", "## Use and limits", "",
              f"Primary tag = highest probability; secondary tags = other tags with probability ≥ "
              f"{meta.get('secondary_threshold')}. Titles only (body text is appended when given). "
              "Traditional characters are converted to simplified first. Trained on public suggestion "
              "and proposal titles; expect weaker results on topics the corpus covers thinly.", ""]
    md.write_text("\n".join(lines), encoding="utf-8")
    return js, md
