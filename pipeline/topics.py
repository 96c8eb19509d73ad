"""Topic tags: the taxonomy and the transparent keyword baseline.

Taxonomy and domain table: ``../shared/gold/README.md`` (16 primary tags, 6 domains), copied to
:data:`DOMAIN_OF`.  The keyword table is data (``pipeline/data/topic_keywords.csv``: tag, keyword,
weight); a title's score for a tag is the sum of the weights of the tag's keywords it contains,
and the tag with the highest score wins (ties: the earlier tag in :data:`TAGS`).  The trained
classifier of :mod:`pipeline.classify` replaces this baseline where a model is installed.
"""
from __future__ import annotations

import csv
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
