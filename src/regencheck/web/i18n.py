"""The page language: which one a request reads in, remembering it, and `_()` in templates.

One choice for the whole web app (the public check page included): `?lang=` when asked, else
the remembered cookie, else the browser's `Accept-Language`, else English. Templates use
Jinja's i18n extension (`{{ _("…") }}`, `{% trans %}`) with new-style gettext; the language a
template renders in is the `lang` of its context, which `pages_common.render` sets per
request, so one shared environment serves every language at once. Messages live in the same
Babel catalogs as the reports (`reports/locale`), so a label the PDF and the page both show is
translated once.
"""

from __future__ import annotations

from typing import Any

from babel import Locale
from fastapi import Request
from fastapi.responses import Response
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from ..reports.i18n import LANGUAGES, Translator

LANGUAGE_COOKIE = "regencheck_lang"
_YEAR = 365 * 86400


def page_language(request: Request, asked: str | None = None) -> str:
    """The language asked for now, else the remembered choice, else the browser's first match."""
    for candidate in (asked, request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in LANGUAGES:
            return str(candidate)
    return negotiate(request.headers.get("accept-language", ""))


def negotiate(header: str) -> str:
    """The first of our languages an `Accept-Language` header accepts, by its q-weights."""
    weighted: list[tuple[float, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality + position * 1e-6, tag.strip().replace("_", "-")))
    wanted = [tag for _, tag in sorted(weighted)]
    best = Locale.negotiate(wanted, list(LANGUAGES), sep="-") if wanted else None
    return str(best) if best else "en"


def translator(request: Request) -> Translator:
    """The request's translator, for messages page code builds (flash, form errors, titles)."""
    cached = getattr(request.state, "translator", None)
    if isinstance(cached, Translator):
        return cached
    made = Translator(page_language(request))
    request.state.translator = made
    return made


def remember_language(request: Request, response: Response, language: str) -> Response:
    """Keep an explicit choice (`?lang=` or the check form's field) for a year; Secure with the session."""
    state = request.app.state.service
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=_YEAR,
        samesite="lax",
        httponly=True,
        secure=state.settings.cookie_secure,
    )
    return response


def language_choices() -> list[tuple[str, str]]:
    """Each language named in itself, so a reader finds their own whatever the page shows."""
    return [(code, Translator(code).locale.get_display_name(code) or code) for code in LANGUAGES]


@pass_context
def _gettext(context: Context, message: str) -> str:
    return Translator(_language_of(context)).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return Translator(_language_of(context)).ngettext(singular, plural, n)


def _language_of(context: Context) -> str:
    language: Any = context.get("lang")
    return language if language in LANGUAGES else "en"


def install(env: Environment) -> None:
    """Give `env` the i18n extension with gettext that follows each render's `lang`."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
