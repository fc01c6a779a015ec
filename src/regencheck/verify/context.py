"""Everything a criterion may look at, computed once per verification.

The classification, the marketing scans and the quote and consent audits are shared by several
criteria, so `verify_dossier` builds them once and hands the criteria this read-only context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..claims import ClaimFinding
from ..knowledge import KnowledgeBase
from .designation import TierClaim
from .documents import ConsentAudit, ProtocolAudit
from .dossier import Dossier
from .engines import EngineOutcome, TextScan
from .evidence import EvidencePolicy
from .quote import QuoteAudit
from .registry import RegistrySnapshot
from .schema import ThresholdsFile


@dataclass(frozen=True)
class SourcedFinding:
    """A claim the scanner found, with the marketing text it is in."""

    source: str
    finding: ClaimFinding


@dataclass(frozen=True)
class MarketingScan:
    """The scans of every marketing text, and the texts themselves as (source, text) for checks
    that read them beyond the scanner's rules."""

    present: bool
    results: list[TextScan]
    texts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [f"{r.source}: {r.failure}" for r in self.results if r.failure is not None]

    @property
    def scanned(self) -> list[TextScan]:
        """The texts that were scanned (not those that could not be)."""
        return [r for r in self.results if r.failure is None]

    def findings(self, severity: str | None = None) -> list[SourcedFinding]:
        return [
            SourcedFinding(r.source, f)
            for r in self.results
            for f in r.findings
            if severity is None or f.severity == severity
        ]


@dataclass(frozen=True)
class VerifyContext:
    dossier: Dossier
    kb: KnowledgeBase
    as_of: date
    registry: RegistrySnapshot | None
    policy: EvidencePolicy
    thresholds: ThresholdsFile
    classification: EngineOutcome
    marketing: MarketingScan
    quote: QuoteAudit
    consent: ConsentAudit
    protocol: ProtocolAudit
    base_dir: Path | None
    tier_claims: list[TierClaim] = field(default_factory=list)
