"""Turn the dossier builder's HTML forms into dossier data and its errors back into fields.

Inputs are named by their dossier path inside the part the form saves (`minutes`,
`written_protocol.biologic`, `lines.2.amount`): an empty input is *unknown* and left out, a
list row with nothing filled (or ticked `remove`) is dropped, and the errors the dossier model
reports (`quote.lines.0.amount`) are mapped back to the input the person typed in
(`lines.2.amount`), so the page shows each message next to its field with what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import FieldProblem, RegencheckError
from ..verify import dossier as dm

NOT_DATA = frozenset({"csrf_token", "version", "more"})


@dataclass
class FormEdit:
    """A builder form sent back to the person: which form, what they typed, and the errors by
    input name (`general` for those no input of the form matches)."""

    form: str
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    extra_rows: int = 0

    def value(self, name: str) -> str | None:
        return self.values.get(name)


class FormRejected(Exception):
    """A builder form's data was refused: the error, and how its dossier paths map to the
    form's inputs (`prefix` of the part the form saves, rows that moved up)."""

    def __init__(self, error: RegencheckError, prefix: str = "", renames: Mapping[str, str] | None = None):
        super().__init__(error.message)
        self.error = error
        self.prefix = prefix
        self.renames = dict(renames or {})


def typed_values(form: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """The text a person typed, by input name (files and the CSRF token left out)."""
    return {k: v for k, v in form if isinstance(v, str) and k not in ("csrf_token",)}


def _drop_empty_rows(node: Any, path: str, renames: dict[str, str]) -> Any:
    if not isinstance(node, dict):
        return node
    keys = list(node)
    if keys and all(k.isdigit() for k in keys):
        rows: list[Any] = []
        for key in sorted(keys, key=int):
            row = _drop_empty_rows(node[key], f"{path}.{key}" if path else key, renames)
            if isinstance(row, dict) and (not row or row.pop("remove", None) is not None):
                continue
            new = f"{path}.{len(rows)}" if path else str(len(rows))
            renames[new] = f"{path}.{key}" if path else key
            rows.append(row)
        return rows
    out = {}
    for key, value in node.items():
        child = _drop_empty_rows(value, f"{path}.{key}" if path else key, renames)
        if child != {}:
            out[key] = child
    return out


def nested(
    values: Mapping[str, str], *, comma_lists: tuple[str, ...] = ()
) -> tuple[dict[str, Any], dict[str, str]]:
    """Dotted input names → nested data. Returns the data and, for list rows that moved up when
    empty rows before them were dropped, their new path → the path of the inputs they came from."""
    tree: dict[str, Any] = {}
    for name, raw in values.items():
        if name in NOT_DATA or not raw.strip():
            continue
        value: Any = raw.strip()
        if name in comma_lists:
            value = [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
        node = tree
        parts = name.split(".")
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node[parts[-1]] = value
    renames: dict[str, str] = {}
    data = _drop_empty_rows(tree, "", renames)
    return data, {new: old for new, old in renames.items() if new != old}


def field_errors(
    problems: Iterable[FieldProblem],
    *,
    prefix: str,
    renames: Mapping[str, str],
    inputs: Iterable[str],
) -> tuple[dict[str, str], list[str]]:
    """Each problem placed at the input it is about: its dossier path minus `prefix`, rows
    renamed back; messages always start with the full dossier path, so they name the field."""
    names = set(inputs)
    errors: dict[str, str] = {}
    general: list[str] = []
    for problem in problems:
        path = problem.location
        inside = bool(prefix) and path.startswith(prefix)
        local = path[len(prefix) :] if inside else path
        for new in sorted(renames, key=len, reverse=True):
            if local == new or local.startswith(new + "."):
                local = renames[new] + local[len(new) :]
                break
        shown = f"{prefix}{local}" if inside else path
        message = f"{shown}: {problem.message}" if shown else problem.message
        target = next((n for n in (local, f"{local}.text") if n in names), None)
        if target is not None and target not in errors:
            errors[target] = message
        else:
            general.append(message)
    return errors, general


# The dossier fields each step of the checklist reads; "a|b" is known when either is.
STEP_FIELDS: dict[int, tuple[str, ...]] = {
    1: (
        "specialist.name",
        "specialist.licence_number",
        "specialist.specialty",
        "specialist.board_certified",
        "specialist.subspecialty",
        "specialist.years_in_subspecialty",
        "specialist.cumulative_cases",
        "specialist.disciplinary_actions",
        "specialist.evidence",
    ),
    2: (
        "clinic.address",
        "clinic.institution_type",
        "clinic.licence_number",
        "clinic.evidence",
        "clinic.credentials",
        "clinic.lab",
    ),
    3: (
        "offering.marketing_name",
        "offering.therapy|offering.description",
        "offering.indication",
        "offering.role",
        "offering.base_procedure",
        "marketing",
    ),
    4: (
        "consultation.physician_led",
        "consultation.minutes",
        "consultation.written_protocol.biologic",
        "consultation.written_protocol.source",
        "consultation.written_protocol.manipulation",
        "consultation.written_protocol.risk_class",
        "consultation.written_protocol.designation_status",
        "consultation.consent",
        "clinic.price_tier",
        "quote.currency",
        "quote.lines",
    ),
    5: (
        "aftercare.follow_up_days",
        "aftercare.baseline_photos",
        "aftercare.adverse_event_languages",
        "aftercare.escalation_to_senior_physician",
        "aftercare.remote_follow_up",
        "aftercare.candidacy_screening.health",
        "aftercare.candidacy_screening.anaesthesia",
        "aftercare.candidacy_screening.donor_fat",
        "aftercare.candidacy_screening.goals",
        "aftercare.candidacy_screening.prior_procedures",
        "patient.home_country",
        "patient.language",
    ),
}


def _at(dossier: dm.Dossier, path: str) -> Any:
    node: Any = dossier
    for part in path.split("."):
        node = getattr(node, part, None) if node is not None else None
    return node


def unknown_fields(dossier: dm.Dossier | None) -> dict[int, list[str]]:
    """Per step, the dossier fields its criteria read that the record does not know yet."""
    out: dict[int, list[str]] = {}
    for step, paths in STEP_FIELDS.items():
        missing = []
        for spec in paths:
            options = spec.split("|")
            if dossier is None or all(_at(dossier, p) is None for p in options):
                missing.append(" or ".join(options))
        out[step] = missing
    return out
