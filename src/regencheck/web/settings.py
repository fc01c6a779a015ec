"""Service settings: one table of (name, environment variable, default, help), validated so that
unsafe values are refused rather than silently used.

The secret that signs session cookies is never a constant: it comes from
`REGENCHECK_SECRET_KEY` or is generated once and kept (mode 0600) in the data directory.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import InputError, pydantic_problems
from ..store.db import database_url, default_data_dir, normalise_url
from .client_address import Network, parse_networks

WEAK_SECRETS = frozenset({"secret", "changeme", "change-me", "password", "development", "dev", "test"})

# (name, environment variable, help) — the defaults live on the model below.
SETTINGS_TABLE: list[tuple[str, str, str]] = [
    ("data_dir", "REGENCHECK_DATA_DIR", "Folder for the SQLite database, evidence files and the secret key."),
    (
        "database_url",
        "REGENCHECK_DATABASE_URL",
        "SQLAlchemy URL; PostgreSQL for teams (default: SQLite in data_dir).",
    ),
    ("secret_key", "REGENCHECK_SECRET_KEY", "Signs session cookies; generated into data_dir when not set."),
    ("session_max_age", "REGENCHECK_SESSION_MAX_AGE", "Seconds a login stays valid."),
    (
        "max_upload_bytes",
        "REGENCHECK_MAX_UPLOAD_BYTES",
        "Largest accepted upload (evidence, registry, pages).",
    ),
    (
        "max_scan_chars",
        "REGENCHECK_MAX_SCAN_CHARS",
        "Longest text accepted for a scan, pasted or posted (characters).",
    ),
    (
        "login_max_failures",
        "REGENCHECK_LOGIN_MAX_FAILURES",
        "Failed logins allowed per user and address per window.",
    ),
    ("login_window", "REGENCHECK_LOGIN_WINDOW", "Seconds over which failed logins are counted."),
    (
        "cookie_secure",
        "REGENCHECK_COOKIE_SECURE",
        "Send the session cookie over HTTPS only (set behind TLS).",
    ),
    (
        "expiring_within_days",
        "REGENCHECK_EXPIRING_WITHIN_DAYS",
        "Dashboard lists credentials expiring this soon.",
    ),
    ("auto_migrate", "REGENCHECK_AUTO_MIGRATE", "Upgrade the schema at start-up (default on for SQLite)."),
    ("check_max_chars", "REGENCHECK_CHECK_MAX_CHARS", "Longest text the public offer check accepts."),
    (
        "check_per_minute",
        "REGENCHECK_CHECK_PER_MINUTE",
        "Public offer checks allowed per address per minute.",
    ),
    (
        "check_share_days",
        "REGENCHECK_CHECK_SHARE_DAYS",
        "Days a shared offer check stays readable by its link (stored only when a patient asks).",
    ),
    (
        "trusted_proxies",
        "REGENCHECK_TRUSTED_PROXIES",
        "Proxy addresses or CIDR blocks whose X-Forwarded-For is believed (default: none).",
    ),
]


class ServiceSettings(BaseModel):
    """Everything the web app needs to know about where it runs and how strict to be."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path
    database_url: str
    secret_key: str = Field(repr=False)
    session_max_age: int = Field(default=8 * 3600, ge=60, le=30 * 24 * 3600)
    max_upload_bytes: int = Field(default=10_000_000, ge=1024, le=1_000_000_000)
    max_scan_chars: int = Field(default=200_000, ge=1000, le=2_000_000)
    login_max_failures: int = Field(default=5, ge=1, le=1000)
    login_window: int = Field(default=300, ge=1, le=86_400)
    cookie_secure: bool = False
    expiring_within_days: int = Field(default=60, ge=1, le=3650)
    auto_migrate: bool | None = None
    check_max_chars: int = Field(default=50_000, ge=1000, le=2_000_000)
    check_per_minute: int = Field(default=10, ge=1, le=10_000)
    check_share_days: int = Field(default=30, ge=1, le=365)
    trusted_proxies: str = Field(default="", max_length=2000)

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, value: str) -> str:
        if len(value) < 32 or value.lower() in WEAK_SECRETS or len(set(value)) < 10:
            raise ValueError("the secret key must be at least 32 random characters")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: str) -> str:
        parse_networks(value)
        return value

    @property
    def proxy_networks(self) -> tuple[Network, ...]:
        return parse_networks(self.trusted_proxies)

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        value = normalise_url(value)
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("only sqlite:/// and postgresql:// URLs are supported")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def should_migrate(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @classmethod
    def load(cls, data_dir: Path | None = None, **overrides: Any) -> ServiceSettings:
        """Settings from the environment (and explicit overrides), with a stored secret key."""
        folder = data_dir or default_data_dir()
        values: dict[str, Any] = {"data_dir": folder}
        for name, env, _help in SETTINGS_TABLE:
            if name != "data_dir" and env in os.environ:
                values[name] = os.environ[env]
        values.setdefault("database_url", database_url(folder))
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "secret_key" not in values:
            values["secret_key"] = stored_secret(folder)
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            raise InputError(
                "the service settings are invalid", problems=pydantic_problems(exc, "settings")
            ) from None


def stored_secret(folder: Path) -> str:
    """The secret key kept in the data directory, created (readable by the owner only) on first use."""
    path = folder / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key + "\n")
    return key
