"""The root of the command line: --version, --debug, python -m regencheck, shell completion."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import regencheck
from regencheck.cli import main


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"regencheck {version('regencheck')}"


def test_the_package_version_is_the_installed_one() -> None:
    assert regencheck.__version__ == version("regencheck")


def test_python_dash_m_runs_the_same_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "regencheck", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"regencheck {regencheck.__version__}"


def test_without_debug_a_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "therapy.yaml"
    bad.write_text("cell_source: martian\n", encoding="utf-8")
    assert main(["classify", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err and "cell_source" in err


def test_debug_is_a_root_option_that_shows_the_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "therapy.yaml"
    bad.write_text("cell_source: martian\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "regencheck", "--debug", "classify", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "ValidationFailed" in done.stderr


def test_debug_does_not_stick_to_the_next_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "therapy.yaml"
    bad.write_text("cell_source: martian\n", encoding="utf-8")
    assert main(["--debug", "knowledge", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["classify", str(bad)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_help_offers_shell_completion_and_the_root_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--install-completion", "--show-completion", "--debug", "--version"):
        assert option in out
