"""Adapters to the classification and claim-scanning engines.

Verification embeds a classification of the offering and a scan of the marketing texts. The
criteria read the engines' own objects (`Classification`, `ScanResult`); the scorecard embeds
their JSON contracts (product.md) and turns them into dicts only there, at its output. When an
engine fails, the criteria that need it say so and stay unknown instead of the whole
verification failing.

The engines are imported directly: they are part of the same package, so an installation
without them is not a state worth handling. Tests swap in fakes by patching `_classify`,
`_scan_text` and `_scan_path` on this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..claims import ClaimFinding, ScanResult
from ..claims import scan_path as _scan_path
from ..claims import scan_text as _scan_text
from ..classify import Classification, Condition, Ruling
from ..classify import classify as _classify
from ..classify.tables import PROCEDURE_JURISDICTION
from ..errors import FieldProblem, InputError, RegencheckError, ValidationFailed
from ..knowledge import KnowledgeBase


@dataclass(frozen=True)
class OfferingClass:
    """What the offering is and its Korean ruling, as the classification engine reported it;
    a missing ruling or value reads as "unknown"."""

    classification: Classification

    @property
    def category(self) -> str:
        return self.classification.category or "unknown"

    @property
    def attributes(self) -> dict[str, Any]:
        return dict(self.classification.attributes)

    @property
    def _kr(self) -> Ruling | None:
        return self.classification.rulings.get(PROCEDURE_JURISDICTION)

    @property
    def kr_status(self) -> str:
        return (self._kr.status if self._kr else "") or "unknown"

    @property
    def kr_risk_level(self) -> str | None:
        return self._kr.risk_level if self._kr else None

    @property
    def kr_facility_required(self) -> str:
        return (self._kr.facility_required if self._kr else "") or "unknown"

    @property
    def kr_conditions(self) -> tuple[Condition, ...]:
        return self._kr.conditions if self._kr else ()

    @property
    def kr_summary(self) -> str:
        return self._kr.summary if self._kr else ""

    @property
    def kr_citations(self) -> tuple[str, ...]:
        return self._kr.citations if self._kr else ()


@dataclass
class EngineOutcome:
    """A classification (or None) and why it is missing when it is."""

    value: OfferingClass | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any] | None:
        """The classification's JSON (product.md `classify`), as the scorecard embeds it."""
        return self.value.classification.to_dict() if self.value is not None else None


@dataclass(frozen=True)
class TextScan:
    """One text's scan under the name the dossier gives it: the scanner's result, or why there
    is none (`error`: the file is missing or refused, or the scanner failed)."""

    source: str
    result: ScanResult | None = None
    error: str | None = None

    @property
    def failure(self) -> str | None:
        """Why the text has no findings to trust, or None when it was scanned."""
        return self.error or (self.result.error if self.result is not None else None)

    @property
    def findings(self) -> list[ClaimFinding]:
        return self.result.findings if self.result is not None else []

    @property
    def risk(self) -> str | None:
        return self.result.risk if self.result is not None else None

    @property
    def language(self) -> str | None:
        return self.result.language if self.result is not None else None

    @property
    def summary(self) -> dict[str, int]:
        return self.result.summary if self.result is not None else {}

    @property
    def text_extracted(self) -> str | None:
        return self.result.text_extracted if self.result is not None else None

    def to_dict(self) -> dict[str, Any]:
        """The scan JSON (product.md `scan`) under this text's source, or the error entry."""
        if self.result is None:
            return {"source": self.source, "error": self.error}
        return self.result.to_dict() | {"source": self.source}


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
    return EngineOutcome(value=OfferingClass(result))


def scan_text(text: str, kb: KnowledgeBase, source: str) -> TextScan:
    """Scan one text for claims; a scanner failure is the scan's `error`, not a crash."""
    try:
        return TextScan(source, _scan_text(text, kb, source=source))
    except RegencheckError as exc:
        return TextScan(source, error=exc.message)
    except Exception as exc:  # an engine bug must cost its criteria, not the whole scorecard
        return TextScan(source, error=f"the claim scanner failed: {type(exc).__name__}: {exc}")


def scan_file(path: Path, kb: KnowledgeBase, source: str) -> TextScan:
    """Scan one file (text, HTML, PDF); a missing or unreadable file is an error, not a crash."""
    if not path.is_file():
        return TextScan(source, error=f"{path}: file not found")
    try:
        return TextScan(source, _scan_path(path, kb))
    except RegencheckError as exc:
        return TextScan(source, error=exc.message)
    except Exception as exc:  # an engine bug must cost its criteria, not the whole scorecard
        return TextScan(source, error=f"the claim scanner failed: {type(exc).__name__}: {exc}")
