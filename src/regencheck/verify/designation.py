"""Designation-tier claims: which tier a clinic claims (as a credential or in its marketing) and
whether the registry can show it.

Seed 002 tells patients to expect a designated facility to "name the designation tier
(Institution or Center)", but the Act has a single designation and the MOHW list carries no
tier, so a "Center" claim is a title the registry cannot show (domain.md section 1). Finding
the claims is pure: the marketing texts are handed in, already read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..text.phrases import find_cue
from ..text.sentences import sentence_texts
from .dossier import Credential, Dossier
from .registry import RegistrySnapshot
from .schema import DesignationTier, DesignationTiersFile


@dataclass(frozen=True)
class TierClaim:
    """One claim of a designation tier: from a dossier credential or a marketing sentence."""

    tier: DesignationTier
    origin: str
    text: str
    credential: Credential | None = None

    def describe(self) -> str:
        return f"'{self.tier.label}' claimed in {self.origin} ('{self.text}')"

    def to_dict(self) -> dict[str, object]:
        return {
            "tier": self.tier.id,
            "label": self.tier.label,
            "in_law": self.tier.in_law,
            "origin": self.origin,
            "text": self.text,
            "source": list(self.tier.source),
        }


def _cues(tier: DesignationTier) -> tuple[str, ...]:
    return (*tier.cues_en, *tier.cues_ko)


def _explains_tiers(sentence: str, tiers: DesignationTiersFile) -> bool:
    """A question, or a sentence naming several tiers ("Institution or Center"), explains the
    system rather than claiming a tier."""
    if sentence.rstrip().endswith(("?", "？")):
        return True
    return sum(1 for t in tiers.tiers if find_cue(sentence, _cues(t))) > 1


def tier_claims(
    dossier: Dossier, marketing_texts: Iterable[tuple[str, str]], tiers: DesignationTiersFile
) -> list[TierClaim]:
    """Every designation-tier claim in the dossier's credentials and marketing texts
    (`marketing_texts` are (source, text) pairs); one marketing claim per tier and text."""
    out: list[TierClaim] = []
    clinic = dossier.clinic
    for i, cred in enumerate((clinic.credentials or []) if clinic else []):
        tier = tiers.for_credential(cred.kind)
        if tier is not None:
            out.append(TierClaim(tier, f"clinic.credentials[{i}]", cred.number or cred.kind, cred))
    for source, text in marketing_texts:
        seen: set[str] = set()
        for sentence in sentence_texts(text):
            if _explains_tiers(sentence, tiers):
                continue
            for tier in tiers.tiers:
                cue = find_cue(sentence, _cues(tier))
                if cue and tier.id not in seen:
                    seen.add(tier.id)
                    out.append(TierClaim(tier, source, sentence.strip()[:200]))
    return out


@dataclass(frozen=True)
class TierCheck:
    """How one tier claim fares: `fail` (the registry contradicts it or can never show it),
    `unknown` (nothing to check it against) or `pass` (a tier in law, confirmed)."""

    claim: TierClaim
    status: str
    detail: str


def check_tier_claim(
    claim: TierClaim, registry: RegistrySnapshot | None, on: date, name: str | None, number: str | None
) -> TierCheck:
    """Check a tier claim against the registry of the designation the law has.

    A tier not in law fails whenever a registry of designations was given: either the clinic is
    not designated at all, or it is and the registry still cannot show the claimed tier.
    """
    tier = claim.tier
    kind = tier.registry_kind
    if registry is None or not registry.covers(kind):
        why = "no registry snapshot of designated institutions was given"
        if tier.in_law:
            return TierCheck(claim, "unknown", f"{claim.describe()}: {why}")
        return TierCheck(
            claim,
            "unknown",
            f"{claim.describe()}: the Act has no such tier ({tier.law_equivalent}); {why}, "
            "so not even the designation itself is confirmed",
        )
    found = registry.lookup(kind, on=on, number=number, name=name)
    if found.status != "confirmed":
        extra = "" if tier.in_law else f"; the Act has no such tier in any case ({tier.law_equivalent})"
        return TierCheck(claim, "fail", f"{claim.describe()}, but {found.detail}{extra}")
    if tier.in_law:
        return TierCheck(claim, "pass", f"{claim.describe()}: {found.detail}")
    return TierCheck(
        claim,
        "fail",
        f"{claim.describe()}: the registry confirms only the designation ({found.detail}) and cannot "
        f"show the claimed '{tier.label}' tier, which the law does not create: {tier.law_equivalent}",
    )
