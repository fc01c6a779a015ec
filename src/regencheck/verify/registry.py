"""Registry snapshots: dated public lists against which a clinic's claimed credentials are confirmed.

A snapshot is a CSV with the columns `kind,name,address,number,valid_from,valid_until,source,
retrieved_on` (one row per designation, registration or licence, as copied from the MOHW list,
the foreign-patient registry or the MFDS cell-processing licences). Each row keeps where it came
from and when it was retrieved, so a confirmation can cite its date. A snapshot only speaks for
the kinds it lists: a KAHF claim is not "missing" from a snapshot of designated institutions.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from ..errors import FieldProblem, ValidationFailed
from ..inputs import decode_text, read_bytes
from ..text.names import name_key

COLUMNS = ("kind", "name", "address", "number", "valid_from", "valid_until", "source", "retrieved_on")
REGISTRY_KINDS = frozenset(
    {
        "regenerative_medicine_institution",
        "foreign_patient_registration",
        "kahf",
        "koiha",
        "cell_processing_licence",
        "ad_prereview",
        "malpractice_insurance",
        "medical_institution",
        "medical_licence",
        "board_certification",
    }
)
MAX_BYTES = 50_000_000

# Person names are written in too many orders ("Dr. Seo Min-jun", "Min-jun Seo") to compare;
# for institutions a number that belongs to another holder is a finding.
HOLDER_CHECKED = REGISTRY_KINDS - {"medical_licence", "board_certification"}

LookupStatus = Literal["confirmed", "expired", "not_yet_valid", "not_found", "other_holder"]


@dataclass(frozen=True)
class RegistryEntry:
    """One row of a snapshot, with the file and line it came from."""

    kind: str
    name: str
    address: str
    number: str
    valid_from: date | None
    valid_until: date | None
    source: str
    retrieved_on: date
    file: str
    line: int

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True)
class RegistryLookup:
    """The outcome of confirming one credential: status, the row that decided it, and why."""

    status: LookupStatus
    kind: str
    entry: RegistryEntry | None
    detail: str


def same_holder(a: str, b: str) -> bool:
    """True when two institution names are the same up to spacing and an added word or branch
    ("Lumen Plastic Surgery" and "Lumen Plastic Surgery Clinic")."""
    x, y = name_key(a), name_key(b)
    return bool(x and y) and (x == y or x in y or y in x)


@dataclass
class RegistrySnapshot:
    """Rows of one or more snapshot files, indexed by kind, number and name."""

    entries: list[RegistryEntry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_number: dict[tuple[str, str], list[RegistryEntry]] = {}
        self._by_name: dict[tuple[str, str], list[RegistryEntry]] = {}
        for entry in self.entries:
            self._index(entry)

    def _index(self, entry: RegistryEntry) -> None:
        if entry.number:
            self._by_number.setdefault((entry.kind, name_key(entry.number)), []).append(entry)
        if entry.name:
            self._by_name.setdefault((entry.kind, name_key(entry.name)), []).append(entry)

    def merged(self, other: RegistrySnapshot) -> RegistrySnapshot:
        return RegistrySnapshot(self.entries + other.entries, self.files + other.files)

    def covers(self, kind: str) -> bool:
        """True when the snapshot lists this kind at all, so absence from it means something."""
        return any(e.kind == kind for e in self.entries)

    def retrieved_on(self, kind: str) -> date | None:
        """The latest retrieval date of the rows of this kind."""
        dates = [e.retrieved_on for e in self.entries if e.kind == kind]
        return max(dates) if dates else None

    def lookup(
        self, kind: str, *, on: date, number: str | None = None, name: str | None = None
    ) -> RegistryLookup:
        """Confirm a credential by number (preferred) or name, valid on `on`.

        Several rows can match (renewals); a row valid on the day wins, else the latest one
        explains why the credential is expired or not yet valid.
        """
        candidates: list[RegistryEntry] = []
        if number:
            candidates = self._by_number.get((kind, name_key(number)), [])
        if not candidates and name:
            candidates = self._by_name.get((kind, name_key(name)), [])
        what = f"number {number}" if number else f"name '{name}'"
        if candidates and number and name and kind in HOLDER_CHECKED:
            own = [e for e in candidates if not e.name or same_holder(e.name, name)]
            if not own:
                other = candidates[0]
                return RegistryLookup(
                    "other_holder",
                    kind,
                    other,
                    f"{kind} {number} belongs to '{other.name}', not '{name}' ({other.source}, "
                    f"retrieved {other.retrieved_on.isoformat()})",
                )
            candidates = own
        if not candidates:
            retrieved = self.retrieved_on(kind)
            when = f" retrieved {retrieved.isoformat()}" if retrieved else ""
            return RegistryLookup("not_found", kind, None, f"{kind} with {what} is not in the snapshot{when}")
        valid = [e for e in candidates if e.valid_on(on)]
        if valid:
            best = max(valid, key=lambda e: (e.retrieved_on, e.valid_until or date.max))
            until = best.valid_until.isoformat() if best.valid_until else "no end date"
            return RegistryLookup(
                "confirmed",
                kind,
                best,
                f"{kind} {best.number or best.name} listed (valid until {until}; {best.source}, "
                f"retrieved {best.retrieved_on.isoformat()})",
            )
        latest = max(candidates, key=lambda e: (e.valid_until or date.max, e.retrieved_on))
        if latest.valid_from is not None and on < latest.valid_from:
            return RegistryLookup(
                "not_yet_valid",
                kind,
                latest,
                f"{kind} {latest.number or latest.name} valid only from {latest.valid_from.isoformat()}",
            )
        assert latest.valid_until is not None
        return RegistryLookup(
            "expired",
            kind,
            latest,
            f"{kind} {latest.number or latest.name} expired on {latest.valid_until.isoformat()} "
            f"({latest.source}, retrieved {latest.retrieved_on.isoformat()})",
        )


class _Problems:
    """Every bad cell of a registry CSV, so a user fixes the file in one pass, not one error a run."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[tuple[int, str | None, str]] = []  # (line, column, message)

    def add(self, line: int, column: str | None, message: str) -> None:
        self.items.append((line, column, message))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        line, _column, first = self.items[0]
        more = f" (and {len(self.items) - 1} more problem(s))" if len(self.items) > 1 else ""
        raise ValidationFailed(
            f"{self.file}: line {line}: {first}{more}",
            problems=[
                FieldProblem(f"line {ln}.{col}" if col else f"line {ln}", msg, self.file)
                for ln, col, msg in self.items[:100]
            ],
        )


def _parse_date(value: str, column: str, line: int, problems: _Problems) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.add(line, column, f"column '{column}' is not a date: {value!r} (expected YYYY-MM-DD)")
        return None


def parse_registry(
    text: str,
    file: str = "<registry>",
    *,
    default_source: str | None = None,
    default_retrieved_on: date | None = None,
    require_name: bool = False,
) -> RegistrySnapshot:
    """Parse snapshot CSV text: the one parser of the registry format, used by the CLI and the store.

    Every problem (missing columns, unknown kinds, rows without name and number, bad or missing
    dates, rows without provenance) is collected with its line and column and reported at once.
    `default_source` / `default_retrieved_on` give provenance to rows that do not name their own,
    e.g. when a team imports an export under one stated source and retrieval date.
    `require_name` refuses rows known only by number (the team store lists rows by name).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationFailed(f"{file}: the registry CSV is empty") from None
    except csv.Error as exc:
        raise ValidationFailed(f"{file}: line 1: not valid CSV ({exc})") from None
    header = [h.strip().lower() for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValidationFailed(
            f"{file}: line 1: missing column(s) {', '.join(missing)}; expected the header {','.join(COLUMNS)}",
            problems=[FieldProblem("header", f"missing column '{c}'", file) for c in missing],
        )
    idx = {c: header.index(c) for c in COLUMNS}
    problems = _Problems(file)
    entries: list[RegistryEntry] = []
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                problems.add(line, None, f"{len(row)} values, expected {len(header)} ({','.join(header)})")
                continue
            cells = {c: row[i].strip() for c, i in idx.items()}
            if require_name and not cells["name"]:
                problems.add(line, "name", "column 'name' is empty")
            entry = _parse_row(cells, file, line, problems, default_source, default_retrieved_on)
            if entry is not None:
                entries.append(entry)
    except csv.Error as exc:
        problems.add(line, None, f"not valid CSV ({exc})")
    problems.raise_if_any()
    return RegistrySnapshot(entries, [file])


def _parse_row(
    cell: dict[str, str],
    file: str,
    line: int,
    problems: _Problems,
    default_source: str | None,
    default_retrieved_on: date | None,
) -> RegistryEntry | None:
    before = len(problems.items)
    if cell["kind"] not in REGISTRY_KINDS:
        problems.add(
            line,
            "kind",
            f"unknown kind {cell['kind']!r}; expected one of {', '.join(sorted(REGISTRY_KINDS))}",
        )
    if not cell["name"] and not cell["number"]:
        problems.add(line, "name", "a row needs a name or a number")
    source = cell["source"] or (default_source or "")
    if not source:
        problems.add(line, "source", "column 'source' is empty; say where the row came from")
    valid_from = _parse_date(cell["valid_from"], "valid_from", line, problems)
    valid_until = _parse_date(cell["valid_until"], "valid_until", line, problems)
    retrieved = _parse_date(cell["retrieved_on"], "retrieved_on", line, problems) or (
        default_retrieved_on if not cell["retrieved_on"] else None
    )
    if retrieved is None and not cell["retrieved_on"]:
        problems.add(line, "retrieved_on", "column 'retrieved_on' is empty; expected a date YYYY-MM-DD")
    if valid_from and valid_until and valid_until < valid_from:
        problems.add(line, "valid_until", f"valid_until {valid_until} is before valid_from {valid_from}")
    if len(problems.items) > before or retrieved is None:
        return None
    return RegistryEntry(
        kind=cell["kind"],
        name=cell["name"],
        address=cell["address"],
        number=cell["number"],
        valid_from=valid_from,
        valid_until=valid_until,
        source=source,
        retrieved_on=retrieved,
        file=file,
        line=line,
    )


def load_registry(path: Path | str) -> RegistrySnapshot:
    """Read a registry snapshot CSV given by the user (see `parse_registry` for what is checked)."""
    path = Path(path)
    return parse_registry(decode_text(read_bytes(path, MAX_BYTES), path), str(path))


def load_registries(paths: list[Path]) -> RegistrySnapshot | None:
    """Several snapshots merged into one (e.g. the `--knowledge` overlay's CSV files); None if none."""
    snapshot: RegistrySnapshot | None = None
    for path in paths:
        loaded = load_registry(path)
        snapshot = loaded if snapshot is None else snapshot.merged(loaded)
    return snapshot
