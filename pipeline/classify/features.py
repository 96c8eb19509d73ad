"""Feature functions of the topic model.

Everything the saved :class:`sklearn.pipeline.Pipeline` references is a *module-level* function
here, so that skops can store it by name and the loader can list it as trusted
(:data:`pipeline.classify.persist.TRUSTED_TYPES`).  Nothing here holds state.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

#: the frame around a title (关于…的建议/提案/议案) carries no topic; removing it keeps the
#: character n-grams and words of the frame from dominating short titles.
_FRAME_HEAD = re.compile(r"^(?:关于|對於|对于|關於)")
_FRAME_TAIL = re.compile(r"(?:的)?(?:建议案|建议|提案|议案|意见|请求|建議|提議|議案)$")


def _without_frame(head: str) -> str:
    """A title line without its 关于…的建议 frame (empty when the frame is all there is)."""
    return _FRAME_TAIL.sub("", _FRAME_HEAD.sub("", head))


def prepare_text(text: str) -> str:
    """One input as the model sees it: simplified characters, no 关于…的建议 frame, no whitespace."""
    from pipeline.normalize import to_simplified

    text = to_simplified(str(text))
    lines = [re.sub(r"\s+", "", ln) for ln in text.split("\n")]
    head = _without_frame(lines[0]) or lines[0]
    return "\n".join([head] + [ln for ln in lines[1:] if ln])


def has_topic_content(title: str) -> bool:
    """False when a title is nothing but the frame (``关于``, ``关于…的建议`` with nothing between, ``提案``) and
    punctuation: there is nothing to tag, whatever the model scores (it gave ``关于`` governance 0.76)."""
    from pipeline.normalize import to_simplified

    head = re.sub(r"\s+", "", to_simplified(str(title)).split("\n", 1)[0])
    return bool(_PUNCT.sub("", _without_frame(head)))


def prepare_texts(texts) -> list[str]:
    """:func:`prepare_text` over a sequence (the pipeline's first step)."""
    return [prepare_text(t) for t in texts]


def jieba_tokenize(text: str) -> list[str]:
    """jieba words (with the domain vocabulary of :mod:`pipeline.nlp`), punctuation dropped."""
    from pipeline.nlp import tokenize

    return [w for w in tokenize(text) if not _PUNCT.fullmatch(w)]


_PUNCT = re.compile(r"[\W_]+")


def jieba_words(text: str) -> list[str]:
    """jieba words without the HMM guesser for unknown words (``HMM=False``), punctuation dropped.

    The tokenizer of models from topics-v2 on. With HMM, jieba joins unknown character runs into
    guessed words (mostly place and person names, each seen once); without it those runs stay
    dictionary words or single characters, which the character n-grams cover anyway. It is about
    3x faster (tagging speed) and slightly better in cross-validation (model card).
    :func:`jieba_tokenize` stays for models saved with it.
    """
    return list(_jieba_words(text))


@lru_cache(maxsize=65536)
def _jieba_words(text: str) -> tuple[str, ...]:
    """:func:`jieba_words`, cached: the word TF-IDF and :func:`word_vector_mean` both ask for the same
    titles (tagging 10,000 titles: ~1.5 s of segmentation saved)."""
    import jieba

    from pipeline.nlp import initialize

    initialize()
    return tuple(w for w in jieba.lcut(text, HMM=False) if w.strip() and not _PUNCT.fullmatch(w))


def _score_columns(texts, score) -> np.ndarray:
    """One row per text, one column per tag (order of :data:`pipeline.topics.TAGS`): ``score(text)``
    (a dict tag → score) divided by the text's largest score; zeros where nothing scored."""
    from pipeline.topics import TAGS

    out = np.zeros((len(texts), len(TAGS)))
    for i, t in enumerate(texts):
        s = score(t)
        if s:
            top = max(s.values()) or 1.0
            for j, tag in enumerate(TAGS):
                if tag in s:
                    out[i, j] = s[tag] / top
    return out


def keyword_prior(texts) -> np.ndarray:
    """The keyword baseline of :mod:`pipeline.topics` as features: one column per tag (order of
    :data:`pipeline.topics.TAGS`), the tag's keyword score divided by the title's largest score.

    The classifier learns from the corpus how much to trust each column, so the hand-written
    keyword table acts as a prior where the corpus is thin, not as a rule.
    """
    from pipeline.topics import keyword_scores

    return _score_columns(texts, keyword_scores)


def lexicon_prior(texts) -> np.ndarray:
    """The domain lexicon (:func:`pipeline.topics.lexicon_scores`) as features: one column per tag
    (order of :data:`pipeline.topics.TAGS`), the tag's score divided by the title's largest score.

    Written blind to the labelled corpus, it covers words the corpus has never shown the model
    (cross-validated accuracy 0.73 → 0.84–0.86 when added; ``corpora/topics/README.md``).
    """
    from pipeline.topics import lexicon_scores

    return _score_columns(texts, lexicon_scores)


def lexicon_head_tag(texts) -> np.ndarray:
    """One-hot of :func:`pipeline.topics.lexicon_head` per text (16 columns, order of
    :data:`pipeline.topics.TAGS`; all zero without a lexicon term).  Adds cross-validated
    accuracy ~0.007 over :func:`lexicon_prior` alone (topics-v4 card)."""
    from pipeline.topics import TAGS, lexicon_head

    out = np.zeros((len(texts), len(TAGS)))
    for i, t in enumerate(texts):
        tag = lexicon_head(t)
        if tag is not None:
            out[i, TAGS.index(tag)] = 1.0
    return out


#: where a title's ask ends: a clause break, or a purpose phrase after the ask
#: (…，助力/助推/赋能 X; 以促进/以推动 X; 为 X 提供 Y). Titles state what they ask for first and why
#: after: *推动住宅老旧电梯更新，提升居民出行便利度及幸福感*, *优化科创投基金体系赋能成都机器人产业园*.
_ASK_END = re.compile(r"[，,；;。]|(?<=.)(?:助力|助推|赋能|为.{0,12}提供|以(?:促进|推动|提升|助力|实现))")


def ask_clause(text: str) -> str:
    """The part of a prepared title (first line of :func:`prepare_text`'s output) that states what the
    suggestion asks for: the text before the first clause break or purpose phrase (:data:`_ASK_END`);
    the whole title when it has none.

    The guidelines' master rule — a suggestion goes to what it asks to improve, not what that serves
    (``corpora/topics/GUIDELINES.md`` rules 1 and 12: *高质量推动数字乡村建设，助力我市乡村振兴* →
    agriculture for 数字乡村, not for the purpose clause) — made a feature: many boundary errors had
    their purpose clause's topic predicted.
    """
    head = str(text).split("\n", 1)[0]
    parts = [p for p in _ASK_END.split(head) if p.strip()]
    return parts[0] if parts else head


def ask_lexicon_prior(texts) -> np.ndarray:
    """:func:`lexicon_prior` of each text's :func:`ask_clause` (16 columns).  With
    :func:`ask_lexicon_head_tag` (topics-v10): cross-validated accuracy 0.880 → 0.885 (four shuffles,
    each higher), held-out round 8 +3 titles of 345, round 7 unchanged (``corpora/topics/README.md``)."""
    return lexicon_prior([ask_clause(t) for t in texts])


def ask_lexicon_head_tag(texts) -> np.ndarray:
    """:func:`lexicon_head_tag` of each text's :func:`ask_clause` (16 columns, one-hot or zero)."""
    return lexicon_head_tag([ask_clause(t) for t in texts])


def word_vector_mean(texts) -> np.ndarray:
    """Unit-length mean word vector of each text's first line (the title): shape (len(texts), 200);
    words without a vector of their own are left out.  The feature of topics-v7, kept so that it
    loads and predicts as trained; newer models use :func:`word_vector_pieces`.

    Words are :func:`jieba_words`; vectors come from :mod:`pipeline.classify.vectors` (55k words,
    200 dimensions).  Only the title is used — the corpus has no bodies, so a body would move the
    mean away from anything the model was trained on.  Cross-validated accuracy +0.005 on four
    shuffles with this block weighted 2 (topics-v7 card)."""
    return _title_vectors(texts, pieces=False)


def word_vector_pieces(texts) -> np.ndarray:
    """:func:`word_vector_mean`, but a compound without a vector of its own counts as the mean of its
    longest pieces in the table (基础设施 → 基础 + 设施; :func:`pipeline.classify.vectors.word_rows`):
    81% → 90% of the corpus's title words get a vector.  Shape (len(texts), 200); from topics-v8."""
    return _title_vectors(texts, pieces=True)


def _title_vectors(texts, pieces: bool) -> np.ndarray:
    from .vectors import mean_vector

    out = np.zeros((len(texts), 200))
    for i, t in enumerate(texts):
        out[i] = mean_vector(jieba_words(str(t).split("\n", 1)[0]), pieces=pieces)
    return out
