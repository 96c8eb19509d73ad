"""The topic model: a scikit-learn Pipeline and its training data.

``texts → prepare (simplified, frame removed) → FeatureUnion[ jieba-word TF-IDF, character 1–3-gram
TF-IDF, keyword prior, lexicon prior, lexicon head, word vectors, ask-clause lexicon prior and head ]
→ LogisticRegression(class_weight="balanced")``.

* Word features: jieba with banli's domain vocabulary, dictionary words only (``HMM=False``;
  module-level tokenizer :func:`pipeline.classify.features.jieba_words`, ``token_pattern=None``;
  the default pattern would treat a whole Chinese title as one word).
* Character n-grams (1–3, ``char_wb``): robust to words jieba splits oddly and to unseen place names.
* Keyword prior: the transparent baseline of :mod:`pipeline.topics` as 16 extra columns whose
  weights are *learned from the corpus* (see :func:`pipeline.classify.features.keyword_prior`).
* Lexicon prior: the ~9,500-term domain lexicon written blind to the corpus, 16 more columns
  (:func:`pipeline.classify.features.lexicon_prior`); it lifts cross-validated accuracy by ~0.10.
* Lexicon head: the tag of the title's last lexicon term, one-hot (noun phrases are head-final;
  :func:`pipeline.classify.features.lexicon_head_tag`).
* Word vectors: the mean pretrained vector of the title's words (200 columns, weight
  :data:`VECTOR_WEIGHT`; :func:`pipeline.classify.features.word_vector_pieces`,
  :mod:`pipeline.classify.vectors`), for words neither the corpus nor the lexicon has.
* Ask clause: the lexicon prior and head again, over the title's part before its first clause break or
  purpose phrase (…，助力 X; :func:`pipeline.classify.features.ask_clause`): a title goes to what it
  asks for, not to what that serves (topics-v10).
* Multinomial logistic regression gives probabilities directly (calibrated in the log-loss sense);
  ``class_weight="balanced"`` for rare tags; ``random_state=0``; lbfgs is deterministic.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from .features import (ask_lexicon_head_tag, ask_lexicon_prior, jieba_words, keyword_prior, lexicon_head_tag,
                       lexicon_prior, prepare_texts, word_vector_pieces)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpora" / "topics" / "titles.csv"
TAXONOMY = ROOT / "corpora" / "topics" / "taxonomy.csv"

#: analyst corrections count this many times a corpus row (they are reviewed answers to the
#: model's own mistakes, and usually few against hundreds of corpus rows).
CORRECTION_WEIGHT = 3.0
#: secondary tags: other tags whose probability reaches this.
SECONDARY_THRESHOLD = 0.25
#: a prediction whose top probability is below this is flagged ``low_confidence``. Out-of-fold
#: (topics-v7 features, 5-fold, seed 0, 1,627 titles): top < 0.4 — 53 titles, 36% right; 0.4–0.8 —
#: 193, 63% right; ≥ 0.8 — 1,384, 94% right. Text with no known word ("hello world") scores ~0.16.
LOW_CONFIDENCE = 0.4
KEYWORD_PRIOR_WEIGHT = 1.0
LEXICON_PRIOR_WEIGHT = 1.0
#: weight of the word-vector block. Mean cross-validated accuracy over four shuffles: without it
#: 0.875; weight 1: 0.877 (seed 0 only); 2: 0.880; 2.5: 0.880; 4: 0.876 (seed 0 only).
VECTOR_WEIGHT = 2.0


def build_pipeline(C: float = 10.0) -> Pipeline:
    """An unfitted topic pipeline (see the module docstring)."""
    words = TfidfVectorizer(tokenizer=jieba_words, token_pattern=None, lowercase=False,
                            ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    # min_df=2 (both): a word or character n-gram seen in one title only (mostly place and person names) adds no
    # evidence, and dropping them keeps the saved vocabulary (and model file) small.
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), lowercase=False, sublinear_tf=True,
                            min_df=2)
    prior = FunctionTransformer(keyword_prior)
    lexicon = FunctionTransformer(lexicon_prior)
    head = FunctionTransformer(lexicon_head_tag)
    vectors = FunctionTransformer(word_vector_pieces)
    ask_lexicon = FunctionTransformer(ask_lexicon_prior)
    ask_head = FunctionTransformer(ask_lexicon_head_tag)
    union = FeatureUnion([("words", words), ("chars", chars), ("keywords", prior), ("lexicon", lexicon),
                          ("head", head), ("vectors", vectors), ("ask_lexicon", ask_lexicon),
                          ("ask_head", ask_head)],
                         transformer_weights={"words": 1.0, "chars": 1.0, "keywords": KEYWORD_PRIOR_WEIGHT,
                                              "lexicon": LEXICON_PRIOR_WEIGHT, "head": LEXICON_PRIOR_WEIGHT,
                                              "vectors": VECTOR_WEIGHT, "ask_lexicon": LEXICON_PRIOR_WEIGHT,
                                              "ask_head": LEXICON_PRIOR_WEIGHT})
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=0)
    return Pipeline([("prepare", FunctionTransformer(prepare_texts)), ("features", union), ("clf", clf)])


@dataclass
class Example:
    title: str
    topic: str
    secondary: list[str] = field(default_factory=list)
    body: str = ""
    weight: float = 1.0
    source: str = ""

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}" if self.body else self.title


def load_taxonomy(path: Path = TAXONOMY) -> list[dict]:
    """Rows of the taxonomy file (tag, label_zh, domain, description); domains are checked against
    :data:`pipeline.topics.DOMAIN_OF`."""
    from pipeline.topics import DOMAIN_OF, TAGS

    with Path(path).open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    tags = [r["tag"] for r in rows]
    if sorted(tags) != sorted(TAGS):
        raise ValueError(f"{path}: tags {sorted(set(tags) ^ set(TAGS))} differ from pipeline.topics.TAGS")
    for r in rows:
        if DOMAIN_OF[r["tag"]] != r["domain"]:
            raise ValueError(f"{path}: {r['tag']} has domain {r['domain']}, pipeline.topics says {DOMAIN_OF[r['tag']]}")
    return rows


def _split_tags(s: str | None) -> list[str]:
    import re

    return [t for t in re.split(r"[;|,\s]+", s or "") if t]


def _csv_rows(path: Path) -> csv.DictReader:
    """A DictReader over a labelled CSV, decoded as UTF-8 (with or without BOM) or GB18030 — what Excel
    on a Chinese Windows saves (:func:`pipeline.loaders.text.decode_bytes`).

    Raises FileNotFoundError, or :class:`pipeline.errors.BanliError` naming the file when it decodes
    as neither or holds binary content."""
    import io

    from pipeline.loaders.text import decode_bytes

    return csv.DictReader(io.StringIO(decode_bytes(Path(path).read_bytes(), path), newline=""))


def _labelled_rows(path: Path, strict: bool):
    """(line, Example) of a CSV with ``title`` and ``topic`` columns (``secondary``, ``body``,
    ``source`` optional).  Rows with an empty title or an unknown tag are skipped, or with
    ``strict`` raise ValueError naming the file and line (as do missing columns)."""
    from pipeline.topics import TAGS

    reader = _csv_rows(path)
    cols = reader.fieldnames or []
    if strict and ("title" not in cols or "topic" not in cols):
        raise ValueError(f"{path}: needs columns title and topic (has: {', '.join(cols) or 'none'})")
    for i, r in enumerate(reader, start=2):
        title, topic = (r.get("title") or "").strip(), (r.get("topic") or "").strip()
        if not title or topic not in TAGS:
            if not strict:
                continue
            raise ValueError(f"{path}:{i}: empty title" if not title else
                             f"{path}:{i}: unknown tag {topic!r} (tags: {', '.join(TAGS)})")
        yield i, Example(title, topic, [t for t in _split_tags(r.get("secondary")) if t in TAGS],
                         (r.get("body") or "").strip(), 1.0, r.get("source") or str(path))


def read_corpus(path: Path = CORPUS) -> list[Example]:
    """The labelled corpus (title, topic, secondary, source …; an optional ``body`` column); rows
    without a title or with an unknown tag are skipped."""
    return [ex for _, ex in _labelled_rows(path, strict=False)]


def read_labelled(path: Path) -> list[Example]:
    """Labelled titles to test a model on (``banli evaluate --test``): a CSV with ``title`` and
    ``topic`` columns (``secondary`` optional; the corpus file itself qualifies).  Unlike
    :func:`read_corpus`, nothing is skipped silently.

    Raises FileNotFoundError, or ValueError naming the file (and line) for missing columns, an
    unknown tag, an empty title or a file without rows."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    out = [ex for _, ex in _labelled_rows(path, strict=True)]
    if not out:
        raise ValueError(f"{path}: no labelled titles")
    return out


def read_corrections(path: Path) -> list[Example]:
    """Corrections from an analyst's CSV: the file of ``banli tags export`` with the
    ``correct_topic`` column filled in (rows left empty are skipped), or any CSV with
    ``title,topic`` columns (every row is a correction).  UTF-8 or GB18030 (:func:`_csv_rows`).

    Raises FileNotFoundError; ValueError naming the file (and line) for missing columns or an unknown
    tag; :class:`pipeline.errors.BanliError` for a file in neither encoding."""
    from pipeline.topics import TAGS

    out = []
    reader = _csv_rows(path)
    cols = reader.fieldnames or []
    col = "correct_topic" if "correct_topic" in cols else "topic"
    if "title" not in cols or col not in cols:
        raise ValueError(f"{path}: needs columns title and correct_topic (or title and topic)")
    for i, r in enumerate(reader, start=2):
        topic = (r.get(col) or "").strip()
        if not topic:
            continue
        if topic not in TAGS:
            raise ValueError(f"{path}:{i}: unknown tag {topic!r} (tags: {', '.join(TAGS)})")
        sec_col = "correct_secondary" if col == "correct_topic" else "secondary"
        out.append(Example(r["title"].strip(), topic,
                           [t for t in _split_tags(r.get(sec_col)) if t in TAGS and t != topic],
                           "", CORRECTION_WEIGHT, f"correction:{Path(path).name}"))
    return out


def merge(corpus: list[Example], corrections: list[Example]) -> list[Example]:
    """Corpus plus corrections; a correction replaces a corpus row with the same (prepared) title,
    and a later correction replaces an earlier one."""
    from .features import prepare_text

    keyed: dict[str, Example] = {}
    for ex in corpus + corrections:
        keyed[prepare_text(ex.title)] = ex
    return list(keyed.values())


def data_hash(examples: list[Example]) -> str:
    """SHA-256 of the training data (title, body, topic, weight per row, in order)."""
    h = hashlib.sha256()
    for ex in examples:
        h.update("\t".join([ex.title, ex.body, ex.topic, repr(ex.weight)]).encode("utf-8") + b"\n")
    return h.hexdigest()


def fit(examples: list[Example], C: float = 10.0) -> Pipeline:
    """Fit a fresh pipeline on ``examples`` (deterministic: same data → same model)."""
    pipe = build_pipeline(C)
    pipe.fit([e.text for e in examples], [e.topic for e in examples],
             clf__sample_weight=[e.weight for e in examples])
    return pipe
