"""What one running service holds: settings, database, evidence files, knowledge, templates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_skeleton
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from starlette.templating import Jinja2Templates

from ..knowledge import KnowledgeBase
from ..reports.i18n import LANGUAGES, Translator
from ..store.blobs import BlobStore
from ..store.db import Database
from .security import LoginLimiter, RequestLimiter, SessionCodec
from .settings import ServiceSettings

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


@dataclass
class ServiceState:
    settings: ServiceSettings
    db: Database
    blobs: BlobStore
    kb: KnowledgeBase
    codec: SessionCodec
    limiter: LoginLimiter
    check_limiter: RequestLimiter
    templates: Jinja2Templates


def template_environment() -> Environment:
    """Jinja2 with autoescaping on for every template, so record names render as text."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = _day
    env.filters["audit_value"] = _audit_value
    env.filters["in_zone"] = in_zone
    env.filters["whole"] = _whole
    env.filters["money"] = _money
    from . import i18n

    i18n.install(env)
    return env


@pass_context
def in_zone(context: Context, value: datetime | str | None, zone: str | None) -> str:
    """A moment as the reader of a case lives it: in the case's time zone, named, never bare UTC,
    written as the page's language writes dates and times.

    Accepts a datetime or an ISO string (the journey's JSON); a naive value is taken as UTC,
    which is how the store keeps times.
    """
    if value is None or value == "":
        return "—"
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        tz = ZoneInfo(zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        tz, zone = ZoneInfo("UTC"), "UTC"
    local, language = moment.astimezone(tz), _locale(context)
    shown = (
        f"{format_skeleton('yMMMd', local, locale=language)} {format_skeleton('Hm', local, locale=language)}"
    )
    return f"{shown} ({zone or 'UTC'})"


def _locale(context: Context) -> str:
    language = context.get("lang")
    return language if language in LANGUAGES else "en"


def _audit_value(value: Any) -> str:
    """A field value as a short line of text: nested documents as compact JSON, long text cut."""
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 300 else text[:300] + "…"


@pass_context
def _day(context: Context, value: Any) -> str:
    """A day as the page's language writes it ("Nov 15, 2026", "15 Nov 2026", "2026. 11. 15.")."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return str(format_skeleton("yMMMd", value, locale=_locale(context)))
    return str(value)[:10]


@pass_context
def _money(context: Context, amount: float | None, currency: str | None) -> str:
    """An amount as the page's language writes money."""
    if amount is None:
        return "—"
    if not currency:
        return Translator(_locale(context)).number(amount)
    return Translator(_locale(context)).money(amount, currency)


def _whole(value: Any) -> Any:
    """18.0 shows as 18 (the store keeps years as a float: a dossier may say 17.5)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
