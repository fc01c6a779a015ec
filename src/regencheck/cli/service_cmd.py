"""`regencheck serve`, `regencheck db upgrade|downgrade|current`, `regencheck audit verify` and
`regencheck users …`: run and administer the team service."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputError
from .app import app
from .common import FormatOpt, KnowledgeOpt, OutputFormat, emit, load_kb, message

db_app = typer.Typer(help="Create or migrate the team database.", no_args_is_help=True)
audit_app = typer.Typer(help="Check the audit log.", no_args_is_help=True)
users_app = typer.Typer(help="Manage the team's accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(audit_app, name="audit")
app.add_typer(users_app, name="users")

DataDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Folder for the database, evidence and secret key (env REGENCHECK_DATA_DIR)."
    ),
]
DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="SQLAlchemy URL, e.g. postgresql://user@host/db (env REGENCHECK_DATABASE_URL)."
    ),
]


def _open(data_dir: Path | None, database_url: str | None, *, require_current: bool = True) -> Any:
    """The database; commands that read or write records refuse a schema older than the code."""
    from ..store import migrate
    from ..store.db import database_url as default_url
    from ..store.db import default_data_dir, open_database, redact

    db = open_database(database_url or default_url(data_dir or default_data_dir()))
    if require_current and not migrate.is_current(db):
        db.dispose()
        raise InputError(
            f"{redact(db.url)}: the database schema is missing or old; run `regencheck db upgrade` first"
        )
    return db


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, max=64, help="Worker processes (login rate limits are counted per worker)."
        ),
    ] = 1,
    keep_alive: Annotated[
        int, typer.Option("--keep-alive", min=1, max=600, help="Seconds an idle HTTP connection stays open.")
    ] = 5,
    data_dir: DataDirOpt = None,
    database_url: DatabaseOpt = None,
    knowledge: KnowledgeOpt = None,
) -> None:
    """Run the web app and REST API (OpenAPI at /docs)."""
    import os

    import uvicorn

    from ..store.db import DATA_DIR_ENV, DATABASE_URL_ENV, redact
    from ..web.app import KNOWLEDGE_ENV, build_state, create_app
    from ..web.settings import ServiceSettings

    settings = ServiceSettings.load(data_dir, database_url=database_url)
    kb = load_kb(knowledge)
    if host not in ("127.0.0.1", "localhost", "::1"):
        message(
            f"warning: serving on {host}: anyone who can reach this address can try to sign in; put TLS in front"
        )
    message(f"regencheck: database {redact(settings.database_url)}")
    message(
        f"regencheck: open http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/ (API docs at /docs)"
    )
    if workers == 1:
        uvicorn.run(
            create_app(settings, kb=kb),
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            timeout_keep_alive=keep_alive,
            proxy_headers=False,  # the app reads X-Forwarded-For itself, from trusted proxies only
        )
        return
    build_state(settings, kb).db.dispose()  # migrate (or check) once, before the workers start
    os.environ[DATA_DIR_ENV] = str(settings.data_dir)
    os.environ[DATABASE_URL_ENV] = settings.database_url
    os.environ["REGENCHECK_AUTO_MIGRATE"] = "0"
    if knowledge is not None:
        os.environ[KNOWLEDGE_ENV] = str(knowledge)
    uvicorn.run(
        "regencheck.web.app:create_app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=keep_alive,
        proxy_headers=False,
    )


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision (default: newest).")] = "heads",
    data_dir: DataDirOpt = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Create the database or bring its schema up to date."""
    from ..store import migrate
    from ..store.db import redact

    db = _open(data_dir, database_url, require_current=False)
    try:
        migrate.upgrade(db, revision)
        message(f"{redact(db.url)}: at revision {', '.join(sorted(migrate.current_revisions(db)))}")
    finally:
        db.dispose()


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[
        str, typer.Argument(help="Target revision, e.g. 0001_core, or 'base' to remove every table.")
    ],
    data_dir: DataDirOpt = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Take the schema back to an earlier revision (data in removed tables is lost)."""
    from ..store import migrate
    from ..store.db import redact

    db = _open(data_dir, database_url, require_current=False)
    try:
        migrate.downgrade(db, revision)
        now = ", ".join(sorted(migrate.current_revisions(db))) or "base (empty)"
        message(f"{redact(db.url)}: at revision {now}")
    finally:
        db.dispose()


@db_app.command("current")
def db_current(
    data_dir: DataDirOpt = None, database_url: DatabaseOpt = None, fmt: FormatOpt = OutputFormat.text
) -> None:
    """Show the schema revision of the database and the newest one this version ships."""
    from ..store import migrate
    from ..store.db import redact

    db = _open(data_dir, database_url, require_current=False)
    try:
        info: dict[str, Any] = {
            "database": redact(db.url),
            "current": sorted(migrate.current_revisions(db)),
            "head": sorted(migrate.head_revisions(db)),
        }
    finally:
        db.dispose()
    info["up_to_date"] = info["current"] == info["head"]
    emit(
        info,
        fmt,
        lambda i: (
            f"{i['database']}: at {', '.join(i['current']) or 'nothing'}; newest {', '.join(i['head'])}"
            + ("" if i["up_to_date"] else "\nrun `regencheck db upgrade`")
        ),
        disclaimer=False,
    )


@audit_app.command("verify")
def audit_verify(
    data_dir: DataDirOpt = None, database_url: DatabaseOpt = None, fmt: FormatOpt = OutputFormat.text
) -> None:
    """Recompute the audit log's hash chain and check every stored verification against it; exit 1
    and name the first broken entry or altered verification if anything fails."""
    from ..store.audit import verify_chain
    from ..store.verifications import check_stored_results

    db = _open(data_dir, database_url)
    try:
        with db.reading() as s:
            chain = verify_chain(s)
            stored = check_stored_results(s)
    finally:
        db.dispose()
    report = chain.to_dict() | {
        "ok": chain.ok and stored.ok,
        "chain_ok": chain.ok,
        "verifications": stored.to_dict(),
    }

    def render(r: dict[str, Any]) -> str:
        lines = [
            f"audit log intact: {r['checked']} entries verified"
            if r["chain_ok"]
            else f"audit log BROKEN at entry {r['broken_seq']}: {r['reason']} ({r['checked']} entries before it verified)"
        ]
        v = r["verifications"]
        lines.append(
            f"stored verifications intact: {v['checked']} match their audit entries"
            if v["ok"]
            else f"stored verification ALTERED: {v['reason']}"
        )
        return "\n".join(lines)

    emit(report, fmt, render, disclaimer=False)
    if not report["ok"]:
        raise typer.Exit(1)


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option("--role", help="admin, verifier, coordinator or viewer.")] = "viewer",
    data_dir: DataDirOpt = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Create an account and print its one-time password."""
    from pydantic import ValidationError

    from ..errors import pydantic_problems
    from ..store.roles import SYSTEM
    from ..store.schemas import UserCreate
    from ..store.users import create_user

    try:
        data = UserCreate(username=username, role=role)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise InputError("cannot create that user", problems=pydantic_problems(exc)) from None
    db = _open(data_dir, database_url)
    try:
        with db.writing() as s:
            new = create_user(s, SYSTEM, data)
            password = new.one_time_password
    finally:
        db.dispose()
    message(f"created {username} ({role}); one-time password: {password}")


@users_app.command("list")
def users_list(
    data_dir: DataDirOpt = None, database_url: DatabaseOpt = None, fmt: FormatOpt = OutputFormat.text
) -> None:
    """List accounts with their roles."""
    from sqlalchemy import select

    from ..store.models import User

    db = _open(data_dir, database_url)
    try:
        with db.reading() as s:
            rows = [
                {"username": u.username, "role": u.role, "active": u.active}
                for u in s.scalars(select(User).order_by(User.username))
            ]
    finally:
        db.dispose()
    emit(
        rows,
        fmt,
        lambda r: (
            "\n".join(
                f"{u['username']:<24} {u['role']:<12} {'active' if u['active'] else 'inactive'}" for u in r
            )
            or "no users"
        ),
        disclaimer=False,
    )


@users_app.command("reset-password")
def users_reset(
    username: Annotated[str, typer.Argument()], data_dir: DataDirOpt = None, database_url: DatabaseOpt = None
) -> None:
    """Give an account a new one-time password (for a locked-out admin, too)."""
    from sqlalchemy import select

    from ..errors import NotFound
    from ..store.models import User
    from ..store.roles import SYSTEM
    from ..store.users import reset_password

    db = _open(data_dir, database_url)
    try:
        with db.writing() as s:
            user = s.scalars(select(User).where(User.username == username)).first()
            if user is None:
                raise NotFound(f"no user named '{username}'")
            password = reset_password(s, SYSTEM, user.id)
    finally:
        db.dispose()
    message(f"{username}: one-time password {password}")
