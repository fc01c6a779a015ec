"""Scan and classify pages: paste or upload, see the findings highlighted inline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..classify import classify
from ..errors import InputError
from ..reports.i18n import N_
from ..store import audit, scans
from ..store.blobs import clean_filename
from .api_analysis import SCANNABLE_SUFFIXES, UnsupportedFile, check_scan_length, scan_upload
from .api_common import read_upload
from .deps import Analyst, CsrfChecked, StateDep
from .errors import TextTooLong
from .highlight import hover_text, segments
from .pages_common import render
from .state import ServiceState

router = APIRouter(include_in_schema=False)


# A long text can have thousands of findings; the page stays a few hundred KB by highlighting
# and detailing the first ones and listing the next ones compactly in a fold (no JS needed).
# The API and CLI give every finding.
HIGHLIGHTED = 300
DETAILED = 100
FOLDED = 1000


def scan_context(result: dict[str, Any], text: str) -> dict[str, Any]:
    """What the scan template shows: the text cut into highlighted segments and the findings."""
    findings = list(result.get("findings") or [])
    return {
        "result": result,
        "segments": segments(text, findings[:HIGHLIGHTED]),
        "hover": hover_text,
        "findings": findings,
        "detailed": findings[:DETAILED],
        "folded": findings[DETAILED : DETAILED + FOLDED],
        "not_shown": max(0, len(findings) - DETAILED - FOLDED),
        "highlighted": min(len(findings), HIGHLIGHTED),
        "suppressed": list(result.get("suppressed") or []),
    }


def _form(request: Request, state: ServiceState, status_code: int = 200, **context: Any) -> Response:
    shared = {"text": "", "max_chars": state.settings.max_scan_chars}
    return render(request, "scan.html", shared | context, status_code=status_code)


@router.get("/scan")
def scan_form(request: Request, _user: Analyst, state: StateDep) -> Response:
    return _form(request, state)


@router.post("/scan", dependencies=[CsrfChecked])
async def scan_submit(
    request: Request,
    _user: Analyst,
    state: StateDep,
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    # Scanning and rendering thousands of findings are CPU work: run them in the thread pool so
    # that one long text does not hold up every other request on the event loop.
    try:
        if file is not None and file.filename:
            data = await read_upload(file, state.settings.max_upload_bytes)
            return await run_in_threadpool(
                _scan_file_page, request, state, clean_filename(file.filename), data
            )
        return await run_in_threadpool(_scan_text_page, request, state, text.replace("\x00", ""))
    except TextTooLong as exc:
        return _form(request, state, error=exc.message, status_code=413)


def _scan_file_page(request: Request, state: ServiceState, name: str, data: bytes) -> Response:
    if Path(name).suffix.lower() not in SCANNABLE_SUFFIXES:
        raise UnsupportedFile(f"{name}: cannot scan this type of file; use {', '.join(SCANNABLE_SUFFIXES)}")
    result = scan_upload(state, name, data)
    shown = str(result.get("text_extracted") or data.decode("utf-8", errors="replace"))
    return _form(request, state, source=name, **scan_context(result, shown))


def _scan_text_page(request: Request, state: ServiceState, text: str) -> Response:
    if not text.strip():
        raise InputError(N_("paste a text or choose a file to scan"))
    check_scan_length(text, state.settings.max_scan_chars)
    result = scans.scan(text, state.kb, source="pasted text")
    return _form(request, state, text=text, source="pasted text", **scan_context(result, text))


@router.get("/classify")
def classify_form(request: Request, _user: Analyst) -> Response:
    return render(request, "classify.html", {"text": ""})


@router.post("/classify", dependencies=[CsrfChecked])
def classify_submit(
    request: Request, _user: Analyst, state: StateDep, text: Annotated[str, Form(max_length=20_000)] = ""
) -> Response:
    text = text.replace("\x00", "").strip()
    if not text:
        raise InputError(N_("describe the therapy to classify"))
    result = audit.jsonable(classify(text, state.kb).to_dict())
    return render(request, "classify.html", {"text": text, "result": result})
