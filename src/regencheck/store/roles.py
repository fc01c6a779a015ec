"""Who may do what: four roles, the permissions each grants, and the acting user.

admin manages users and settings and may do everything; verifier creates records and runs
verifications; coordinator reads clinics and verifications (and manages patient cases);
viewer only reads. Every route names the permission it needs, never a role list of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    admin = "admin"
    verifier = "verifier"
    coordinator = "coordinator"
    viewer = "viewer"


class Permission(StrEnum):
    read = "read"  # clinics, specialists, credentials, evidence, registry, verifications
    analyse = "analyse"  # run classify and scan without storing anything
    edit = "edit"  # create, update, delete clinics, specialists, credentials, evidence, registry
    verify = "verify"  # run and store verifications and scans
    manage_cases = "manage_cases"  # patient cases (journey)
    read_audit = "read_audit"
    manage_users = "manage_users"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.admin: frozenset(Permission),
    Role.verifier: frozenset(
        {Permission.read, Permission.analyse, Permission.edit, Permission.verify, Permission.read_audit}
    ),
    Role.coordinator: frozenset({Permission.read, Permission.analyse, Permission.manage_cases}),
    Role.viewer: frozenset({Permission.read, Permission.analyse}),
}


def allows(role: str, permission: Permission) -> bool:
    """True when `role` grants `permission`; unknown roles grant nothing."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf a change is made: named in every audit entry."""

    username: str
    role: str
    user_id: int | None = None

    def can(self, permission: Permission) -> bool:
        return allows(self.role, permission)

    @property
    def can_manage_users(self) -> bool:
        return self.can(Permission.manage_users)


SYSTEM = Actor(username="system", role=Role.admin)

# What a role needs to read a record of each table; audit entries about a record inherit it, so
# the log cannot become a side door to patient data. Tables not listed need `read`.
RECORD_READ_PERMISSION: dict[str, Permission] = {
    "journey_cases": Permission.manage_cases,
    "journey_stage_changes": Permission.manage_cases,
    "journey_notes": Permission.manage_cases,
    "journey_documents": Permission.manage_cases,
    "journey_adverse_events": Permission.manage_cases,
    "journey_escalations": Permission.manage_cases,
    "users": Permission.manage_users,
    "api_tokens": Permission.manage_users,
}


def may_read_record(role: str, entity: str) -> bool:
    """True when `role` may read records of table `entity` (and so the audit entries about them)."""
    return allows(role, RECORD_READ_PERMISSION.get(entity, Permission.read))
