"""The spaCy document layer: ``spacy.blank("zh")`` with the jieba segmenter.

spaCy's default Chinese tokenizer splits per character; we set ``segmenter = "jieba"`` explicitly
and add the domain vocabulary (``pipeline/data/domain_words.txt``: 代表, 办复率, 满意率, 承办单位 …)
to jieba in :func:`initialize`, once per process.  Extracted items become labelled spans on the Doc
(``doc.spans["suggestions"]``, ``["titles"]``, ``["deputies"]``, ``["figures"]``, ``["rates"]``).

No pretrained Chinese pipeline is used (none installs here), and nothing is downloaded.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DOMAIN_WORDS_FILE = Path(__file__).parent / "data" / "domain_words.txt"


def domain_words() -> list[str]:
    """The domain vocabulary added to jieba."""
    return [w.strip() for w in DOMAIN_WORDS_FILE.read_text(encoding="utf-8").splitlines() if w.strip()]


def initialize() -> None:
    """Add the domain words to jieba's dictionary (idempotent, once per process)."""
    _initialized()


@lru_cache(maxsize=1)
def _initialized() -> bool:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    for w in domain_words():
        jieba.add_word(w, freq=100000)
    return True


@lru_cache(maxsize=1)
def make_nlp():
    """A blank Chinese spaCy pipeline segmenting with jieba (built once per process)."""
    import spacy

    initialize()
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def tokenize(text: str) -> list[str]:
    """jieba words of ``text`` with the domain vocabulary (used for search and features)."""
    import jieba

    initialize()
    return [w for w in jieba.lcut(text) if w.strip()]


def annotate(text: str, spans: dict[str, list[tuple[int, int, str]]]):
    """A spaCy Doc of ``text`` with labelled span groups.

    Parameters
    ----------
    spans : dict group name → list of (start, end, label) character offsets; spans are expanded to
        token boundaries (jieba may join a name with a neighbouring character).
    """
    doc = make_nlp()(text)
    for group, items in spans.items():
        out = []
        for start, end, label in items:
            sp = doc.char_span(start, end, label=label, alignment_mode="expand")
            if sp is not None:
                out.append(sp)
        doc.spans[group] = out
    return doc
