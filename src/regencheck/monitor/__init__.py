"""Credential monitoring: what expires or goes stale, registry changes, verifications to redo."""

from .core import (
    CredentialDue,
    CredentialRecord,
    RegistryChange,
    RegistryEntry,
    Reverification,
    VerificationRecord,
    credentials_due,
    diff_snapshots,
    needs_reverification,
)

__all__ = [
    "CredentialDue",
    "CredentialRecord",
    "RegistryChange",
    "RegistryEntry",
    "Reverification",
    "VerificationRecord",
    "credentials_due",
    "diff_snapshots",
    "needs_reverification",
]
