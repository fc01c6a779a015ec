"""The registry CSV parser: any bytes give rows or an InputError naming the file, never a crash."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from regencheck.errors import InputError
from regencheck.store.registry import COLUMNS, parse_registry_csv
from regencheck.verify.registry import REGISTRY_KINDS

cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=150)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_parse_or_fail_with_an_input_error(data: bytes) -> None:
    try:
        rows = parse_registry_csv(data, "fuzz.csv")
    except InputError as exc:
        assert "fuzz.csv" in exc.render()
    else:
        assert all(r.kind and r.name for r in rows)


@settings(max_examples=100)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(sorted(REGISTRY_KINDS)),
            cell.filter(lambda s: s.strip() != ""),
            cell,
            st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_well_formed_rows_round_trip(rows: list[tuple[str, str, str, date]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for kind, name, number, day in rows:
        writer.writerow([kind, name, "addr", number, "", day.isoformat(), "src", "2026-10-01"])
    try:
        parsed = parse_registry_csv(out.getvalue().encode("utf-8"), "ok.csv")
    except InputError:
        # Control characters that make the text look binary are refused as a whole, by design.
        assert any(ch < " " and ch not in "\t\n\r" for _k, name, number, _d in rows for ch in name + number)
        return
    assert [(r.kind, r.name, r.number, r.valid_until) for r in parsed] == [
        (k, n.strip(), num.strip(), d) for k, n, num, d in rows
    ]


def test_a_kind_the_verifier_does_not_know_is_refused_at_import() -> None:
    text = ",".join(COLUMNS) + "\nspa_licence,X Clinic,,1,,,src,2026-10-01\n"
    try:
        parse_registry_csv(text.encode(), "r.csv")
    except InputError as exc:
        assert "line 2" in exc.render() and "spa_licence" in exc.render()
    else:
        raise AssertionError("an unknown kind must not be stored: verification could not read it back")
