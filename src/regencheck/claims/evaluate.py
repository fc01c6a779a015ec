"""Precision, recall and F1 of the claim scanner on a labelled corpus (see corpus/claims/README.md).

Scoring is per item (a sentence, or a sentence of a document): the set of categories found in
the item's span is compared with its labels. The report also gives the share of warning,
negated, question, reported and hypothetical items that were flagged (they must not be), and
the findings on any "responsible" texts given with `--responsible` (e.g. the seed guides).

Run: ``python -m regencheck.claims.evaluate [--corpus DIR] [--responsible FILE ...] [--json]``;
``--compare`` prints the rules alone and the rules with the learned layer side by side.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from ..errors import RegencheckError
from ..inputs import load_structured_file
from ..knowledge import KnowledgeBase, default_knowledge
from ..knowledge.common import StrictModel
from .scanner import scan_path, scan_text
from .schema import CATEGORIES, ClaimCategory

ItemType = str
MENTION_TYPES = ("warning", "negated", "question", "reported", "hypothetical")


class CorpusItem(StrictModel):
    text: str
    labels: list[ClaimCategory] = Field(default_factory=list)
    type: str = "neutral"


class CorpusFile(StrictModel):
    language: str
    kind: str = "sentences"
    join: str = "\n"
    items: list[CorpusItem]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


@dataclass
class Tally:
    per_category: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    mentions: int = 0
    mentions_flagged: int = 0
    claims: int = 0
    claims_found: int = 0
    claims_found_in_category: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, item: CorpusItem, found: set[str], where: str) -> None:
        gold = set(item.labels)
        for c in CATEGORIES:
            counts = self.per_category[c]
            if c in gold and c in found:
                counts.tp += 1
            elif c in found:
                counts.fp += 1
            elif c in gold:
                counts.fn += 1
        if item.type in MENTION_TYPES:
            self.mentions += 1
            self.mentions_flagged += bool(found)
        if item.type == "claim":
            self.claims += 1
            self.claims_found += bool(found)
            self.claims_found_in_category += bool(found & gold)
        if found != gold:
            self.errors.append(
                {"where": where, "text": item.text, "expected": sorted(gold), "found": sorted(found)}
            )


def default_corpus_dir() -> Path:
    """corpus/claims in a source checkout (the corpus is not part of the installed package)."""
    return Path(__file__).resolve().parents[3] / "corpus" / "claims"


def _score_file(path: Path, doc: CorpusFile, kb: KnowledgeBase, tally: Tally, use_model: bool) -> None:
    if doc.kind == "document":
        spans = []
        parts = []
        pos = 0
        for item in doc.items:
            spans.append((pos, pos + len(item.text)))
            parts.append(item.text)
            pos += len(item.text) + len(doc.join)
        result = scan_text(doc.join.join(parts), kb, use_model=use_model)
        for item, (s, e) in zip(doc.items, spans, strict=True):
            found = {f.category for f in result.findings if s <= f.start < e}
            tally.add(item, found, path.name)
        return
    for item in doc.items:
        found = {f.category for f in scan_text(item.text, kb, use_model=use_model).findings}
        tally.add(item, found, path.name)


def evaluate_corpus(
    corpus: Path,
    kb: KnowledgeBase | None = None,
    responsible: list[Path] | None = None,
    *,
    use_model: bool = True,
) -> dict[str, Any]:
    """Score the scanner on every YAML file of `corpus`; returns the report as a dict.
    `use_model=False` scores the rules alone (the learned sentence layer off)."""
    kb = kb or default_knowledge()
    files = sorted(corpus.glob("*.yaml"))
    if not files:
        raise RegencheckError(f"{corpus}: no corpus files (*.yaml); pass --corpus DIR")
    tally = Tally()
    by_language: dict[str, Tally] = {}
    for path in files:
        doc = CorpusFile.model_validate(load_structured_file(path))
        _score_file(path, doc, kb, tally, use_model)
        _score_file(path, doc, kb, by_language.setdefault(doc.language, Tally()), use_model)
    total = Counts()
    high = Counts()
    high_categories = _high_categories(kb)
    for c, counts in tally.per_category.items():
        total.tp += counts.tp
        total.fp += counts.fp
        total.fn += counts.fn
        if c in high_categories:
            high.tp += counts.tp
            high.fp += counts.fp
            high.fn += counts.fn
    report: dict[str, Any] = {
        "corpus": str(corpus),
        "model": use_model,
        "files": [p.name for p in files],
        "per_category": {c: {**n.scores(), "support": n.tp + n.fn} for c, n in tally.per_category.items()},
        "overall": total.scores(),
        "high_severity": {**high.scores(), "categories": sorted(high_categories)},
        "per_language": {
            lang: _overall(t).scores() | {"mentions_flagged_share": _share(t)} | _claim_items(t)
            for lang, t in sorted(by_language.items())
        },
        "claim_items": _claim_items(tally),
        "mentions": tally.mentions,
        "mentions_flagged": tally.mentions_flagged,
        "mentions_flagged_share": _share(tally),
        "errors": tally.errors,
    }
    if responsible:
        report["responsible"] = [
            {"file": str(p), "findings": len(r.findings), "summary": r.summary, "error": r.error}
            for p in responsible
            for r in [scan_path(p, kb)]
        ]
    return report


def _overall(t: Tally) -> Counts:
    out = Counts()
    for n in t.per_category.values():
        out.tp += n.tp
        out.fp += n.fp
        out.fn += n.fn
    return out


def _claim_items(t: Tally) -> dict[str, float]:
    """Per claim sentence: the share flagged at all, and of those, the share with at least one
    expected category (the "category accuracy" of issue 9)."""
    return {
        "claims_found_share": round(t.claims_found / t.claims, 3) if t.claims else 0.0,
        "category_accuracy": round(t.claims_found_in_category / t.claims_found, 3) if t.claims_found else 0.0,
    }


def _share(t: Tally) -> float:
    return round(t.mentions_flagged / t.mentions, 3) if t.mentions else 0.0


def _high_categories(kb: KnowledgeBase) -> set[str]:
    from .compiled import rule_packs

    return {r.category for pack in rule_packs(kb) for r in pack.rules if r.severity == "high"}


def render_report(report: dict[str, Any]) -> str:
    """The report as a table for a terminal."""
    layer = "rules + learned sentence model" if report.get("model", True) else "rules alone"
    lines = [f"Claim scanner evaluation ({layer}) on {report['corpus']} ({', '.join(report['files'])})", ""]
    lines.append(f"{'category':<26}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}")
    for c, s in report["per_category"].items():
        lines.append(f"{c:<26}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['support']:>9}")
    o = report["overall"]
    h = report["high_severity"]
    lines.append(f"{'OVERALL (micro)':<26}{o['precision']:>7.3f}{o['recall']:>7.3f}{o['f1']:>7.3f}")
    lines.append(f"{'HIGH-SEVERITY categories':<26}{h['precision']:>7.3f}{h['recall']:>7.3f}{h['f1']:>7.3f}")
    for lang, s in report["per_language"].items():
        lines.append(
            f"{'language ' + lang:<26}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
            f"   mentions flagged {s['mentions_flagged_share']:.1%}"
            f"   claims found {s['claims_found_share']:.1%} (in an expected category {s['category_accuracy']:.1%})"
        )
    lines.append("")
    lines.append(
        f"Warning/negated/question/reported/hypothetical items flagged: {report['mentions_flagged']} of "
        f"{report['mentions']} ({report['mentions_flagged_share']:.1%})"
    )
    for r in report.get("responsible", []):
        lines.append(
            f"Responsible text {r['file']}: {r['findings']} finding(s) {r['summary'] or ''} {r['error'] or ''}"
        )
    if report["errors"]:
        lines.append("")
        lines.append(f"Disagreements ({len(report['errors'])}):")
        for e in report["errors"]:
            lines.append(f"  [{e['where']}] expected {e['expected']} found {e['found']}: {e['text'][:110]}")
    return "\n".join(lines)


def render_comparison(rules: dict[str, Any], model: dict[str, Any]) -> str:
    """The issue-9 figures side by side: the rules alone, then with the learned layer."""
    lines = [
        f"Claim scanner on {rules['corpus']}: rules alone against rules + learned sentence model",
        "",
        f"{'':14}{'layer':<16}{'recall':>8}{'precision':>11}{'claims found':>14}{'in category':>13}{'mentions flagged':>18}",
    ]
    for scope in ["all", *sorted(rules["per_language"])]:
        for name, report in (("rules", rules), ("rules + model", model)):
            if scope == "all":
                s = (
                    report["overall"]
                    | report["claim_items"]
                    | {"mentions_flagged_share": report["mentions_flagged_share"]}
                )
            else:
                s = report["per_language"][scope]
            lines.append(
                f"{scope:<14}{name:<16}{s['recall']:>8.3f}{s['precision']:>11.3f}{s['claims_found_share']:>14.1%}"
                f"{s['category_accuracy']:>13.1%}{s['mentions_flagged_share']:>18.1%}"
            )
    lines += [
        "",
        "recall and precision: per label (micro); claims found: claim sentences with any finding;",
        "in category: of those, with an expected category; mentions flagged: warnings, negations,",
        "questions, reports and hypotheticals that got a finding.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: prints the report; exit 1 when the corpus cannot be read."""
    parser = argparse.ArgumentParser(
        prog="python -m regencheck.claims.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--corpus", type=Path, default=default_corpus_dir())
    parser.add_argument(
        "--responsible", type=Path, nargs="*", default=[], help="Texts that should yield few findings."
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-model", action="store_true", help="Score the rules alone.")
    parser.add_argument(
        "--compare", action="store_true", help="Print the rules alone and rules + model side by side."
    )
    args = parser.parse_args(argv)
    if args.compare:
        try:
            rules = evaluate_corpus(args.corpus, use_model=False)
            model = evaluate_corpus(args.corpus, use_model=True)
        except RegencheckError as exc:
            print(f"error: {exc.render()}", file=sys.stderr)
            return 1
        print(json.dumps({"rules": rules, "model": model}) if args.json else render_comparison(rules, model))
        return 0
    try:
        report = evaluate_corpus(args.corpus, responsible=args.responsible, use_model=not args.no_model)
    except RegencheckError as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return 1
    print(json.dumps(report, ensure_ascii=False) if args.json else render_report(report))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
