"""How an audit entry is shown to one reader: its content only where the reader may read the
record it describes, and a field-by-field diff instead of two raw documents.

Every reader with `read_audit` learns that an entry exists (who, when, what action, which
record), so the trail stays complete; the before/after content follows the record's own rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import records
from .models import AuditEntry
from .roles import RECORD_READ_PERMISSION, Permission, may_read_record

# Bookkeeping columns every update changes; a diff that listed them would hide the real change.
_NOISE = frozenset({"version", "updated_at"})


@dataclass(frozen=True)
class FieldChange:
    """One field as it was and as it became (None where it did not exist on that side)."""

    field: str
    before: Any
    after: Any


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    """The fields that differ between two record documents, in a stable order.

    A create lists every field with `before` None; a delete every field with `after` None.
    """
    old, new = before or {}, after or {}
    changes = []
    for key in sorted(old.keys() | new.keys()):
        if key in _NOISE and old and new:
            continue
        if old.get(key) != new.get(key) or (key in new) != (key in old):
            changes.append(FieldChange(key, old.get(key), new.get(key)))
    return changes


def withheld_reason(role: str, entity: str) -> str | None:
    """Why `role` may not see the content of entries about `entity`, or None when it may."""
    if may_read_record(role, entity):
        return None
    needed = RECORD_READ_PERMISSION.get(entity, Permission.read)
    return f"content withheld: reading {entity} records needs the {needed.value} permission"


def entry_for(entry: AuditEntry, role: str) -> dict[str, Any]:
    """The entry as `role` may see it, with its diff; content withheld per the record's rule."""
    reason = withheld_reason(role, entry.entity)
    out = records.public(entry) | {"withheld": reason is not None}
    if reason is not None:
        return out | {"before": None, "after": None, "changes": [], "withheld_reason": reason}
    changes = [
        {"field": c.field, "before": c.before, "after": c.after} for c in diff(entry.before, entry.after)
    ]
    return out | {"before": entry.before, "after": entry.after, "changes": changes}
