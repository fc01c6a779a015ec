"""The patient's door: a public "check my offer" page, no account, nothing stored.

A patient pastes an offer, a page's text, a quote or a consent form (or uploads the file),
chooses a language and a home country, and reads on one page what the therapy is, what the
text claims, what the quote and consent say, and what to ask. It works without JavaScript,
is rate-limited per address and size-capped, and runs the engines off the event loop.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from ..disclaimer import DISCLAIMER
from ..errors import NotFound, RegencheckError
from ..offer import KINDS, OfferCheck, OfferRequest, check_offer
from ..reports import labels as L
from ..reports.charts import quote_chart
from ..reports.i18n import LANGUAGES, N_, Translator
from ..reports.patient import quote_view
from ..reports.pdf import PdfUnavailable
from ..store.shared_checks import ShareRequest, open_shared, share_check
from .deps import CsrfChecked, StateDep
from .errors import RateLimited
from .highlight import segments
from .i18n import LANGUAGE_COOKIE, page_language, remember_language, translator
from .pages_auth import client_address
from .pages_common import render
from .state import STATIC_DIR, ServiceState

router = APIRouter(include_in_schema=False)

# Home countries offered first: where regencheck's patients come from (product.md, users).
HOME_COUNTRIES = ("SG", "ID", "US", "JP", "MY", "AU", "GB", "DE", "FR", "KR")
_DOC_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")


def _context(tr: Translator, home: str | None, share_days: int) -> dict[str, Any]:
    countries = [(code, tr.territory(code)) for code in HOME_COUNTRIES]
    return {
        "share_days": share_days,
        "lang": tr.language,
        "countries": countries,
        "home": home or "",
        "kinds": KINDS,
        "disclaimer": tr.gettext(DISCLAIMER),
    }


@router.get("/check")
def check_form(request: Request, state: StateDep) -> Response:
    return render(request, "check.html", _context(translator(request), None, state.settings.check_share_days))


def _view(check: OfferCheck, text: str, tr: Translator) -> dict[str, Any]:
    """Everything the result shows, with labels in the patient's language."""
    findings = [f.to_dict() for f in check.findings]
    korea, home = check.korea, check.home
    quote, bars = quote_view(check.quote.to_dict() if check.quote else None, tr)
    chart = (
        quote_chart(tr.gettext("Quoted price against the reference range"), bars, width=420) if bars else ""
    )
    return {
        "check": check,
        "segments": segments(text, findings),
        "findings": [
            f
            | {
                "label": L.label(L.CLAIMS, f["category"], tr),
                "severity_label": L.label(L.SEVERITY, f["severity"], tr),
                "explanation": L.engine_text(f["explanation"], tr),
            }
            for f in findings
        ],
        "category_label": L.label(L.CATEGORIES, check.classification.category, tr),
        "korea": {
            "status": korea.status,
            "label": L.label(L.RULING_STATUS, korea.status, tr),
            "facility": L.label(L.FACILITY, korea.facility_required, tr),
            "summary": L.engine_text(korea.summary, tr),
            "citations": list(korea.citations),
        },
        "home_ruling": None
        if home is None
        else {
            "name": tr.territory(check.home_jurisdiction),
            "status": home.status,
            "label": L.label(L.RULING_STATUS, home.status, tr),
            "summary": L.engine_text(home.summary, tr),
        },
        "quote": quote,
        "quote_explanation": L.engine_text(check.quote.itemization[1], tr) if check.quote else "",
        # The SVG's texts are escaped where charts.py builds it.
        "quote_chart": Markup(chart),
        "consent": _consent(check, tr),
        "questions": [L.engine_text(q, tr) for q in check.questions],
        "notes": [L.engine_text(n, tr) for n in check.notes],
    }


def _consent(check: OfferCheck, tr: Translator) -> dict[str, Any] | None:
    if check.consent is None:
        return None
    audit = check.consent.to_dict()
    audit["items"] = [item | {"title": L.engine_text(str(item["title"]), tr)} for item in audit["items"]]
    return audit


@router.post("/check", dependencies=[CsrfChecked])
async def check_submit(
    request: Request,
    state: StateDep,
    text: Annotated[str, Form(max_length=2_000_000)] = "",
    lang: Annotated[str, Form(max_length=5)] = "",
    home_country: Annotated[str, Form(max_length=2)] = "",
    kind: Annotated[str, Form(max_length=10)] = "auto",
    format: Annotated[str, Form(max_length=4)] = "html",
    share: Annotated[str, Form(max_length=1)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    tr = Translator(page_language(request, lang or None))
    request.state.translator = tr
    home = home_country.upper() if home_country.isalpha() and len(home_country) == 2 else None
    context = _context(tr, home, state.settings.check_share_days) | {"text": text, "kind": kind}
    limit = state.settings.check_max_chars
    wait = state.check_limiter.hit(client_address(request))
    if wait:
        raise RateLimited(tr.gettext("Too many checks from your address; please wait a minute."), wait)
    if file is not None and file.filename:
        extracted = await _read_upload(file, state.settings.max_upload_bytes)
        if isinstance(extracted, Error):
            return render(request, "check.html", context | {"error": tr.gettext(extracted.message)}, 422)
        text = extracted
    if len(text) > limit:
        message = tr.gettext("The text is too long to check here (limit: {limit} characters).")
        return render(request, "check.html", context | {"error": message.format(limit=tr.number(limit))}, 413)
    if not text.strip():
        message = tr.gettext("Paste the offer, page, quote or consent form to check.")
        return render(request, "check.html", context | {"error": message}, 422)
    offer = OfferRequest(text=text, home_country=home, kind=kind if kind in KINDS else "auto")  # type: ignore[arg-type]
    try:
        check = await run_in_threadpool(check_offer, offer, state.kb)
    except RegencheckError as exc:
        return render(request, "check.html", context | {"error": exc.message}, 422)
    if share == "1":
        asked = ShareRequest(text, home, offer.kind, tr.language, date.today())
        token = await run_in_threadpool(_store_share, state, asked)
        return RedirectResponse(f"/check/shared/{token}", status_code=303)
    shown = context | _view(check, text, tr) | {"text": text, "checked_at": tr.date(datetime.now(UTC).date())}
    if format == "pdf":
        try:
            return await run_in_threadpool(_pdf_response, state, shown)
        except PdfUnavailable:
            message = tr.gettext("The PDF could not be made on this server; print the page instead.")
            shown["error"] = message
    return remember_language(request, render(request, "check.html", shown), tr.language)


def _store_share(state: ServiceState, asked: ShareRequest) -> str:
    with state.db.writing() as session:
        token, _expires = share_check(session, asked, state.settings.check_share_days)
    return token


@router.get("/check/shared/{token}")
async def shared_check(request: Request, state: StateDep, token: str) -> Response:
    """A check a patient chose to share: re-run on the stored text as of the day it was checked,
    in the reader's language when they chose one, else in the language it was shared in."""

    def load() -> tuple[ShareRequest, datetime] | None:
        with state.db.reading() as session:
            return open_shared(session, token)

    found = await run_in_threadpool(load)
    if found is None:
        raise NotFound(N_("This shared check does not exist or has expired."))
    asked, expires = found
    chosen = request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    tr = Translator(page_language(request) if chosen or asked.language not in LANGUAGES else asked.language)
    request.state.translator = tr
    kind = asked.kind if asked.kind in KINDS else "auto"
    offer = OfferRequest(text=asked.text, home_country=asked.home_country, kind=kind, as_of=asked.checked_on)  # type: ignore[arg-type]
    check = await run_in_threadpool(check_offer, offer, state.kb)
    shown = _context(tr, asked.home_country, state.settings.check_share_days)
    shown |= {"text": asked.text, "kind": asked.kind}
    shown |= _view(check, asked.text, tr) | {
        "checked_at": tr.date(asked.checked_on),
        "shared": {"url": str(request.url.replace(query="")), "until": tr.date(expires.date())},
    }
    return render(request, "check.html", shown)


def _pdf_response(state: ServiceState, context: dict[str, Any]) -> Response:
    """The answer alone, with the app's stylesheet inlined (the PDF renderer fetches nothing)."""
    from ..reports.pdf import html_to_pdf

    html = state.templates.get_template("check_pdf.html").render(context | {"stylesheet": _stylesheet()})
    headers = {
        "Content-Disposition": 'attachment; filename="regencheck-offer-check.pdf"',
        "Cache-Control": "no-store",
    }
    return Response(html_to_pdf(html), media_type="application/pdf", headers=headers)


@cache
def _stylesheet() -> str:
    return (STATIC_DIR / "app.css").read_text(encoding="utf-8")


class Error:
    """A reason an upload could not be read (a message id, translated where shown)."""

    def __init__(self, message: str) -> None:
        self.message = message


async def _read_upload(file: UploadFile, max_bytes: int) -> str | Error:
    name = (file.filename or "").lower()
    if not name.endswith(_DOC_SUFFIXES):
        return Error(N_("Upload a .txt, .md, .html or .pdf file."))
    data = await file.read(max_bytes + 1)
    if len(data) > max_bytes:
        return Error(N_("The file is too large to check here."))
    from ..claims import ScanLimits
    from ..claims.extract import extract_bytes

    try:
        extracted = await run_in_threadpool(extract_bytes, data, name, ScanLimits())
    except RegencheckError:
        return Error(N_("The file could not be read; paste its text instead."))
    return extracted.text
