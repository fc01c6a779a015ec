"""Score the classifier on a round of described therapies with known answers.

`python -m regencheck.classify.evaluate DIR…` reads every `*.yaml` under each directory (the
round format is in `corpus/classify/README.md`), classifies each case's text and prints, per
language, how often the category and the Korean (and, where given, US) status were right, then
the misses. `score` is the pure core; `load_cases` and `main` are the thin file and CLI layers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import ValidationFailed
from .engine import classify
from .result import Classification

#: What a case may expect: the category and any jurisdiction's status.
EXPECT_KEYS = ("category", "KR", "US")


@dataclass(frozen=True)
class Case:
    """One description and the answers the knowledge base's rules give for it."""

    id: str
    text: str
    language: str
    expect: dict[str, str]
    why: str = ""


@dataclass(frozen=True)
class Miss:
    case: Case
    key: str
    expected: str
    got: str


@dataclass
class Tally:
    """Right answers per expected key for one language."""

    cases: int = 0
    right: dict[str, int] = field(default_factory=dict)
    asked: dict[str, int] = field(default_factory=dict)

    def accuracy(self, key: str) -> float | None:
        asked = self.asked.get(key, 0)
        return self.right.get(key, 0) / asked if asked else None


@dataclass
class Report:
    tallies: dict[str, Tally]
    misses: list[Miss]

    def overall(self, key: str) -> float | None:
        asked = sum(t.asked.get(key, 0) for t in self.tallies.values())
        right = sum(t.right.get(key, 0) for t in self.tallies.values())
        return right / asked if asked else None


def _answer(result: Classification, key: str) -> str:
    return result.category if key == "category" else result.rulings[key].status


def score(cases: Iterable[Case], classify_text: Callable[[str], Classification] = classify) -> Report:
    """Classify every case and compare with what it expects."""
    tallies: dict[str, Tally] = {}
    misses: list[Miss] = []
    for case in cases:
        tally = tallies.setdefault(case.language, Tally())
        tally.cases += 1
        result = classify_text(case.text)
        for key in EXPECT_KEYS:
            expected = case.expect.get(key)
            if expected is None:
                continue
            got = _answer(result, key)
            tally.asked[key] = tally.asked.get(key, 0) + 1
            if got == expected:
                tally.right[key] = tally.right.get(key, 0) + 1
            else:
                misses.append(Miss(case, key, expected, got))
    return Report(tallies, misses)


def _case(raw: object, language: str, where: str) -> Case:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or "id" not in raw:
        raise ValidationFailed(f"{where}: each case needs an id and a text")
    expect = raw.get("expect") or {}
    unknown = set(expect) - set(EXPECT_KEYS)
    if unknown or "category" not in expect:
        raise ValidationFailed(
            f"{where}: case {raw['id']}: expect needs a category and may hold {', '.join(EXPECT_KEYS)}"
        )
    return Case(
        str(raw["id"]),
        raw["text"],
        str(raw.get("language", language)),
        {k: str(v) for k, v in expect.items()},
        str(raw.get("why", "")),
    )


def load_cases(paths: Sequence[Path]) -> list[Case]:
    """The cases of every round file under the given files or directories, in name order."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise ValidationFailed(f"no round files (*.yaml) under {', '.join(map(str, paths))}")
    cases: list[Case] = []
    for file in files:
        try:
            doc = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ValidationFailed(f"{file}: not valid YAML ({exc})") from None
        language = str(doc.get("language", "en"))
        cases += [_case(raw, language, str(file)) for raw in doc.get("cases") or []]
    return cases


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.3f}"


def render(report: Report) -> str:
    """The report as the CLI prints it: a table per language, then the misses."""
    lines = [f"{'language':<9}{'cases':>6}  {'category':>8}  {'KR':>6}  {'US':>6}"]
    for language in sorted(report.tallies):
        t = report.tallies[language]
        lines.append(
            f"{language:<9}{t.cases:>6}  {_pct(t.accuracy('category')):>8}  "
            f"{_pct(t.accuracy('KR')):>6}  {_pct(t.accuracy('US')):>6}"
        )
    total = sum(t.cases for t in report.tallies.values())
    lines.append(
        f"{'all':<9}{total:>6}  {_pct(report.overall('category')):>8}  "
        f"{_pct(report.overall('KR')):>6}  {_pct(report.overall('US')):>6}"
    )
    if report.misses:
        lines.append("")
        lines.append(f"misses ({len(report.misses)}):")
        for m in report.misses:
            lines.append(f"  {m.case.id} {m.key}: expected {m.expected}, got {m.got}  | {m.case.text[:90]}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m regencheck.classify.evaluate", description="Score the classifier on rounds."
    )
    parser.add_argument("paths", nargs="+", type=Path, help="round directories or files")
    args = parser.parse_args(argv)
    try:
        report = score(load_cases(args.paths))
    except ValidationFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
