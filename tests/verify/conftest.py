"""Fixtures for the verification tests: fake engines that return the classify/scan objects,
dossiers for a compliant clinic and its variations, and a fixed as-of date.

The fakes let each criterion be tested without depending on the classification and claim
engines' rules; `test_samples.py` runs the real engines end to end.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from regencheck.claims import ClaimFinding, ScanResult
from regencheck.classify import Classification, Condition, Ruling
from regencheck.knowledge import KnowledgeBase, load_knowledge
from regencheck.knowledge.loader import DATA_DIR
from regencheck.verify import RegistrySnapshot, Scorecard, parse_registry, verify_dossier
from regencheck.verify import engines as engines_module

AS_OF = date(2026, 11, 15)
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "regencheck" / "samples"

SVF_RULING: dict[str, Any] = {
    "category": "autologous_svf_same_day",
    "attributes": {"indication": "aesthetic"},
    "unknowns": [],
    "questions": [],
    "approved_product": None,
    "rulings": {
        "KR": {
            "status": "outside_scope",
            "risk_level": None,
            "facility_required": "licensed_medical_institution",
            "conditions": [],
            "summary": "Cosmetic same-day autologous SVF is ordinary practice under the Medical Act.",
            "citations": ["Enforcement Decree Art. 2"],
        }
    },
    "knowledge_version": "test",
}


def ruling(
    category: str,
    status: str,
    facility: str,
    conditions: list[dict[str, Any]] | None = None,
    risk: str | None = None,
) -> dict[str, Any]:
    """A classification JSON with the given category and Korean ruling."""
    out = copy.deepcopy(SVF_RULING)
    out["category"] = category
    out["rulings"]["KR"].update(
        status=status, facility_required=facility, conditions=conditions or [], risk_level=risk, summary=""
    )
    return out


# Phrases the fake scanner flags: (phrase, category, severity).
FAKE_RULES = [
    ("cure", "disease_treatment", "high"),
    ("reverses aging", "anti_aging_reversal", "high"),
    ("no side effects", "guarantee", "high"),
    ("instead of a facelift", "surgery_substitute", "high"),
    ("best clinic", "superlative_comparison", "medium"),
    ("stem cell exosome", "terminology_mismatch", "high"),
]


def classification_of(data: dict[str, Any]) -> Classification:
    """The engine's `Classification` for a classification JSON (what the fake engine returns)."""
    rulings = {
        code: Ruling(
            jurisdiction=code,
            status=r["status"],
            risk_level=r.get("risk_level"),
            facility_required=r["facility_required"],
            conditions=tuple(
                Condition(
                    id=c.get("id") or f"condition_{i + 1}",
                    text=c.get("text") or c.get("id") or "",
                    evidence_status=c.get("evidence_status") or "unknown",
                    source=tuple(c.get("source") or ()),
                )
                for i, c in enumerate(r.get("conditions") or [])
            ),
            summary=r.get("summary") or "",
            citations=tuple(r.get("citations") or ()),
            rule="fake",
        )
        for code, r in data["rulings"].items()
    }
    return Classification(
        category=data["category"],
        attributes=dict(data["attributes"]),
        unknowns=tuple(data["unknowns"]),
        questions=tuple(data["questions"]),
        questions_ko=(),
        approved_product=None,
        rulings=rulings,
        knowledge_version=data["knowledge_version"],
    )


def scan_result_of(data: dict[str, Any]) -> ScanResult:
    """The engine's `ScanResult` for a scan JSON (what the fake scanner returns)."""
    findings = [
        ClaimFinding(**{**f, "basis": tuple(f["basis"]), "cue": f.get("cue", "")}) for f in data["findings"]
    ]
    return ScanResult(source=data["source"], language=data["language"], findings=findings)


def fake_scan_dict(text: str, source: str) -> dict[str, Any]:
    lowered = text.lower()
    findings = []
    for phrase, category, severity in FAKE_RULES:
        start = lowered.find(phrase)
        if start >= 0:
            findings.append(
                {
                    "category": category,
                    "severity": severity,
                    "rule": f"fake.{category}",
                    "start": start,
                    "end": start + len(phrase),
                    "text": text[start : start + len(phrase)],
                    "sentence": text,
                    "explanation": "",
                    "basis": [],
                }
            )
    risk = max((f["severity"] for f in findings), key=["low", "medium", "high"].index, default="none")
    summary: dict[str, int] = {}
    for f in findings:
        summary[f["category"]] = summary.get(f["category"], 0) + 1
    return {
        "source": source,
        "language": "en",
        "risk": risk,
        "findings": findings,
        "suppressed": [],
        "summary": summary,
    }


@dataclass
class Engines:
    """Fake engines; set `classification` to change what the offering is, or to None (or
    `scanner` to False) to make that engine fail as a broken installation would."""

    classification: dict[str, Any] | None = field(default_factory=lambda: copy.deepcopy(SVF_RULING))
    scanner: bool = True
    classified: list[Any] = field(default_factory=list)

    def classify(self, therapy: Any, kb: Any) -> Classification:
        if self.classification is None:
            raise RuntimeError("the classification engine is unavailable")
        self.classified.append(therapy)
        return classification_of(self.classification)

    def scan_text(self, text: str, kb: Any, source: str = "<text>", language: Any = None) -> ScanResult:
        if not self.scanner:
            raise RuntimeError("the claim scanner is unavailable")
        return scan_result_of(fake_scan_dict(text, source))

    def scan_path(self, path: Any, kb: Any) -> ScanResult:
        if not self.scanner:
            raise RuntimeError("the claim scanner is unavailable")
        return scan_result_of(fake_scan_dict(Path(path).read_text(encoding="utf-8"), str(path)))


@pytest.fixture
def engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[Engines]:
    fake = Engines()
    monkeypatch.setattr(engines_module, "_classify", fake.classify)
    monkeypatch.setattr(engines_module, "_scan_text", fake.scan_text)
    monkeypatch.setattr(engines_module, "_scan_path", fake.scan_path)
    yield fake


REGISTRY_CSV = """kind,name,address,number,valid_from,valid_until,source,retrieved_on
medical_institution,Compliant Clinic,"1 Test-ro, Seoul",LIC-1,2010-01-01,,licence register,2026-10-01
foreign_patient_registration,Compliant Clinic,"1 Test-ro, Seoul",A-2024-01-01-00001,2024-01-01,2027-01-01,registration list,2026-10-01
foreign_patient_registration,Compliant Clinic,"1 Test-ro, Seoul",A-2020-01-01-00009,2020-01-01,2023-01-01,registration list,2026-10-01
foreign_patient_registration,Lapsed Clinic,"2 Test-ro, Seoul",A-2021-01-01-00002,2021-01-01,2024-01-01,registration list,2026-10-01
foreign_patient_registration,Good Agency,Singapore,A-2025-01-01-00003,2025-01-01,2028-01-01,registration list,2026-10-01
regenerative_medicine_institution,Designated Hospital,"3 Test-ro, Seoul",ARM-1,2021-01-01,,MOHW designated list,2026-09-15
cell_processing_licence,Good Cell Lab,Osong,CPF-1,2024-01-01,2027-01-01,MFDS licences,2026-09-15
cell_processing_licence,Old Cell Lab,Incheon,CPF-2,2019-01-01,2022-01-01,MFDS licences,2026-09-15
"""


@pytest.fixture
def registry() -> RegistrySnapshot:
    return parse_registry(REGISTRY_CSV, "test-registry.csv")


def _ev(kind: str | None = None, method: str = "document", checked_on: str = "2026-10-01") -> dict[str, Any]:
    out: dict[str, Any] = {
        "source": "test document",
        "checked_on": checked_on,
        "method": method,
        "checked_by": "verifier",
    }
    if kind:
        out["kind"] = kind
    return out


COMPLIANT: dict[str, Any] = {
    "clinic": {
        "name": "Compliant Clinic",
        "address": "1 Test-ro, Seoul",
        "institution_type": "clinic",
        "licence_number": "LIC-1",
        "price_tier": "premium",
        "evidence": _ev(method="registry"),
        "credentials": [
            {
                "kind": "foreign_patient_registration",
                "number": "A-2024-01-01-00001",
                "valid_until": "2027-01-01",
                "evidence": _ev(method="registry"),
            },
        ],
        "lab": {"site": "on_site", "name": "processing room", "evidence": _ev(method="site_visit")},
    },
    "specialist": {
        "name": "Dr. Test",
        "licence_number": "KMD-1",
        "specialty": "plastic_surgery",
        "board_certified": True,
        "subspecialty": "facelift",
        "years_in_subspecialty": 18,
        "cumulative_cases": 12000,
        "disciplinary_actions": [],
        "evidence": [_ev()],
    },
    "offering": {
        "marketing_name": "SVF-enriched fat grafting",
        "therapy": {"cell_source": "autologous", "tissue": "adipose", "manipulation": "minimal"},
        "indication": "aesthetic",
        "role": "adjunct",
        "base_procedure": "facelift",
    },
    "marketing": [{"text": "SVF from your own fat may help grafted fat survive. Results vary."}],
    "consultation": {
        "physician_led": True,
        "minutes": 40,
        "written_protocol": {
            "biologic": True,
            "source": True,
            "manipulation": True,
            "risk_class": True,
            "designation_status": True,
        },
        "consent": {
            "text": (
                "The SVF is minimally manipulated and used under the Medical Act. Results vary between patients. "
                "Risks include infection and bruising. Alternatives include fat grafting without SVF. "
                "Report any adverse event to the clinic's 24-hour line."
            )
        },
    },
    "quote": {
        "currency": "KRW",
        "lines": [{"item": "Facelift", "amount": 15000000}, {"item": "SVF processing", "amount": 5000000}],
    },
    "aftercare": {
        "follow_up_days": [7, 28, 90],
        "baseline_photos": True,
        "adverse_event_languages": ["en", "id"],
        "escalation_to_senior_physician": True,
        "remote_follow_up": True,
        "candidacy_screening": {
            "health": True,
            "anaesthesia": True,
            "donor_fat": True,
            "goals": True,
            "prior_procedures": True,
        },
    },
    "patient": {"home_country": "SG", "language": "en"},
}


def compliant() -> dict[str, Any]:
    """A fresh copy of the compliant clinic's dossier, to modify in one test."""
    return copy.deepcopy(COMPLIANT)


Verify = Callable[..., Scorecard]


@pytest.fixture(scope="session")
def vkb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The bundled root and verification knowledge only, so criterion tests do not depend on
    the other engines' data (their own tests cover it; `test_samples.py` uses everything)."""
    data = tmp_path_factory.mktemp("verify-kb")
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, data / path.name)
    shutil.copytree(DATA_DIR / "verify", data / "verify")
    return load_knowledge(data_dir=data)


@pytest.fixture
def verify(vkb: KnowledgeBase, engines: Engines) -> Verify:
    """verify_dossier with the bundled knowledge, the fake engines and the fixed as-of date."""

    def run(dossier: dict[str, Any], registry: RegistrySnapshot | None = None, **kw: Any) -> Scorecard:
        kw.setdefault("as_of", AS_OF)
        return verify_dossier(dossier, vkb, registry=registry, **kw)

    return run
