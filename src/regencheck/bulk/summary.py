"""The table a watchdog reads after a bulk run: documents, errors, risk distribution, findings
per category, the most frequent rules and the riskiest sources.

`BulkSummary` is fed one output record at a time and keeps only counters and a bounded heap
of the top sources, so summarising a million pages costs the same memory as ten.
"""

from __future__ import annotations

import csv
import heapq
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

RISK_LEVELS = ("high", "medium", "low", "none")
_RISK_RANK = {"none": 0, "low": 1, "medium": 2, "high": 3}


@dataclass
class BulkSummary:
    """Running totals over output records; `top_n` bounds the rules and sources listed."""

    top_n: int = 10
    documents: int = 0
    errors: int = 0
    bytes: int = 0
    risk: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    error_sources: list[str] = field(default_factory=list)
    _top: list[tuple[int, int, int, str]] = field(default_factory=list)
    _seq: int = 0

    def add(self, record: dict[str, Any]) -> None:
        """Count one output record (a scan result or an error line)."""
        self.documents += 1
        self.bytes += int(record.get("bytes") or 0)
        source = str(record.get("source", ""))
        if record.get("error"):
            self.errors += 1
            if len(self.error_sources) < self.top_n:
                self.error_sources.append(str(record["error"]))
            return
        risk = str(record.get("risk", "none"))
        self.risk[risk] += 1
        findings = record.get("findings") or []
        for finding in findings:
            self.categories[str(finding.get("category"))] += 1
            self.rules[str(finding.get("rule"))] += 1
        if findings:
            # Min-heap of (risk, findings, -arrival): the weakest of the kept sources is evicted.
            self._seq += 1
            item = (_RISK_RANK.get(risk, 0), len(findings), -self._seq, source)
            if len(self._top) < self.top_n:
                heapq.heappush(self._top, item)
            else:
                heapq.heappushpop(self._top, item)

    @property
    def worst_risk(self) -> str:
        """The highest risk of any document, for `--fail-on`."""
        return max(self.risk, key=lambda r: _RISK_RANK.get(r, 0), default="none") if self.risk else "none"

    def top_sources(self) -> list[tuple[str, str, int]]:
        """(source, risk, findings) of the riskiest documents, riskiest first."""
        names = {v: k for k, v in _RISK_RANK.items()}
        ranked = sorted(self._top, reverse=True)
        return [(source, names[rank], count) for rank, count, _, source in ranked]

    def rows(self) -> list[tuple[str, str, int, str]]:
        """The summary as (section, name, count, detail) rows: the CSV and the text table."""
        out: list[tuple[str, str, int, str]] = [
            ("totals", "documents", self.documents, ""),
            ("totals", "scanned", self.documents - self.errors, ""),
            ("totals", "errors", self.errors, ""),
            ("totals", "bytes", self.bytes, f"{self.bytes / 1e6:.1f} MB"),
        ]
        out += [("risk", level, self.risk.get(level, 0), "") for level in RISK_LEVELS]
        out += [
            ("category", name, n, "")
            for name, n in sorted(self.categories.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        out += [
            ("rule", name, n, "")
            for name, n in sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))[: self.top_n]
        ]
        out += [("source", source, n, risk) for source, risk, n in self.top_sources()]
        out += [("error", "", 1, reason) for reason in self.error_sources]
        return out


def summary_csv(summary: BulkSummary) -> str:
    """CSV with a header `section,name,count,detail`, one row per line of the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "name", "count", "detail"])
    writer.writerows(summary.rows())
    return buffer.getvalue()


_TITLES = {
    "totals": "Totals",
    "risk": "Documents by risk",
    "category": "Findings by category",
    "rule": "Most frequent rules",
    "source": "Riskiest sources (risk, findings)",
    "error": "First errors",
}


def render_summary(summary: BulkSummary) -> str:
    """A plain-text table, one block per section, counts right-aligned."""
    lines: list[str] = []
    current = ""
    rows = summary.rows()
    width = max((len(name) for _, name, _, _ in rows if len(name) <= 70), default=10)
    for section, name, count, detail in rows:
        if section != current:
            if lines:
                lines.append("")
            lines.append(_TITLES[section])
            current = section
        if section == "error":
            lines.append(f"  {detail}")
        elif section == "source":
            lines.append(f"  {detail:<6} {count:>5}  {name}")
        else:
            lines.append(f"  {name:<{width}} {count:>8}")
    return "\n".join(lines)


def summary_dict(summary: BulkSummary) -> dict[str, Any]:
    """The summary as JSON for tools (`--format json`)."""
    return {
        "documents": summary.documents,
        "scanned": summary.documents - summary.errors,
        "errors": summary.errors,
        "bytes": summary.bytes,
        "risk": {level: summary.risk.get(level, 0) for level in RISK_LEVELS},
        "categories": dict(sorted(summary.categories.items(), key=lambda kv: (-kv[1], kv[0]))),
        "top_rules": dict(sorted(summary.rules.items(), key=lambda kv: (-kv[1], kv[0]))[: summary.top_n]),
        "top_sources": [{"source": s, "risk": r, "findings": n} for s, r, n in summary.top_sources()],
        "first_errors": list(summary.error_sources),
    }
