"""Parameter types and helpers shared by the API routers: bounded ids, pagination, page bodies."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any

from fastapi import Path, Query
from starlette.datastructures import UploadFile as StarletteUpload

from ..store.records import Page, public
from ..store.schemas import MAX_ID
from .errors import UploadTooLarge

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=200, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
SearchText = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]


def page_body(page: Page[Any], render: Callable[[Any], dict[str, Any]] = public) -> dict[str, Any]:
    """The JSON of one page of a listing."""
    return {
        "items": [render(i) for i in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }


def listing(items: Iterable[Any], render: Callable[[Any], dict[str, Any]] = public) -> list[dict[str, Any]]:
    return [render(i) for i in items]


async def read_upload(upload: StarletteUpload, max_bytes: int) -> bytes:
    """The uploaded bytes, refusing anything over `max_bytes` without reading it all."""
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        name = upload.filename or "upload"
        raise UploadTooLarge(f"{name}: over the upload limit of {max_bytes:,} bytes")
    return data
