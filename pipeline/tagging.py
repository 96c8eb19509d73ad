"""Tag stage: a primary topic and its domain for each suggestion title.

Stage: ``list[str] → list[(topic, domain, scores)]``.  When the models directory (``models/`` or
``$BANLI_MODELS``) holds a trained topic model (:mod:`pipeline.classify`), its newest version is
loaded once per process and used: ``scores`` are its probabilities per tag.  Otherwise the keyword
baseline of :mod:`pipeline.topics` is used (``topic`` None when no keyword matches).  ``domain``
follows the topic by :data:`pipeline.topics.DOMAIN_OF`.  :func:`current_model_version` names what
tagged (``"keywords"`` for the baseline), for ``suggestions.topic_model``.
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache

from .topics import DOMAIN_OF, keyword_scores, keyword_topic

KEYWORDS = "keywords"
_LOAD_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _model(path: str | None):
    if path is None:
        return None
    from .classify import TopicModel

    return TopicModel.load(path)


def current_model():
    """The loaded current topic model, or None (no model installed, or ``BANLI_TOPIC_MODEL=keywords``)."""
    if os.environ.get("BANLI_TOPIC_MODEL") == KEYWORDS:
        return None
    from .classify import current_model_file

    path = current_model_file()
    with _LOAD_LOCK:  # one load, also when preload() is still at it
        return _model(str(path) if path else None)


def preload() -> threading.Thread:
    """Start loading the current topic model in a daemon thread and return the thread.

    Importing scikit-learn and reading the model take ~4–8 s of one core; a one-file ``banli
    extract`` of a scanned PDF otherwise does that after OCR, while OCR runs in Tesseract
    processes and leaves the interpreter waiting.  A later :func:`current_model` waits for it.
    Errors are left for that later call to raise."""
    def run() -> None:
        try:
            current_model()
        except Exception:  # noqa: BLE001 - reported by the caller's own current_model()
            pass

    t = threading.Thread(target=run, name="banli-topic-model", daemon=True)
    t.start()
    return t


def current_model_version() -> str:
    """Version of what :func:`tag_titles` uses now: ``topics-vN`` or ``"keywords"``."""
    m = current_model()
    return m.version if m is not None else KEYWORDS


def tag_titles(titles: list[str], bodies: list[str] | None = None) -> list[tuple[str | None, str | None, dict[str, float]]]:
    """(topic, domain, scores per tag) for each title, in order."""
    m = current_model()
    if m is not None:
        return [(p["topic"], DOMAIN_OF.get(p["topic"]), p["scores"]) for p in m.predict(list(titles), bodies)]
    out = []
    for t in titles:
        topic = keyword_topic(t)
        out.append((topic, DOMAIN_OF.get(topic) if topic else None, keyword_scores(t)))
    return out
