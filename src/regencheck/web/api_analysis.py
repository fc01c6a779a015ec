"""Classify a therapy and scan a marketing text or file (nothing stored unless asked)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import InputError, PermissionDenied, RegencheckError
from ..store import audit, engines, scans
from ..store.blobs import clean_filename
from ..store.schemas import MAX_ID, check_document
from .api_common import read_upload
from .deps import Analyst, StateDep

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
    text: str = Field(min_length=1, max_length=2_000_000)
    title: str = Field(default="", max_length=300)
    origin: str = Field(default="", max_length=1000)
    store: bool = Field(default=False, description="Keep the text and its scan (verifier role).")
    clinic_id: int | None = Field(default=None, ge=1, le=MAX_ID)

    @model_validator(mode="after")
    def _storable(self) -> ScanRequest:
        check_document(self.model_dump())
        return self


class UnsupportedFile(RegencheckError):
    code = "unsupported_media_type"
    http_status = 415


@router.post(
    "/classify", summary="Classify a therapy: category, per-jurisdiction rulings, unknowns, questions"
)
def classify(body: ClassifyRequest, _user: Analyst, state: StateDep) -> dict[str, Any]:
    subject = body.therapy if body.therapy is not None else (body.text or "")
    if isinstance(subject, str) and not subject.strip():
        raise InputError("the description is empty")
    result = engines.call("classify", "classify", subject, state.kb)
    out: dict[str, Any] = audit.jsonable(result.to_dict())
    return out


@router.post("/scan", summary="Scan a marketing text for red-flag claims")
def scan_text(body: ScanRequest, user: Analyst, state: StateDep) -> dict[str, Any]:
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


@router.post("/scan/file", summary="Scan an uploaded page (.txt .md .html .htm .pdf)")
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
    return scan_upload(state, name, data)


def scan_upload(state: Any, name: str, data: bytes) -> dict[str, Any]:
    """Scan uploaded bytes through the scanner's file path (text extraction for HTML and PDF)."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    result = engines.call("claims", "scan_bytes", data, name, state.kb)
    out: dict[str, Any] = audit.jsonable(result.to_dict())
    out["source"] = name
    if out.get("error"):
        raise InputError(f"{name}: {out['error']}")
    return out
