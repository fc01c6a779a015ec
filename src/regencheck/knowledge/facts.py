"""Facts several adapters show that come from the knowledge base (never from code)."""

from __future__ import annotations

from typing import Any

from . import KnowledgeBase

THRESHOLDS_TOPIC = "verify/thresholds"


def evidence_max_age_months(kb: KnowledgeBase) -> int | None:
    """Criterion 2.5's freshness limit for a credential check, or None when the KB has none."""
    return kb.cached("facts.evidence_max_age_months", lambda: _threshold(kb, "evidence_max_age_months"))


def _threshold(kb: KnowledgeBase, threshold_id: str) -> int | None:
    topic: Any = kb.topics.get(THRESHOLDS_TOPIC)
    for item in getattr(topic, "thresholds", None) or []:
        if getattr(item, "id", None) == threshold_id:
            return int(item.value)
    return None
