"""Topic tags: the taxonomy and the transparent keyword baseline.

Taxonomy and domain table: ``../shared/gold/README.md`` (16 primary tags, 6 domains), copied to
:data:`DOMAIN_OF`.  The keyword table is data (``pipeline/data/topic_keywords.csv``: tag, keyword,
weight); a title's score for a tag is the sum of the weights of the tag's keywords it contains,
and the tag with the highest score wins (ties: the earlier tag in :data:`TAGS`).  The trained
classifier of :mod:`pipeline.classify` replaces this baseline where a model is installed.

The domain lexicon (``pipeline/data/topic_lexicon.csv``: tag, term, weight 1–3; ~9,500 terms) is a
second, larger table written from the labelling guidelines (``corpora/topics/GUIDELINES.md``) and
domain knowledge *without* looking at the labelled corpus, so that cross-validation on the corpus
measures it honestly.  :func:`lexicon_matches` matches it longest term first; the topic model uses
the summed scores and the tag of the last term as features
(:func:`pipeline.classify.features.lexicon_prior`, :func:`~pipeline.classify.features.lexicon_head_tag`).  Rows tagged ``none``
are *blockers*: common phrases that contain a term across a word boundary (服务工作 ⊃ 务工,
利用水平 ⊃ 用水); they take their span, so the term inside does not count, and score nothing.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

TAGS = ("elderly_care", "education", "healthcare", "social_security", "employment", "industry",
        "finance", "agriculture", "environment", "urban_construction", "transport", "water",
        "heating", "culture_tourism", "public_safety", "governance")

#: primary topic → coarse domain (gold README, "domain (derived from the primary topic)").
DOMAIN_OF = {
    "industry": "财政经济", "finance": "财政经济",
    "agriculture": "农业农村", "water": "农业农村",
    "urban_construction": "城建环资", "transport": "城建环资", "environment": "城建环资", "heating": "城建环资",
    "education": "教科文卫", "healthcare": "教科文卫", "culture_tourism": "教科文卫",
    "elderly_care": "社会建设", "social_security": "社会建设", "employment": "社会建设",
    "governance": "政务法治", "public_safety": "政务法治",
}

KEYWORDS_FILE = Path(__file__).parent / "data" / "topic_keywords.csv"
LEXICON_FILE = Path(__file__).parent / "data" / "topic_lexicon.csv"
#: the lexicon's tag for a blocker phrase (see the module docstring)
BLOCKER = "none"


@lru_cache(maxsize=1)
def lexicon_table() -> tuple[tuple[str, str, float], ...]:
    """(tag, term, weight) rows of the domain lexicon, longest term first (then file order).

    Raises ValueError naming the file when a row has an unknown tag (other than ``none``, a
    blocker) or a term listed twice."""
    rows = []
    seen: set[str] = set()
    with LEXICON_FILE.open(encoding="utf-8") as f:
        for n, r in enumerate(csv.DictReader(f), start=2):
            tag, term = r["tag"].strip(), r["term"].strip()
            if (tag not in DOMAIN_OF and tag != BLOCKER) or not term or term in seen:
                raise ValueError(f"{LEXICON_FILE}:{n}: bad row (unknown tag, empty or repeated term): {tag},{term}")
            seen.add(term)
            rows.append((tag, term, float(r["weight"])))
    rows.sort(key=lambda r: -len(r[1]))  # stable: file order within a length
    return tuple(rows)


@lru_cache(maxsize=1)
def _lexicon_index() -> dict[str, tuple[tuple[int, dict[str, tuple[int, str, float, bool]]], ...]]:
    """First character → ((length, {term: (rank, tag, weight, edged)}), …) of the lexicon terms starting with
    it, one entry per term length; rank is the term's place in :func:`lexicon_table` (longest first);
    ``edged`` says whether the term starts or ends in a digit or Latin letter (only those need
    :func:`_whole_token`).  Looking up the few slices of each length is ~10× faster than trying every term
    of a common first character (农, 城 …) with ``startswith``."""
    index: dict[str, dict[int, dict[str, tuple[int, str, float, bool]]]] = {}
    for rank, (tag, term, w) in enumerate(lexicon_table()):
        edged = any(kind.fullmatch(c) for c in (term[0], term[-1]) for kind in (_DIGIT, _LATIN))
        index.setdefault(term[0], {}).setdefault(len(term), {})[term] = (rank, tag, w, edged)
    return {c: tuple(sorted(by_len.items())) for c, by_len in index.items()}


_DIGIT = re.compile(r"[0-9０-９]")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
#: what follows a number that is a quantity, not a hotline or emergency number (投资120万元, 120张床位)
_QUANTITY_NEXT = re.compile(r"[.．%％万亿千百元米个张件户人名所家台辆座条吨亩年月日号岁次期多余]")


def _whole_token(text: str, i: int, j: int) -> bool:
    """Whether the lexicon term at ``text[i:j]`` stands as a token of its own at its edges written in digits or
    Latin letters: not after a digit when it starts with one (柳州建城2120年 holds no 120), not after a Latin
    letter when it starts with one, and likewise at its end; a term that is all digits (120, 12345) is a
    hotline or emergency number, so not one followed by a quantity (投资120万元, 120张床位) either.  Edges
    in Chinese characters are always whole: Chinese has no spaces between words."""
    term = text[i:j]
    before, after = text[i - 1:i], text[j:j + 1]
    for edge, nxt in ((term[0], before), (term[-1], after)):
        for kind in (_DIGIT, _LATIN):
            if nxt and kind.fullmatch(edge) and kind.fullmatch(nxt):
                return False
    if after and term.isdigit() and _QUANTITY_NEXT.match(after):
        return False
    return True


@lru_cache(maxsize=65536)
def lexicon_matches(text: str) -> tuple[tuple[int, int, str, float], ...]:
    """The domain-lexicon terms found in ``text`` as (start, end, tag, weight), in text order:
    each term once (its first occurrence), longest first, a term lying inside an already-matched
    longer term dropped (燃气 inside 燃气安全, a public_safety term); blocker phrases (tag
    ``none``) take their span and are not returned.  ~0.03 ms a title (terms indexed by first
    character and length; cached, as the model's two lexicon features ask for the same titles)."""
    index = _lexicon_index()
    found: dict[str, tuple[int, int, int, str, float]] = {}
    for i, ch in enumerate(text):
        for n, terms in index.get(ch, ()):
            term = text[i:i + n]
            hit = terms.get(term)
            if hit is not None and term not in found and (not hit[3] or _whole_token(text, i, i + n)):
                rank, tag, w, _ = hit
                found[term] = (rank, i, i + n, tag, w)
    taken: list[tuple[int, int]] = []
    out = []
    for rank, i, j, tag, w in sorted(found.values()):
        if any(a <= i and j <= b for a, b in taken):
            continue
        taken.append((i, j))
        if tag != BLOCKER:
            out.append((i, j, tag, w))
    return tuple(sorted(out))


def lexicon_scores(text: str) -> dict[str, float]:
    """Score per tag of ``text`` under the domain lexicon: the summed weights of
    :func:`lexicon_matches`.  Tags with no term are absent."""
    scores: dict[str, float] = {}
    for _, _, tag, w in lexicon_matches(text):
        scores[tag] = scores.get(tag, 0.0) + w
    return scores


def lexicon_head(text: str) -> str | None:
    """The tag of the last lexicon term of ``text``'s first line (the longer one when two end
    together), or None.  Chinese noun phrases are head-final, so the last term is usually the thing
    asked for: in 完善建设新密市先进制造业开发区引热进园区集中供热设施系统 (a real proposal,
    labelled heating) four industry terms outscore 集中供热 in :func:`lexicon_scores`, but the
    head is the 集中供热设施系统."""
    head = text.split("\n", 1)[0]
    ms = lexicon_matches(head)
    if not ms:
        return None
    return max(ms, key=lambda m: (m[1], m[1] - m[0]))[2]


@lru_cache(maxsize=1)
def keyword_table() -> tuple[tuple[str, str, float], ...]:
    """(tag, keyword, weight) rows of the keyword file."""
    with KEYWORDS_FILE.open(encoding="utf-8") as f:
        return tuple((r["tag"], r["keyword"], float(r["weight"])) for r in csv.DictReader(f))


def keyword_scores(title: str) -> dict[str, float]:
    """Score per tag of ``title`` under the keyword baseline (tags with no keyword are absent)."""
    scores: dict[str, float] = {}
    for tag, kw, w in keyword_table():
        if kw in title:
            scores[tag] = scores.get(tag, 0.0) + w
    return scores


def keyword_topic(title: str) -> str | None:
    """The baseline's primary tag for ``title`` (None when no keyword matches)."""
    scores = keyword_scores(title)
    if not scores:
        return None
    best = max(scores.values())
    return next(t for t in TAGS if scores.get(t) == best)
