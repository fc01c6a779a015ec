"""The README tells the truth: its settings table matches the code and its sample paths exist."""

from __future__ import annotations

import re
from pathlib import Path

from regencheck.web.settings import SETTINGS_TABLE

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_settings_table_lists_exactly_the_settings_the_code_reads() -> None:
    documented = set(re.findall(r"^\| `(REGENCHECK_[A-Z_]+)` \|", README, flags=re.MULTILINE))
    assert documented == {env for _name, env, _help in SETTINGS_TABLE}


def test_every_bundled_path_the_readme_mentions_exists() -> None:
    paths = set(re.findall(r"(src/regencheck/[\w/.-]+\.(?:yaml|csv))", README))
    assert paths, "the README should point newcomers at bundled samples"
    for path in paths:
        assert (ROOT / path).is_file(), path


def test_the_readme_has_the_two_set_up_commands() -> None:
    assert "    ./scripts/demo\n" in README and "    ./scripts/test\n" in README
    assert (ROOT / "scripts" / "demo").is_file() and (ROOT / "scripts" / "test").is_file()
