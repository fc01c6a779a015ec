"""The FastAPI application: JSON API under /api (OpenAPI at /docs), server-rendered pages elsewhere.

`create_app(settings)` opens the store, migrates an embedded SQLite database when allowed,
wires the session middleware, security headers, error handlers, routers and static files.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import RegencheckError
from ..knowledge import KnowledgeBase, default_knowledge
from ..store import migrate
from ..store.blobs import BlobStore
from ..store.db import open_database, redact
from . import (
    api_analysis,
    api_audit,
    api_cases,
    api_clinics,
    api_dossier,
    api_evidence,
    api_exports,
    api_match,
    api_me,
    api_monitor,
    api_registry,
    api_users,
    api_verifications,
    errors,
    pages_admin,
    pages_analysis,
    pages_auth,
    pages_builder,
    pages_cases,
    pages_check,
    pages_clinics,
    pages_docs,
    pages_match,
    pages_monitor,
    pages_registry,
    pages_verify,
)
from .middleware import ServiceMiddleware
from .security import LoginLimiter, RequestLimiter, SessionCodec
from .settings import ServiceSettings
from .state import STATIC_DIR, ServiceState, template_environment

API_DESCRIPTION = """
The regencheck team service: clinics, specialists, credentials with evidence, registry snapshots,
classification, marketing scans and verifications, each change recorded in a hash-chained audit log.

Authenticate with `Authorization: Bearer <token>` (create a token on the account page).
Errors always have the body `{"error": {"code", "message", "problems": [{"file", "field", "message"}]}}`.
"""


def build_state(settings: ServiceSettings, kb: KnowledgeBase | None = None) -> ServiceState:
    """Open the store (migrating an embedded database when allowed) and prepare templates."""
    from starlette.templating import Jinja2Templates

    db = open_database(settings.database_url)
    if settings.should_migrate:
        migrate.upgrade(db)
    elif not migrate.is_current(db):
        db.dispose()
        raise RegencheckError(
            f"the database at {redact(settings.database_url)} is not at the current schema; run `regencheck db upgrade`"
        )
    return ServiceState(
        settings=settings,
        db=db,
        blobs=BlobStore(settings.evidence_dir),
        kb=kb or default_knowledge(),
        codec=SessionCodec(settings.secret_key, settings.session_max_age),
        limiter=LoginLimiter(settings.login_max_failures, settings.login_window),
        check_limiter=RequestLimiter(settings.check_per_minute),
        templates=Jinja2Templates(env=template_environment()),
    )


def warm_engines(kb: KnowledgeBase) -> None:
    """Build the engines' compiled tables and load the Korean analyser once, in the background,
    so the first patient on /check does not wait seconds for what every later request reuses."""
    from ..claims import scan_text
    from ..claims.encoder import sentence_encoder
    from ..classify import classify

    try:
        classify("autologous fat-derived SVF injected the same day", kb)
        scan_text("줄기세포 시술은 100% 안전합니다. Guaranteed results.", kb)
        sentence_encoder().embed(["warm up"])
    except Exception:  # warming is an optimisation: a failure here shows up on the real request
        logging.getLogger(__name__).warning("warming the engines failed", exc_info=True)


def create_app(settings: ServiceSettings | None = None, *, kb: KnowledgeBase | None = None) -> FastAPI:
    """The web app and API for one data directory / database."""
    state = build_state(settings or ServiceSettings.load(), kb)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=warm_engines, args=(state.kb,), name="warm-engines", daemon=True).start()
        yield
        state.db.dispose()

    app = FastAPI(
        title="regencheck",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = state
    errors.install(app)
    app.add_middleware(ServiceMiddleware, state=state)
    _include_routers(app)
    pages_docs.mount_assets(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        """Liveness for load balancers and the benchmark's baseline: touches nothing."""
        return {"status": "ok"}

    return app


# Order matters only where paths overlap: the API first, then pages, then the journey area.
ROUTER_MODULES = (
    pages_docs,
    api_me,
    api_clinics,
    api_dossier,
    api_evidence,
    api_registry,
    api_analysis,
    api_verifications,
    api_audit,
    api_exports,
    api_users,
    api_monitor,
    api_match,
    pages_auth,
    pages_check,
    pages_clinics,
    pages_builder,
    pages_analysis,
    pages_verify,
    pages_registry,
    pages_monitor,
    pages_match,
    pages_admin,
    api_cases,
    pages_cases,
)


def _include_routers(app: FastAPI) -> None:
    for module in ROUTER_MODULES:
        app.include_router(module.router)


KNOWLEDGE_ENV = "REGENCHECK_KNOWLEDGE"


def create_app_from_environment() -> FastAPI:
    """The app configured only from environment variables: what each `serve --workers N` process runs."""
    import os

    from ..knowledge import load_knowledge

    overlay = os.environ.get(KNOWLEDGE_ENV)
    return create_app(ServiceSettings.load(), kb=load_knowledge(overlay) if overlay else None)
