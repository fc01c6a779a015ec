"""Monitoring rules: what is due, what changed in the registry, which verifications to redo."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from regencheck.monitor import (
    CredentialRecord,
    RegistryEntry,
    VerificationRecord,
    credentials_due,
    diff_snapshots,
    needs_reverification,
)
from regencheck.text.names import name_key

TODAY = date(2026, 12, 6)


def _cred(
    i: int, *, until: date | None = None, checked: date | None = date(2026, 10, 2), claimed: bool = False
) -> CredentialRecord:
    return CredentialRecord(i, 1, "Lumen Plastic Surgery Clinic", "kahf", f"K-{i}", until, checked, claimed)


def test_expired_expiring_stale_and_unchecked_credentials_are_due_soonest_first() -> None:
    due = credentials_due(
        [
            _cred(1, until=date(2027, 1, 31)),  # expires within 60 days
            _cred(2, until=date(2026, 11, 30)),  # expired
            _cred(3, checked=date(2025, 11, 1)),  # check went stale on 2026-11-01
            _cred(4, checked=date(2026, 1, 20)),  # goes stale on 2027-01-20
            _cred(5, claimed=True),
            _cred(6, until=date(2028, 1, 1)),  # nothing due
        ],
        TODAY,
        within_days=60,
        max_check_age_months=12,
    )
    assert [(d.credential_id, d.reason, d.on) for d in due] == [
        (3, "stale", date(2026, 11, 1)),
        (2, "expired", date(2026, 11, 30)),
        (4, "goes_stale", date(2027, 1, 20)),
        (1, "expires", date(2027, 1, 31)),
        (5, "unchecked", None),
    ]
    assert due[0].text.endswith("went stale on 2026-11-01")


OLD = [
    RegistryEntry("regenerative_medicine_institution", "Daehan Regenerative Hospital", "ARM-2021-014", None),
    RegistryEntry(
        "foreign_patient_registration",
        "Lumen Plastic Surgery Clinic",
        "A-2024-03-15-01234",
        date(2027, 3, 14),
    ),
    RegistryEntry("kahf", "Lumen Plastic Surgery Clinic", "KAHF-2024-09", date(2028, 11, 30)),
]


def test_a_withdrawn_designation_and_a_lapsed_registration_are_named_but_an_unlisted_kind_is_not_withdrawn() -> (
    None
):
    new = [
        RegistryEntry(
            "foreign_patient_registration",
            "Lumen Plastic Surgery Clinic",
            "A-2024-03-15-01234",
            date(2026, 11, 1),
        ),
        RegistryEntry("kahf", "Lumen Plastic Surgery Clinic", "KAHF-2024-09", date(2028, 11, 30)),
        RegistryEntry("kahf", "Aurora Skin Clinic", "KAHF-2026-01", None),
    ]
    changes = diff_snapshots(OLD, new, TODAY)
    assert [(c.kind, c.entry.name) for c in changes] == [
        ("added", "Aurora Skin Clinic"),
        ("lapsed", "Lumen Plastic Surgery Clinic"),
    ], "the designation list is not in the new snapshot at all, so Daehan is not 'withdrawn'"
    withdrawn = diff_snapshots(
        OLD, [*new, RegistryEntry("regenerative_medicine_institution", "X Hospital", "ARM-9", None)], TODAY
    )
    assert ("withdrawn", "Daehan Regenerative Hospital") in [(c.kind, c.entry.name) for c in withdrawn]


def test_a_verification_made_before_the_change_needs_redoing_with_the_reason() -> None:
    new = [OLD[0], RegistryEntry(OLD[1].kind, OLD[1].name, OLD[1].number, date(2026, 11, 1)), OLD[2]]
    changes = diff_snapshots(OLD, new, TODAY)
    lumen = VerificationRecord(
        7,
        1,
        "Lumen Plastic Surgery Clinic",
        "verified",
        date(2026, 10, 10),
        1,
        frozenset({name_key("A-2024-03-15-01234")}),
    )
    current = VerificationRecord(8, 2, "Lumen Plastic Surgery Clinic", "verified", date(2026, 12, 1), 2)
    expired = credentials_due([_cred(9, until=date(2026, 11, 30))], TODAY, 0, 12)
    redo = needs_reverification([lumen, current], changes, 2, expired, TODAY)
    assert [r.verification.id for r in redo] == [7]
    assert redo[0].reasons[0].startswith("registry: foreign_patient_registration A-2024-03-15-01234")
    assert any("expired on 2026-11-30" in r for r in redo[0].reasons)


entries = st.builds(
    RegistryEntry,
    st.sampled_from(["kahf", "koiha", "foreign_patient_registration"]),
    st.sampled_from(["Lumen Clinic", "Aurora Skin", "Hanul Hospital"]),
    st.text(alphabet="AB-0123", min_size=1, max_size=6),
    st.one_of(st.none(), st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 1, 1))),
)


@given(st.lists(entries, max_size=12))
def test_a_snapshot_compared_with_itself_has_no_changes(rows: list[RegistryEntry]) -> None:
    assert diff_snapshots(rows, rows, TODAY) == []
