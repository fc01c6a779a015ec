"""Scan and classify pages: paste or upload, see the findings highlighted inline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from ..errors import InputError
from ..store import audit, engines, scans
from ..store.blobs import clean_filename
from .api_analysis import SCANNABLE_SUFFIXES, UnsupportedFile, scan_upload
from .api_common import read_upload
from .deps import Analyst, CsrfChecked, StateDep
from .highlight import hover_text, segments
from .pages_common import render

router = APIRouter(include_in_schema=False)


def scan_context(result: dict[str, Any], text: str) -> dict[str, Any]:
    """What the scan template shows: the text cut into highlighted segments and the findings."""
    findings = list(result.get("findings") or [])
    return {
        "result": result,
        "segments": segments(text, findings),
        "hover": hover_text,
        "findings": findings,
        "suppressed": list(result.get("suppressed") or []),
    }


@router.get("/scan")
def scan_form(request: Request, _user: Analyst) -> Response:
    return render(request, "scan.html", {"text": ""})


@router.post("/scan", dependencies=[CsrfChecked])
async def scan_submit(
    request: Request,
    _user: Analyst,
    state: StateDep,
    text: Annotated[str, Form(max_length=1_000_000)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    if file is not None and file.filename:
        data = await read_upload(file, state.settings.max_upload_bytes)
        name = clean_filename(file.filename)
        if Path(name).suffix.lower() not in SCANNABLE_SUFFIXES:
            raise UnsupportedFile(
                f"{name}: cannot scan this type of file; use {', '.join(SCANNABLE_SUFFIXES)}"
            )
        result = scan_upload(state, name, data)
        shown = str(result.get("text_extracted") or data.decode("utf-8", errors="replace"))
        return render(request, "scan.html", {"text": "", "source": name} | scan_context(result, shown))
    text = text.replace("\x00", "")
    if not text.strip():
        raise InputError("paste a text or choose a file to scan")
    result = scans.scan(text, state.kb, source="pasted text")
    return render(request, "scan.html", {"text": text, "source": "pasted text"} | scan_context(result, text))


@router.get("/classify")
def classify_form(request: Request, _user: Analyst) -> Response:
    return render(request, "classify.html", {"text": ""})


@router.post("/classify", dependencies=[CsrfChecked])
def classify_submit(
    request: Request, _user: Analyst, state: StateDep, text: Annotated[str, Form(max_length=20_000)] = ""
) -> Response:
    text = text.replace("\x00", "").strip()
    if not text:
        raise InputError("describe the therapy to classify")
    result = audit.jsonable(engines.call("classify", "classify", text, state.kb).to_dict())
    return render(request, "classify.html", {"text": text, "result": result})
