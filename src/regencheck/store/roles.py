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
