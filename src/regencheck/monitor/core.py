"""Continuous monitoring, as a credentials verification organisation practises it: a verification
is true on its date, and it stops being true when a credential expires, its evidence goes stale,
or the registry it was checked against changes.

Pure: callers hand in plain records (credentials, two registry snapshots' rows, the latest
verification of each clinic) and get back what is due and which verifications need redoing, each
with the reason in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from ..dates import add_months
from ..text.names import name_key
from ..verify.registry import same_holder

DueReason = Literal["expired", "expires", "stale", "goes_stale", "unchecked"]
ChangeKind = Literal["withdrawn", "lapsed", "validity_changed", "added"]


@dataclass(frozen=True)
class CredentialRecord:
    """A credential as monitoring needs it."""

    id: int
    clinic_id: int | None
    clinic_name: str
    kind: str
    number: str | None
    valid_until: date | None
    checked_on: date | None
    claimed_only: bool


@dataclass(frozen=True)
class CredentialDue:
    """One thing to do about one credential, and by when."""

    credential_id: int
    clinic_id: int | None
    clinic_name: str
    kind: str
    number: str | None
    reason: DueReason
    on: date | None

    @property
    def text(self) -> str:
        what = f"{self.kind} {self.number or '(no number)'} of {self.clinic_name}"
        when = self.on.isoformat() if self.on else ""
        return {
            "expired": f"{what} expired on {when}",
            "expires": f"{what} expires on {when}",
            "stale": f"{what}: its primary-source check went stale on {when}",
            "goes_stale": f"{what}: its primary-source check goes stale on {when}",
            "unchecked": f"{what} is claimed only, never checked against a primary source",
        }[self.reason]

    def to_dict(self) -> dict[str, Any]:
        return {
            "credential_id": self.credential_id,
            "clinic_id": self.clinic_id,
            "clinic": self.clinic_name,
            "kind": self.kind,
            "number": self.number,
            "reason": self.reason,
            "on": self.on.isoformat() if self.on else None,
            "text": self.text,
        }


def credentials_due(
    credentials: Iterable[CredentialRecord], today: date, within_days: int, max_check_age_months: int
) -> list[CredentialDue]:
    """What expires or goes stale within `within_days` (or already has), soonest first."""
    horizon = today + timedelta(days=within_days)
    out: list[CredentialDue] = []
    for c in credentials:
        base = (c.id, c.clinic_id, c.clinic_name, c.kind, c.number)
        if c.valid_until is not None and c.valid_until <= horizon:
            out.append(CredentialDue(*base, "expired" if c.valid_until < today else "expires", c.valid_until))
        if c.claimed_only or c.checked_on is None:
            out.append(CredentialDue(*base, "unchecked", None))
            continue
        stale_on = add_months(c.checked_on, max_check_age_months)
        if stale_on <= horizon:
            out.append(CredentialDue(*base, "stale" if stale_on <= today else "goes_stale", stale_on))
    return sorted(out, key=lambda d: (d.on is None, d.on or today, d.clinic_name, d.credential_id))


@dataclass(frozen=True)
class RegistryEntry:
    """One registry row: a designation, registration or licence held by a named institution."""

    kind: str
    name: str
    number: str
    valid_until: date | None


@dataclass(frozen=True)
class RegistryChange:
    """What changed for one holder's entry between two snapshots."""

    kind: ChangeKind
    entry: RegistryEntry
    before: RegistryEntry | None = None

    @property
    def text(self) -> str:
        e = self.entry
        label = f"{e.kind} {e.number or ''} of {e.name}".replace("  ", " ")
        if self.kind == "withdrawn":
            return f"{label} is no longer listed"
        if self.kind == "lapsed":
            return f"{label} lapsed on {e.valid_until.isoformat() if e.valid_until else '?'}"
        if self.kind == "validity_changed":
            old = self.before.valid_until if self.before else None
            return f"{label}: valid until changed from {old or 'open'} to {e.valid_until or 'open'}"
        return f"{label} is newly listed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.kind,
            "kind": self.entry.kind,
            "name": self.entry.name,
            "number": self.entry.number,
            "valid_until": self.entry.valid_until.isoformat() if self.entry.valid_until else None,
            "text": self.text,
        }


def _key(e: RegistryEntry) -> tuple[str, str]:
    return (e.kind, name_key(e.number) if e.number else "name:" + name_key(e.name))


def diff_snapshots(
    old: Sequence[RegistryEntry], new: Sequence[RegistryEntry], as_of: date
) -> list[RegistryChange]:
    """Entries withdrawn, lapsed by `as_of`, changed in validity, or added, from `old` to `new`.

    A snapshot speaks only for the kinds it lists: an entry of a kind the new snapshot does not
    list at all is not "withdrawn", the new list simply does not cover it.
    """
    before = {_key(e): e for e in old}
    after = {_key(e): e for e in new}
    covered = {e.kind for e in new}
    changes: list[RegistryChange] = []
    for key, e in before.items():
        if key not in after and e.kind in covered:
            changes.append(RegistryChange("withdrawn", e))
    for key, e in after.items():
        prior = before.get(key)
        if prior is None:
            changes.append(RegistryChange("added", e))
            continue
        lapsed_now = e.valid_until is not None and e.valid_until < as_of
        lapsed_then = prior.valid_until is not None and prior.valid_until < as_of
        if lapsed_now and not lapsed_then:
            changes.append(RegistryChange("lapsed", e, prior))
        elif e.valid_until != prior.valid_until:
            changes.append(RegistryChange("validity_changed", e, prior))
    return sorted(changes, key=lambda c: (c.entry.name, c.entry.kind, c.kind))


@dataclass(frozen=True)
class VerificationRecord:
    """The latest verification of one clinic, with what identifies the clinic in a registry."""

    id: int
    clinic_id: int | None
    clinic_name: str
    verdict: str
    as_of: date
    registry_snapshot_id: int | None
    numbers: frozenset[str] = frozenset()


@dataclass
class Reverification:
    """A verification that is no longer current, and every reason why."""

    verification: VerificationRecord
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        v = self.verification
        return {
            "verification_id": v.id,
            "clinic_id": v.clinic_id,
            "clinic": v.clinic_name,
            "verdict": v.verdict,
            "as_of": v.as_of.isoformat(),
            "reasons": self.reasons,
        }


def _concerns(change: RegistryChange, v: VerificationRecord) -> bool:
    number = name_key(change.entry.number) if change.entry.number else ""
    return bool(number and number in v.numbers) or same_holder(change.entry.name, v.clinic_name)


def needs_reverification(
    verifications: Iterable[VerificationRecord],
    changes: Sequence[RegistryChange],
    new_snapshot_id: int | None,
    due: Sequence[CredentialDue],
    today: date,
) -> list[Reverification]:
    """Verifications a registry change or an expired/stale credential has made out of date.

    A registry change counts against a verification made with an older snapshot (or none); a
    credential counts once it expired or went stale after the verification's date.
    """
    out: list[Reverification] = []
    for v in verifications:
        reasons: list[str] = []
        if new_snapshot_id is not None and v.registry_snapshot_id != new_snapshot_id:
            reasons += [f"registry: {c.text}" for c in changes if c.kind != "added" and _concerns(c, v)]
        for d in due:
            if d.clinic_id is None or d.clinic_id != v.clinic_id:
                continue
            if d.reason in ("expired", "stale") and d.on is not None and v.as_of <= d.on <= today:
                reasons.append(f"credential: {d.text}")
        if reasons:
            out.append(Reverification(v, reasons))
    return out
