"""Consent and protocol audit (criteria 4.2 and 4.3).

Seed 002 lists what the consent must reference (risk class, committee approval where needed,
the adverse-event route) and seed 000 asks for realistic outcomes "rather than promotional
language". Each required item is looked for sentence by sentence with English and Korean cue
phrases from the knowledge base, and the sentence that satisfied it is reported; promotional
language is found by the claim scanner's own rules, so consent and advertising are judged alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import RegencheckError
from ..inputs import decode_text, read_bytes
from ..knowledge import KnowledgeBase
from ..text.html import visible_text
from ..text.language import detect_language
from ..text.phrases import cue_pattern, fold
from ..text.sentences import sentence_texts
from .dossier import Dossier, TextSource
from .engines import scan_text
from .schema import ConsentItemsFile, DocumentItem

Status = Literal["pass", "fail", "unknown", "not_applicable"]
MAX_DOCUMENT_BYTES = 5_000_000


@dataclass
class ConsentAudit:
    present: bool
    source: str | None = None
    language: str | None = None
    error: str | None = None
    items: list[dict[str, Any]] = field(default_factory=list)
    promotional: list[dict[str, Any]] = field(default_factory=list)
    scan_error: str | None = None
    status: Status = "unknown"
    explanation: str = "no consent text in the dossier"

    def to_dict(self) -> dict[str, Any]:
        return {
            "present": self.present,
            "source": self.source,
            "language": self.language,
            "error": self.error,
            "items": self.items,
            "promotional": self.promotional,
            "scan_error": self.scan_error,
            "status": self.status,
            "explanation": self.explanation,
        }


def resolve_file(ref: str, base_dir: Path | None) -> tuple[Path | None, str | None]:
    """The path a dossier's `file:` names, relative to the dossier's folder.

    Without a folder (a dossier posted to the web API rather than read from disk) files are
    refused: reading server paths named by a user would disclose them.
    """
    if base_dir is None:
        return (
            None,
            f"{ref}: file references are only read for a dossier loaded from a folder; give the text inline",
        )
    path = Path(ref)
    return (path if path.is_absolute() else base_dir / path), None


def read_text_source(ts: TextSource, base_dir: Path | None) -> tuple[str | None, str, str | None]:
    """(text, label, error) of an inline text or a file relative to the dossier's folder."""
    if ts.text is not None:
        return ts.text, "inline text", None
    assert ts.file is not None
    path, refused = resolve_file(ts.file, base_dir)
    if path is None:
        return None, ts.file, refused
    try:
        raw = decode_text(read_bytes(path, MAX_DOCUMENT_BYTES), path)
    except RegencheckError as exc:
        return None, ts.file, exc.message
    if path.suffix.lower() in (".html", ".htm"):
        raw = visible_text(raw)
    return raw, ts.file, None


def _consent_patterns(kb: KnowledgeBase) -> list[tuple[DocumentItem, re.Pattern[str]]]:
    """Each consent item with its English and Korean cues compiled once per knowledge base."""

    def build() -> list[tuple[DocumentItem, re.Pattern[str]]]:
        spec = kb.topic("verify/consent_items", ConsentItemsFile)
        return [(i, cue_pattern(tuple(i.cues_en + i.cues_ko))) for i in spec.items if i.document == "consent"]

    return kb.cached("verify/consent_patterns", build)


def audit_consent(
    dossier: Dossier, kb: KnowledgeBase, base_dir: Path | None, needs_committee: bool | None
) -> ConsentAudit:
    """Check the consent for each required item and for promotional language."""
    consultation = dossier.consultation
    if consultation is None or consultation.consent is None:
        return ConsentAudit(present=False)
    text, label, error = read_text_source(consultation.consent, base_dir)
    audit = ConsentAudit(present=True, source=label)
    if text is None:
        audit.error = error
        audit.explanation = f"the consent could not be read: {error}"
        return audit
    audit.language = "ko" if detect_language(text) == "ko" else "en"
    parts = sentence_texts(text)
    folded = [fold(s) for s in parts]
    missing: list[str] = []
    undecided: list[str] = []
    for item, pattern in _consent_patterns(kb):
        required: bool | None = True if item.required_when == "always" else needs_committee
        sentence = next((parts[i] for i, f in enumerate(folded) if pattern.search(f)), None)
        status = "present" if sentence else ("missing" if required else "not_required")
        if sentence is None and required is None:
            status = "unknown"
            undecided.append(item.title)
        elif sentence is None and required:
            missing.append(item.title)
        audit.items.append(
            {
                "id": item.id,
                "title": item.title,
                "required": required,
                "status": status,
                "sentence": sentence,
                "source": item.source,
            }
        )
    scan = scan_text(text, kb, source=f"consent ({label})")
    if scan.failure is not None:
        audit.scan_error = scan.failure
    else:
        audit.promotional = [
            {
                "category": f.category,
                "severity": f.severity,
                "rule": f.rule,
                "sentence": f.sentence,
                "text": f.text,
            }
            for f in scan.findings
            if f.severity in ("high", "medium")
        ]
    problems = []
    if missing:
        problems.append("missing: " + "; ".join(missing))
    if audit.promotional:
        cats = sorted({str(p["category"]) for p in audit.promotional})
        problems.append("promotional language: " + ", ".join(cats))
    if problems:
        audit.status, audit.explanation = "fail", "; ".join(problems)
    elif undecided or audit.scan_error:
        reasons = [
            f"whether '{t}' is required depends on the therapy's ruling, which is unknown" for t in undecided
        ]
        if audit.scan_error:
            reasons.append(f"promotional language could not be checked ({audit.scan_error})")
        audit.status, audit.explanation = "unknown", "; ".join(reasons)
    else:
        found = [i["title"] for i in audit.items if i["status"] == "present"]
        audit.status = "pass"
        audit.explanation = f"states every required item ({len(found)} found) and has no promotional language"
    return audit


@dataclass
class ProtocolAudit:
    """Which protocol fields the written protocol names (criterion 4.2); None: not recorded."""

    present: bool
    fields: dict[str, bool | None]
    status: Status
    explanation: str
    source: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "present": self.present,
            "fields": self.fields,
            "status": self.status,
            "explanation": self.explanation,
            "source": self.source,
        }


def audit_protocol(dossier: Dossier, kb: KnowledgeBase) -> ProtocolAudit:
    """Which protocol fields the written protocol names (criterion 4.2)."""
    spec = kb.topic("verify/consent_items", ConsentItemsFile)
    consultation = dossier.consultation
    protocol = consultation.written_protocol if consultation else None
    fields: dict[str, bool | None] = {
        name: (getattr(protocol, name, None) if protocol is not None else None)
        for name in spec.protocol_fields
    }
    missing = [n for n, v in fields.items() if v is False]
    unknown = [n for n, v in fields.items() if v is None]
    status: Status
    if protocol is None:
        status, why = "unknown", "no written protocol recorded in the dossier"
    elif missing:
        status, why = "fail", "the written protocol does not name: " + ", ".join(missing)
    elif unknown:
        status, why = "unknown", "not recorded whether the protocol names: " + ", ".join(unknown)
    else:
        status, why = "pass", "the written protocol names " + ", ".join(fields)
    return ProtocolAudit(protocol is not None, fields, status, why, spec.protocol_source)
