"""`regencheck export`: clinics, verifications or cases as CSV/JSON, the audit log as JSON Lines,
or one verification as a FHIR Bundle, to stdout or a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import app
from .service_cmd import DatabaseOpt, DataDirOpt, _open

WHAT = ("clinics", "verifications", "cases", "audit")


@app.command("export")
def export_command(
    what: Annotated[str, typer.Argument(help="clinics, verifications, cases or audit")],
    as_format: Annotated[
        str, typer.Option("--as", help="csv or json (audit: jsonl); 'fhir' with --verification")
    ] = "csv",
    verification: Annotated[
        int | None, typer.Option("--verification", help="Export this verification as FHIR.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    data_dir: DataDirOpt = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Export records for spreadsheets and other systems (the audit log shows every entry in full)."""
    from ..errors import InputError
    from ..journey.fhir import verification_bundle
    from ..store import exports, records
    from ..store.base import utcnow
    from ..store.models import Verification

    if what not in WHAT:
        raise InputError(f"export: expected one of {', '.join(WHAT)}, not {what!r}")
    db = _open(data_dir, database_url)
    try:
        with db.reading() as s:
            if verification is not None:
                stored = records.get_or_404(s, Verification, verification, "verification")
                text = json.dumps(
                    verification_bundle(stored.result, stored.id, utcnow()), ensure_ascii=False, indent=1
                )
            elif what == "audit":
                text = "".join(exports.audit_lines(s, "admin"))
            elif as_format in ("csv", "json"):
                rows = exports.rows_for(s, what)  # type: ignore[arg-type]
                text = exports.to_csv(rows) if as_format == "csv" else exports.to_json(rows)
            else:
                raise InputError(f"--as: expected csv or json, not {as_format!r}")
    finally:
        db.dispose()
    if output is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.touch(mode=0o600, exist_ok=True)  # cases and the audit log hold patient data
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)
