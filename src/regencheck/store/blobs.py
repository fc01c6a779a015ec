"""Content-addressed file storage: each uploaded file is kept once under its SHA-256.

The same evidence uploaded twice takes the space of one, and a stored file cannot silently
change: its name is its hash, which `read` checks again.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from ..errors import InputFileError, NotFound

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


class BlobStore:
    """Files under `root/ab/cdef…`, written atomically, readable by the owner only."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        if not _SHA_RE.match(sha256):
            raise NotFound(f"no stored file has the id '{sha256[:80]}'")
        return self.root / sha256[:2] / sha256[2:]

    def put(self, data: bytes) -> str:
        """Store the bytes (once) and return their SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists():
            return sha
        # Evidence may be identity documents: the folders are the owner's only (files are 0600
        # already, as mkstemp creates them).
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        target.parent.mkdir(exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def read(self, sha256: str) -> bytes:
        """The stored bytes; a file whose content no longer matches its hash is refused."""
        target = self.path(sha256)
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"stored file {sha256} is missing from {self.root}") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise InputFileError(f"stored file {sha256} was altered on disk; restore it from a backup")
        return data


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]+")
_CONTENT_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$")


def clean_filename(name: str | None) -> str:
    """The last path component of an uploaded name, without control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    return base[:255] or "upload"


def clean_content_type(value: str | None) -> str:
    """A well-formed lowercase MIME type, else `application/octet-stream`."""
    media = (value or "").split(";", 1)[0].strip().lower()
    return media if _CONTENT_TYPE.match(media) else "application/octet-stream"
