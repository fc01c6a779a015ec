"""A stored scorecard in the reader's language: step and criterion titles, statuses, the
criteria's explanations and the verdict's reasons (the stored JSON stays as the verifier wrote
it; `verify/verdict.py` and `verify/criteria/` keep writing English)."""

from __future__ import annotations

import re
from typing import Any

from . import labels as L
from .i18n import N_, Translator

# How verify/verdict.py writes a reason: "<id> <title> (<critical, ><status>): <explanation>".
_REASON = re.compile(
    r"(?P<id>\d+\.\d+) (?P<title>.+) \((?P<critical>critical, )?(?P<status>pass|fail|unknown|not_applicable)\)"
    r"(?:: (?P<explanation>.+))?",
    re.S,
)
REASON = N_("{id} {title} ({status}): {explanation}")
CRITICAL_REASON = N_("{id} {title} (critical, {status}): {explanation}")
REASON_ALONE = N_("{id} {title} ({status})")
CRITICAL_REASON_ALONE = N_("{id} {title} (critical, {status})")


def verdict_reason(text: str, tr: Translator) -> str:
    """One of the verdict's reasons in the reader's language: the criterion's title and status
    from the label tables, its explanation through `engine_text`."""
    if tr.language == "en":
        return text
    found = _REASON.fullmatch(text)
    if found is None:
        return L.engine_text(text, tr)
    criterion = found["id"]
    title = L.label(L.CRITERIA, criterion, tr) if criterion in L.CRITERIA else found["title"]
    explanation = found["explanation"]
    if explanation is None:
        message = CRITICAL_REASON_ALONE if found["critical"] else REASON_ALONE
    else:
        message = CRITICAL_REASON if found["critical"] else REASON
    return tr.gettext(message).format(
        id=criterion,
        title=title,
        status=L.label(L.CRITERION_STATUS, found["status"], tr),
        explanation=L.engine_text(explanation or "", tr),
    )


def translated_card(card: dict[str, Any], tr: Translator) -> dict[str, Any]:
    """The stored scorecard with step and criterion titles, statuses, explanations and the
    verdict's reasons in the reader's language (the stored result itself is not changed)."""
    steps = [
        step
        | {
            "title": L.label(L.STEPS, step.get("id"), tr),
            "criteria": [
                c
                | {
                    "title": L.label(L.CRITERIA, c.get("id"), tr)
                    if c.get("id") in L.CRITERIA
                    else str(c.get("title", "")),
                    "status_label": L.label(L.CRITERION_STATUS, c.get("status"), tr),
                    "explanation": L.engine_text(str(c.get("explanation") or ""), tr),
                }
                for c in step.get("criteria", [])
            ],
        }
        for step in card.get("steps") or []
    ]
    reasons = [verdict_reason(str(r), tr) for r in card.get("verdict_reasons") or []]
    return card | {"steps": steps, "verdict_reasons": reasons}
