"""Property-based requests generated from the OpenAPI schema: no request makes the server fail,
and every successful JSON answer matches the response model its route declares.

Runs against a live server (uvicorn on loopback, SQLite) with an admin token, so every route is
reachable and every generated body reaches the validators, the services and the store.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import response_schema_conformance

from regencheck.knowledge import default_knowledge
from regencheck.store import migrate
from regencheck.store.db import open_database
from regencheck.web.app import create_app
from regencheck.web.settings import ServiceSettings

from .conftest import add_team
from .livesrv import serving


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    db = open_database(f"sqlite:///{folder / 'regencheck.db'}")
    migrate.upgrade(db)
    team = add_team(db)
    with db.writing() as s:
        from regencheck.store.directory import add_credential, create_clinic
        from regencheck.store.roles import SYSTEM
        from regencheck.store.schemas import ClinicCreate, CredentialCreate

        clinic = create_clinic(s, SYSTEM, ClinicCreate(name="Fuzz Target Clinic"))
        add_credential(s, SYSTEM, clinic.id, CredentialCreate(kind="kahf"))
    db.dispose()
    settings_ = ServiceSettings.load(folder, secret_key=secrets.token_urlsafe(40), max_upload_bytes=100_000)
    kb = default_knowledge()
    warm_up_engines(kb)
    app = create_app(settings_, kb=kb)
    with serving(app) as url:
        yield url, team.auth("admin")
    app.state.service.db.dispose()


def warm_up_engines(kb: Any) -> None:
    """Compile the scanner and load the Korean analyser once, before requests are timed."""
    from regencheck.classify import classify
    from regencheck.store import scans

    for text in ("Guaranteed results", "0", "줄기세포 시술 부작용 없음"):
        scans.scan(text, kb)
    classify("PRP injection", kb)


MAX_EXAMPLES = 10
# Revoking tokens would revoke the fuzzer's own token and turn the rest of the run into 401s.
NOT_FUZZED = {("DELETE", "/api/tokens/{token_id}")}


def test_no_generated_request_gets_a_server_error(live: tuple[str, dict[str, str]]) -> None:
    base_url, auth = live
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    failures: list[str] = []
    calls: list[int] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in NOT_FUZZED:
            continue
        operations += 1
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
        )

        @given(case=strategy)
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def exercise(case: Any) -> None:
            response = case.call(base_url=base_url, headers=auth, timeout=60)
            calls.append(response.status_code)
            label = f"{case.method} {case.formatted_path}"
            if response.status_code >= 500:
                failures.append(f"{label}: {response.status_code} {response.text[:200]}")
            elif response.status_code < 300 and response.headers.get("content-type") == "application/json":
                try:
                    case.validate_response(response, checks=[response_schema_conformance])
                except Exception as exc:  # schemathesis raises its own failure group
                    failures.append(f"{label}: the answer does not match its response model: {exc}"[:600])
            elif response.status_code >= 400 and response.headers.get("content-type") == "application/json":
                error = response.json().get("error", {})
                if set(error) != {"code", "message", "problems"}:
                    failures.append(f"{label}: non-canonical error body {response.text[:200]}")

        exercise()
    assert operations >= 30
    assert len(calls) >= operations * 3, f"only {len(calls)} requests for {operations} operations"
    assert 401 not in calls, "the fuzzer lost its token; the run proves nothing"
    assert failures == []
