"""Classify a therapy and scan a marketing text or file (nothing stored unless asked)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

from ..claims import scan_bytes
from ..classify import classify as classify_therapy
from ..errors import FieldProblem, InputError, PermissionDenied, RegencheckError
from ..store import audit, scans
from ..store.blobs import clean_filename
from ..store.schemas import MAX_ID, check_document
from .api_common import read_upload
from .api_models import ClassificationOut, ScanOut
from .deps import Analyst, StateDep
from .errors import TextTooLong

router = APIRouter(prefix="/api", tags=["analysis"])

SCANNABLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")


class ClassifyRequest(BaseModel):
    """Either therapy attributes (the keys of the product spec) or a free-text description."""

    model_config = ConfigDict(extra="forbid")
    therapy: dict[str, Any] | None = None
    text: str | None = Field(default=None, max_length=20_000)

    @model_validator(mode="after")
    def _one_of(self) -> ClassifyRequest:
        if (self.therapy is None) == (self.text is None):
            raise ValueError("send exactly one of 'therapy' (attributes) or 'text' (a description)")
        check_document(self.model_dump())
        return self


class ScanRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="At most `REGENCHECK_MAX_SCAN_CHARS` characters.")
    title: str = Field(default="", max_length=300)
    origin: str = Field(default="", max_length=1000)
    store: bool = Field(default=False, description="Keep the text and its scan (verifier role).")
    clinic_id: int | None = Field(default=None, ge=1, le=MAX_ID)

    @model_validator(mode="after")
    def _storable(self) -> ScanRequest:
        check_document(self.model_dump())
        return self


def check_scan_length(text: str, limit: int, field: str = "text") -> None:
    """Refuse a text over the scan limit before any work is done on it (HTTP 413, naming the field)."""
    if len(text) > limit:
        message = (
            f"the text has {len(text):,} characters; scans take at most {limit:,}: split it or scan a part"
        )
        raise TextTooLong(
            message, problems=[FieldProblem(location=field, message=f"at most {limit:,} characters")]
        )


PLAIN_SUFFIXES = (".txt", ".md")
# Markup over four bytes per allowed character is refused unparsed; the rest after extraction.
MARKUP_SUFFIXES = (".html", ".htm")


class UnsupportedFile(RegencheckError):
    code = "unsupported_media_type"
    http_status = 415


@router.post(
    "/classify",
    summary="Classify a therapy: category, per-jurisdiction rulings, unknowns, questions",
    response_model=ClassificationOut,
)
def classify(body: ClassifyRequest, _user: Analyst, state: StateDep) -> dict[str, Any]:
    subject = body.therapy if body.therapy is not None else (body.text or "")
    if isinstance(subject, str) and not subject.strip():
        raise InputError("the description is empty")
    result = classify_therapy(subject, state.kb)
    out: dict[str, Any] = audit.jsonable(result.to_dict())
    return out


@router.post("/scan", summary="Scan a marketing text for red-flag claims", response_model=ScanOut)
def scan_text(body: ScanRequest, user: Analyst, state: StateDep) -> dict[str, Any]:
    check_scan_length(body.text, state.settings.max_scan_chars)
    if not body.store:
        return scans.scan(body.text, state.kb, source=body.origin or body.title or "<text>")
    if not user.can("verify"):
        raise PermissionDenied(f"your role ({user.role}) may scan but not store scans")
    with state.db.writing() as s:
        record = scans.store_scan(
            s,
            user.actor,
            state.kb,
            text=body.text,
            title=body.title,
            origin=body.origin,
            clinic_id=body.clinic_id,
        )
        return record.result | {"scan_id": record.id, "document_id": record.document_id}


@router.post("/scan/file", summary="Scan an uploaded page (.txt .md .html .htm .pdf)", response_model=ScanOut)
async def scan_file(
    _user: Analyst, state: StateDep, file: Annotated[UploadFile, File(description="The page or document")]
) -> dict[str, Any]:
    data = await read_upload(file, state.settings.max_upload_bytes)
    name = clean_filename(file.filename)
    suffix = Path(name).suffix.lower()
    if suffix not in SCANNABLE_SUFFIXES:
        raise UnsupportedFile(
            f"{name}: cannot scan '{suffix or 'no extension'}' files; use {', '.join(SCANNABLE_SUFFIXES)}"
        )
    # Scanning is CPU work: in the thread pool it cannot hold up every other request.
    result: dict[str, Any] = await run_in_threadpool(scan_upload, state, name, data)
    return result


def scan_upload(state: Any, name: str, data: bytes) -> dict[str, Any]:
    """Scan uploaded bytes through the scanner's file path (text extraction for HTML and PDF);
    a file whose text is over the scan limit is refused (before reading, when it plainly is)."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    limit, suffix = state.settings.max_scan_chars, Path(name).suffix.lower()
    if suffix in PLAIN_SUFFIXES or (suffix in MARKUP_SUFFIXES and len(data) > 4 * limit):
        check_scan_length(data.decode("utf-8", errors="replace"), limit, "file")
    result = scan_bytes(data, name, state.kb)
    out: dict[str, Any] = audit.jsonable(result.to_dict())
    out["source"] = name
    if out.get("error"):
        raise InputError(f"{name}: {out['error']}")
    check_scan_length(str(out.get("text_extracted") or ""), limit, "file")
    return out
