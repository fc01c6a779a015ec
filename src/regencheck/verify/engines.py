"""Adapters to the classification and claim-scanning engines, read through their JSON contracts.

Verification embeds a classification of the offering and a scan of the marketing texts. It
reads both through the engines' `to_dict()` output (the contracts in product.md), so it depends
on the shape users also rely on, not on internal classes; when an engine fails, the criteria
that need it say so and stay unknown instead of the whole verification failing.

The engines are imported directly: they are part of the same package, so an installation
without them is not a state worth handling. Tests swap in fakes by patching `_classify`,
`_scan_text` and `_scan_path` on this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..claims import scan_path as _scan_path
from ..claims import scan_text as _scan_text
from ..classify import classify as _classify
from ..errors import FieldProblem, InputError, RegencheckError, ValidationFailed
from ..knowledge import KnowledgeBase


@dataclass(frozen=True)
class Condition:
    id: str
    text: str
    evidence_status: str
    source: list[str]


@dataclass(frozen=True)
class OfferingClass:
    """What the offering is and its Korean ruling, as the classification engine reported it."""

    category: str
    kr_status: str
    kr_risk_level: str | None
    kr_facility_required: str
    kr_conditions: list[Condition]
    kr_summary: str
    kr_citations: list[str]
    raw: dict[str, Any]


@dataclass
class EngineOutcome:
    """A classification (or None) and why it is missing when it is."""

    value: OfferingClass | None = None
    error: str | None = None
    raw: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)


def _conditions(raw: Any) -> list[Condition]:
    out: list[Condition] = []
    for i, item in enumerate(raw or []):
        if isinstance(item, dict):
            src = item.get("source") or []
            out.append(
                Condition(
                    id=str(item.get("id") or f"condition_{i + 1}"),
                    text=str(item.get("text") or item.get("id") or ""),
                    evidence_status=str(item.get("evidence_status") or "unknown"),
                    source=[str(s) for s in (src if isinstance(src, list) else [src])],
                )
            )
        else:
            out.append(
                Condition(id=f"condition_{i + 1}", text=str(item), evidence_status="unknown", source=[])
            )
    return out


def read_classification(raw: dict[str, Any]) -> OfferingClass:
    """Read the fields verification uses from a classification's JSON (product.md `classify`)."""
    kr = (raw.get("rulings") or {}).get("KR") or {}
    return OfferingClass(
        category=str(raw.get("category") or "unknown"),
        kr_status=str(kr.get("status") or "unknown"),
        kr_risk_level=kr.get("risk_level"),
        kr_facility_required=str(kr.get("facility_required") or "unknown"),
        kr_conditions=_conditions(kr.get("conditions")),
        kr_summary=str(kr.get("summary") or ""),
        kr_citations=[str(c) for c in kr.get("citations") or []],
        raw=raw,
    )


def classify_offering(therapy: dict[str, Any] | str, kb: KnowledgeBase, file: str) -> EngineOutcome:
    """Classify the offering; a bad therapy attribute is the dossier's error, naming its YAML path."""
    try:
        result = _classify(therapy, kb)
    except InputError as exc:
        problems = [
            FieldProblem(f"offering.therapy.{p.location}".rstrip("."), p.message, file) for p in exc.problems
        ] or [FieldProblem("offering.therapy", exc.message, file)]
        raise ValidationFailed(
            f"{file}: offering.therapy is not a valid therapy description", problems=problems
        ) from None
    except RegencheckError as exc:
        return EngineOutcome(error=f"classification failed: {exc.message}")
    except Exception as exc:  # an engine bug must cost its criteria, not the whole scorecard
        return EngineOutcome(error=f"classification failed: {type(exc).__name__}: {exc}")
    raw = result.to_dict()
    return EngineOutcome(value=read_classification(raw), raw=raw)


def scan_text(text: str, kb: KnowledgeBase, source: str) -> dict[str, Any]:
    """Scan one text for claims; returns the scan JSON, or an `error` entry when scanning is impossible."""
    try:
        out: dict[str, Any] = _scan_text(text, kb, source=source).to_dict()
    except RegencheckError as exc:
        return {"source": source, "error": exc.message}
    except Exception as exc:  # an engine bug must cost its criteria, not the whole scorecard
        return {"source": source, "error": f"the claim scanner failed: {type(exc).__name__}: {exc}"}
    return out


def scan_file(path: Path, kb: KnowledgeBase, source: str) -> dict[str, Any]:
    """Scan one file (text, HTML, PDF); a missing or unreadable file is an error entry, not a crash."""
    if not path.is_file():
        return {"source": source, "error": f"{path}: file not found"}
    try:
        out: dict[str, Any] = _scan_path(path, kb).to_dict()
    except RegencheckError as exc:
        return {"source": source, "error": exc.message}
    except Exception as exc:  # an engine bug must cost its criteria, not the whole scorecard
        return {"source": source, "error": f"the claim scanner failed: {type(exc).__name__}: {exc}"}
    out["source"] = source
    return out
