"""`regencheck demo`: a working team database from a fresh clone, in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .app import app
from .common import FormatOpt, KnowledgeOpt, OutputFormat, emit, load_kb, message


def _render(info: dict[str, Any]) -> str:
    lines = [f"Database: {info['database']}"]
    if info["admin"]:
        lines.append(f"First admin: {info['admin']}  one-time password: {info['one_time_password']}")
        lines.append("  (shown once; you will choose your own password at first sign-in)")
    else:
        lines.append(
            "Users already exist: sign in with your account (`regencheck users reset-password admin` if locked out)"
        )
    state = "imported" if info["snapshot_new"] else "already imported"
    lines.append(f"Sample registry: {info['snapshot_rows']} rows {state} (snapshot {info['snapshot_id']})")
    lines.append("")
    lines.append("Sample verifications:")
    for s in info["samples"]:
        lines.append(f"  {s['verdict']:<22} {s['clinic']}  (verification {s['verification_id']})")
        if s["report"]:
            lines.append(f"  {'':<22} report: {s['report']}")
    lines.append("")
    lines.append(f"Start the web app with `regencheck serve{info['serve_args']}` and open {info['url']}")
    return "\n".join(lines)


@app.command("demo")
def demo_command(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Where to create the database and reports (default: user data dir)."),
    ] = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port the printed URL uses.")] = 8000,
    fmt: FormatOpt = OutputFormat.text,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Create the embedded database, a first admin, load the sample registry and dossiers, verify them."""
    from ..store.bootstrap import bootstrap
    from ..store.db import default_data_dir, open_database, redact
    from ..web.settings import ServiceSettings

    folder = data_dir or default_data_dir()
    settings = ServiceSettings.load(folder)
    db = open_database(settings.database_url)
    try:
        result = bootstrap(db, load_kb(knowledge), report_dir=folder / "reports")
    finally:
        db.dispose()
    serve_args = f" --data-dir {folder}" if data_dir else ""
    serve_args += f" --port {port}" if port != 8000 else ""
    info = {
        "database": redact(settings.database_url),
        "admin": result.admin,
        "one_time_password": result.one_time_password,
        "snapshot_id": result.snapshot_id,
        "snapshot_rows": result.snapshot_rows,
        "snapshot_new": result.snapshot_new,
        "samples": [
            {
                "clinic": s.clinic,
                "clinic_id": s.clinic_id,
                "verification_id": s.verification_id,
                "verdict": s.verdict,
                "dossier": str(s.dossier),
                "report": str(s.report) if s.report else None,
            }
            for s in result.samples
        ],
        "url": f"http://127.0.0.1:{port}/",
        "serve_args": serve_args,
    }
    emit(info, fmt, _render)
    if fmt is OutputFormat.text:
        message("regencheck demo: done")
