"""`regencheck monitor`: what expires or goes stale soon, what changed between two registry
snapshots, and which verifications those changes make out of date."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from .app import app
from .common import FormatOpt, KnowledgeOpt, OutputFormat, emit, load_kb
from .service_cmd import DatabaseOpt, DataDirOpt, _open


@app.command("monitor")
def monitor_command(
    within_days: Annotated[
        int, typer.Option("--within-days", min=0, max=3650, help="Look this many days ahead.")
    ] = 60,
    from_snapshot: Annotated[
        int | None, typer.Option("--from-snapshot", help="Older registry snapshot id.")
    ] = None,
    to_snapshot: Annotated[
        int | None, typer.Option("--to-snapshot", help="Newer registry snapshot id.")
    ] = None,
    today: Annotated[str | None, typer.Option("--today", help="Judge as of this date (YYYY-MM-DD).")] = None,
    notify: Annotated[
        str | None,
        typer.Option(
            "--notify", help="Also send the report: a file path (JSON Lines) or an https:// webhook."
        ),
    ] = None,
    data_dir: DataDirOpt = None,
    database_url: DatabaseOpt = None,
    knowledge: KnowledgeOpt = None,
    fmt: FormatOpt = OutputFormat.text,
) -> None:
    """List credentials that expire or go stale, registry changes, and verifications to redo."""
    from ..errors import InputError
    from ..knowledge.facts import evidence_max_age_months
    from ..monitor.notify import sender_for
    from ..store.monitoring import monitor_report

    try:
        day = date.fromisoformat(today) if today else date.today()
    except ValueError:
        raise InputError(f"--today: {today!r} is not a date (YYYY-MM-DD)") from None
    max_age = evidence_max_age_months(load_kb(knowledge)) or 12
    db = _open(data_dir, database_url)
    try:
        with db.reading() as s:
            report = monitor_report(
                s, day, within_days, max_age, from_snapshot=from_snapshot, to_snapshot=to_snapshot
            ).to_dict()
    finally:
        db.dispose()
    if notify:
        sender_for(notify).send({"kind": "regencheck.monitor", **report})
    emit(report, fmt, _render, disclaimer=False)


def _render(r: dict[str, Any]) -> str:
    lines = [f"Due within {r['within_days']} days of {r['today']} ({len(r['due'])}):"]
    lines += [f"  - {d['text']}" for d in r["due"]] or ["  nothing"]
    reg = r["registry"]
    if reg is None:
        lines.append("Registry: fewer than two snapshots, nothing to compare")
    else:
        lines.append(
            f"Registry changes from snapshot {reg['from']['id']} ({reg['from']['retrieved_on']}) "
            f"to {reg['to']['id']} ({reg['to']['retrieved_on']}) ({len(reg['changes'])}):"
        )
        lines += [f"  - {c['text']}" for c in reg["changes"]] or ["  none"]
    lines.append(f"Needs re-verification ({len(r['needs_reverification'])}):")
    for v in r["needs_reverification"]:
        lines.append(
            f"  - verification {v['verification_id']} of {v['clinic']} ({v['verdict']}, {v['as_of']}):"
        )
        lines += [f"      {reason}" for reason in v["reasons"]]
    if not r["needs_reverification"]:
        lines.append("  none")
    return "\n".join(lines)
