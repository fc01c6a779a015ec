"""Settings refuse unsafe values; highlighting covers the text exactly."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regencheck.errors import InputError
from regencheck.web.highlight import hover_text, segments
from regencheck.web.security import LoginLimiter
from regencheck.web.settings import SETTINGS_TABLE, ServiceSettings, stored_secret


def test_a_weak_or_short_secret_key_is_refused(tmp_path: Path) -> None:
    for weak in ("changeme", "x" * 40, "short"):
        with pytest.raises(InputError) as info:
            ServiceSettings.load(tmp_path, secret_key=weak)
        assert any(p.location == "secret_key" for p in info.value.problems)


def test_the_secret_is_generated_once_and_readable_only_by_its_owner(tmp_path: Path) -> None:
    first = ServiceSettings.load(tmp_path).secret_key
    assert first == ServiceSettings.load(tmp_path).secret_key == stored_secret(tmp_path)
    assert len(first) >= 32
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_an_unknown_database_backend_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="settings"):
        ServiceSettings.load(tmp_path, database_url="mysql://x/y")


def test_every_setting_is_documented_in_the_settings_table() -> None:
    assert {name for name, _env, _help in SETTINGS_TABLE} == set(ServiceSettings.model_fields)


def test_the_limiter_blocks_after_the_allowed_failures_and_forgets_after_the_window() -> None:
    limiter = LoginLimiter(max_failures=3, window_seconds=60)
    for t in range(3):
        assert limiter.retry_after("1.2.3.4", "vera", now=float(t)) == 0
        limiter.failed("1.2.3.4", "vera", now=float(t))
    assert limiter.retry_after("1.2.3.4", "vera", now=3.0) > 0
    assert limiter.retry_after("5.6.7.8", "vera", now=3.0) == 0
    assert limiter.retry_after("1.2.3.4", "vera", now=61.0) == 0


@settings(max_examples=150)
@given(
    text=st.text(max_size=80),
    spans=st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=6),
)
def test_segments_cover_the_text_exactly_and_flag_only_valid_spans(
    text: str, spans: list[tuple[int, int]]
) -> None:
    findings = [{"start": a, "end": b, "category": "guarantee", "severity": "high"} for a, b in spans]
    parts = segments(text, findings)
    assert "".join(p.text for p in parts) == text
    for part in parts:
        if part.finding is not None:
            assert part.text == text[part.finding["start"] : part.finding["end"]] and part.text


def test_hover_text_names_category_reason_and_basis() -> None:
    finding = {
        "rule": "no_side_effects",
        "category": "guarantee",
        "severity": "high",
        "explanation": "promises a result",
        "basis": ["Medical Act Art. 56"],
    }
    assert (
        hover_text(finding)
        == "guarantee (high, rule no_side_effects) — promises a result — Basis: Medical Act Art. 56"
    )
