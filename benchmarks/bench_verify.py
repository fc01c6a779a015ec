"""How fast is a verification? Dossiers per second, with and without scanning a marketing page.

Figures are printed as milliseconds per dossier and as a ratio to a baseline measured in the same
run (validating the same dossier against its schema), so they compare across machines. Goals
(issue 4): a dossier in <= 10 ms without the scan, <= 50 ms with a typical page.

    .venv/bin/python benchmarks/bench_verify.py            # full run
    .venv/bin/python benchmarks/bench_verify.py --quick    # small sizes, a few seconds
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from regencheck.knowledge import default_knowledge
from regencheck.verify import load_registry, parse_dossier, verify_dossier

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "regencheck" / "samples"
AS_OF = date(2026, 11, 15)

# A typical clinic page: about 12 KB of marketing prose mixing neutral and red-flag sentences.
PAGE_SENTENCES = [
    "Our clinic combines a facelift with SVF-enriched fat grafting from your own fat.",
    "SVF is prepared on the same day in our processing room and returned in the same procedure.",
    "Results vary between patients, and SVF supports graft survival rather than replacing surgery.",
    "Many patients say they look ten years younger after the programme.",
    "Book a consultation with our board-certified plastic surgeons in Gangnam.",
    "Stem cells regenerate your skin from within and reverse aging.",
    "We are the best clinic in Seoul for natural results.",
    "Recovery usually takes two weeks; swelling and bruising are expected.",
]


def typical_page(target_bytes: int = 12_000) -> str:
    parts: list[str] = []
    size = 0
    i = 0
    while size < target_bytes:
        sentence = PAGE_SENTENCES[i % len(PAGE_SENTENCES)]
        parts.append(sentence)
        size += len(sentence.encode()) + 1
        i += 1
        if i % 4 == 0:
            parts.append("\n")
    return " ".join(parts)


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median seconds per call over `repeat` calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions and a small page")
    args = parser.parse_args()
    repeat = 15 if args.quick else 200
    page_bytes = 4_000 if args.quick else 12_000

    kb = default_knowledge()
    registry = load_registry(SAMPLES / "registry.csv")
    raw = yaml.safe_load((SAMPLES / "dossiers" / "svf_facelift_verified.yaml").read_text(encoding="utf-8"))

    no_scan = copy.deepcopy(raw)
    no_scan.pop("marketing", None)
    no_scan["consultation"].pop("consent", None)
    with_consent = copy.deepcopy(raw)
    with_consent.pop("marketing", None)
    with_page = copy.deepcopy(raw)
    with_page["marketing"] = [{"text": typical_page(page_bytes)}]

    baseline = timed(lambda: parse_dossier(raw), repeat)
    cases = [
        ("verify, no scan (no marketing, no consent)", no_scan),
        ("verify, consent audit only", with_consent),
        (f"verify + marketing page ({page_bytes // 1000} KB)", with_page),
    ]
    print(f"baseline: schema validation of the dossier {baseline * 1000:.3f} ms ({repeat} runs, median)")
    print(f"{'case':<48} {'ms/dossier':>10} {'dossiers/s':>11} {'x baseline':>11}")
    for label, dossier in cases:
        parsed = parse_dossier(dossier)
        seconds = timed(lambda d=parsed: verify_dossier(d, kb, registry=registry, as_of=AS_OF), repeat)
        print(f"{label:<48} {seconds * 1000:>10.2f} {1 / seconds:>11.0f} {seconds / baseline:>11.1f}")


if __name__ == "__main__":
    main()
