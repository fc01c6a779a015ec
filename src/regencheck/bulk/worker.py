"""The scanning side of every executor: turn a chunk of documents into output records.

Each worker process loads the knowledge base and compiles the scanner once, on its first
chunk (or in the pool initializer), and keeps them for the life of the process; chunks only
carry bytes and settings.
"""

from __future__ import annotations

import contextlib
import json
import signal
from typing import Any

from ..claims import ScanLimits, ScanResult, scan_bytes, scan_text
from ..claims.encoder import EncoderUnavailable, sentence_encoder
from ..claims.korean import analyzer
from ..knowledge import KnowledgeBase, default_knowledge, load_knowledge
from .documents import Document, ScanSettings

_loaded: dict[ScanSettings, KnowledgeBase] = {}


def knowledge_for(settings: ScanSettings) -> KnowledgeBase:
    """This process's knowledge base for these settings, loaded and compiled on first use."""
    kb = _loaded.get(settings)
    if kb is None:
        kb = load_knowledge(settings.knowledge) if settings.knowledge else default_knowledge()
        # Build the compiled rule matcher now rather than inside the first document's timing.
        scan_text("warm up", kb, source="<warm-up>")
        _loaded[settings] = kb
    return kb


def preload(settings: ScanSettings) -> None:
    """Load everything a scan may need, the Korean analyser included, in this process, so that
    workers forked from it inherit it (copy-on-write) instead of each loading its own."""
    knowledge_for(settings)
    analyzer().tokens("줄기세포 시술", 0, 7)
    if settings.layer != "full":
        return
    # The learned layer's encoder is a 65 MB table: one copy, shared by every forked worker. When
    # it cannot load, each scan says in its notes that the screen decided alone.
    with contextlib.suppress(EncoderUnavailable):
        sentence_encoder().embed(["warm up"])


def warm_up(settings: ScanSettings) -> None:
    """A task that only makes sure this worker is ready (returns nothing to pickle)."""
    knowledge_for(settings)


def ignore_interrupts() -> None:
    """Workers ignore Ctrl-C: the parent decides how a run stops and closes the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def prepare_worker(settings: ScanSettings) -> None:
    """Pool initializer for spawned workers: pay the knowledge loading cost once per process,
    up front."""
    ignore_interrupts()
    knowledge_for(settings)


def scan_document(doc: Document, settings: ScanSettings, kb: KnowledgeBase) -> dict[str, Any]:
    """One output record: the `scan` JSON of product.md plus `sha256` and `bytes`, the resume key
    and the size. Never raises: an unexpected failure becomes the record's `error`."""
    if doc.error is not None:
        result = ScanResult(source=doc.source, language="und", error=doc.error)
    else:
        try:
            result = scan_bytes(
                doc.data,
                doc.source,
                kb,
                limits=ScanLimits(max_bytes=settings.max_bytes),
                kind=doc.kind,
                language=settings.language,
                layer=settings.layer,
            )
        except Exception as exc:  # a scanner bug on one page must not end a run of thousands
            result = ScanResult(
                source=doc.source,
                language="und",
                error=f"{doc.source}: scanner failed ({type(exc).__name__}: {exc})",
            )
    record = result.to_dict()
    if not settings.keep_text:
        record.pop("text_extracted", None)
    record["sha256"] = doc.sha256
    record["bytes"] = len(doc.data)
    return record


def digest_of(record: dict[str, Any]) -> dict[str, Any]:
    """The few fields the summary and progress need, without the texts and sentences."""
    out: dict[str, Any] = {
        "source": record["source"],
        "risk": record.get("risk", "none"),
        "bytes": record.get("bytes", 0),
        "findings": [{"category": f["category"], "rule": f["rule"]} for f in record.get("findings", ())],
    }
    if record.get("error"):
        out["error"] = record["error"]
    return out


def scan_chunk(chunk: list[Document], settings: ScanSettings) -> list[tuple[str, dict[str, Any]]]:
    """(JSON line, digest) for each document of a chunk, in the chunk's order. Workers encode the
    JSON themselves: the parent then only writes strings, and a full record (extracted text,
    sentences) crosses the process boundary once, as one string."""
    kb = knowledge_for(settings)
    out: list[tuple[str, dict[str, Any]]] = []
    for doc in chunk:
        record = scan_document(doc, settings, kb)
        out.append((json.dumps(record, ensure_ascii=False), digest_of(record)))
    return out
