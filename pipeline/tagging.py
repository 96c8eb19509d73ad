"""Tag stage: a primary topic and its domain for each suggestion title.

Stage: ``list[str] → list[(topic, domain, scores)]``.  Uses the keyword baseline of
:mod:`pipeline.topics`; ``topic`` is None when no keyword matches, and ``domain`` follows the
topic by :data:`pipeline.topics.DOMAIN_OF`.
"""
from __future__ import annotations

from .topics import DOMAIN_OF, keyword_scores, keyword_topic


def tag_titles(titles: list[str]) -> list[tuple[str | None, str | None, dict[str, float]]]:
    """(topic, domain, scores per tag) for each title, in order."""
    out = []
    for t in titles:
        topic = keyword_topic(t)
        out.append((topic, DOMAIN_OF.get(topic) if topic else None, keyword_scores(t)))
    return out
