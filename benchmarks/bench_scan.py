"""Throughput of the claim scanner against the bare multi-pattern match, on generated adverts
and on real-shaped pages.

Generates advert-like documents per language from templates (by default one sentence in twenty
makes a claim and one in fifty mentions one in a warning, negation, question or report; the rest
is ordinary clinic copy that nearly always holds a field word: set --claim-share to see how
density changes throughput), and takes real-shaped pages (the seed guides, the sample marketing
pages and consent forms, the corpus's Markdown documents), then times in the same run, on one
core:

  (a) bare match: the compiled Hyperscan database of every rule pattern over the UTF-8 bytes
      (the ceiling; pyahocorasick over the literal phrases when Hyperscan is missing);
  (b) rules: `scan_text(..., use_model=False)` with sentence finding, filters, Kiwi (Korean)
      and context;
  (c) rules + the learned sentence model (`scan_text` as shipped: screen, then judge with the
      sentence encoder on the sentences that matter);
  (d) rules + the model's screen alone (`use_encoder=False`);

and prints MB and documents per CPU second (per core), and the time ratios (b)/(a), (c)/(b) and
(c)/(a), all measured in the same run. Not run by the test suite.

    .venv/bin/python benchmarks/bench_scan.py            # 50 MB per language
    .venv/bin/python benchmarks/bench_scan.py --quick    # 2 MB per language
    .venv/bin/python benchmarks/bench_scan.py --mb 10 --language ko --no-kiwi-cache
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from regencheck.claims import scan_text
from regencheck.claims.compiled import compiled_context, compiled_rules
from regencheck.claims.extract import SUPPORTED_SUFFIXES, ScanLimits, extract_bytes
from regencheck.claims.korean import analyzer
from regencheck.claims.matcher import HyperscanMatcher, hyperscan_available
from regencheck.knowledge import KnowledgeBase, default_knowledge

EN_NEUTRAL = [
    "{clinic} is located a short walk from {station} station in {district}.",
    "Our coordinators speak English, Bahasa Indonesia and Mandarin.",
    "The consultation with Dr. {name} takes about {n} minutes and includes a skin analysis.",
    "Fat is harvested from the abdomen or thighs under local anaesthesia.",
    "Most patients return to their hotel on the same day.",
    "Please avoid alcohol and smoking for one week before the procedure.",
    "Follow-up visits are scheduled at week {n2} and month three.",
    "The quote lists the surgical fee and the laboratory fee separately.",
    "Mild swelling and bruising usually settle within a few days.",
    "We accept payment by card, bank transfer and cash in Korean won.",
    "Parking is available in the basement of the {clinic} building.",
    "Dr. {name} has practised plastic surgery in {district} for {n2} years.",
    "Bring your passport and a list of your current medications to the first visit.",
    "The laboratory processes the sample within four hours of harvesting.",
    "You can message our nurse team on WhatsApp after you return home.",
]
EN_CLAIMS = [
    "Our stem cell therapy cures {disease} without medication.",
    "Look {n2} years younger after a single session.",
    "There are absolutely no side effects and zero downtime.",
    "{pct}% of our patients report visible lifting within a week.",
    "We use umbilical cord stem cells for radiant, youthful skin.",
    "Try our stem cell exosome facial before your wedding.",
    "A non-surgical facelift powered by your own cells.",
    "{clinic} is the best stem cell clinic in {district}.",
    "Read our real patient stories and see the results.",
    "Book this month and get {pct2}% off the full package.",
    "Our FDA-approved stem cell treatment is trusted by celebrities.",
    "Results are guaranteed or your money back.",
]
EN_MENTIONS = [
    "Be wary of clinics that promise to cure {disease}.",
    "It does not reverse aging, and no honest surgeon will guarantee results.",
    "Can stem cells replace a facelift?",
    "Some clinics claim their injections have no side effects.",
]
KO_NEUTRAL = [
    "{clinic}은 {district}역에서 도보 5분 거리에 있습니다.",
    "상담은 {name} 원장이 직접 {n}분 동안 진행합니다.",
    "지방은 복부나 허벅지에서 국소 마취로 채취합니다.",
    "대부분의 고객은 당일 숙소로 돌아가십니다.",
    "시술 전 일주일 동안은 음주와 흡연을 피해 주세요.",
    "견적서에는 수술비와 세포 처리 비용이 따로 적혀 있습니다.",
    "가벼운 붓기와 멍은 보통 며칠 안에 가라앉습니다.",
    "카드, 계좌 이체, 현금 결제가 모두 가능합니다.",
    "건물 지하에 주차장이 있습니다.",
    "{name} 원장은 {n2}년 동안 성형외과 진료를 해 왔습니다.",
    "첫 방문 때 여권과 복용 중인 약 목록을 가져와 주세요.",
    "귀국 후에도 카카오톡으로 간호팀에 문의하실 수 있습니다.",
]
KO_CLAIMS = [
    "줄기세포 주사로 {disease}이 완치됩니다.",
    "한 번의 시술로 {n2}년 젊어집니다.",
    "부작용 걱정이 전혀 없는 시술입니다.",
    "시술 만족도 {pct}%를 자랑합니다.",
    "제대혈 줄기세포로 피부 노화를 되돌려 드립니다.",
    "줄기세포 배양액 앰플로 모공을 관리합니다.",
    "수술 없이 안면거상 효과를 누리세요.",
    "{district} 최고의 줄기세포 병원입니다.",
    "실제 고객들의 생생한 후기를 확인하세요.",
    "이번 달만 {pct2}% 할인 이벤트를 진행합니다.",
]
KO_MENTIONS = [
    "완치를 약속하는 병원은 의심해 봐야 합니다.",
    "줄기세포 시술은 질병을 치료하지 않습니다.",
    "정말 부작용이 없나요?",
    "일부 병원은 노화를 되돌린다고 광고한다.",
]
FILL = {
    "clinic": [
        "Seoul Glow Clinic",
        "Hanbit Clinic",
        "Lumiere Cell",
        "Daon Aesthetic",
        "리젠의원",
        "한빛의원",
    ],
    "district": ["Gangnam", "Sinsa", "Myeongdong", "Apgujeong", "강남", "신사"],
    "station": ["Sinsa", "Apgujeong", "Gangnam", "Yeoksam"],
    "name": ["Kim", "Lee", "Park", "Choi", "김", "이"],
    "disease": ["arthritis", "diabetes", "hair loss", "knee pain", "관절염", "당뇨"],
}


def _fill(template: str, rng: random.Random) -> str:
    values = {k: rng.choice(v) for k, v in FILL.items()}
    values |= {"n": str(rng.randint(20, 60)), "n2": str(rng.randint(2, 15))}
    values |= {"pct": str(rng.randint(80, 99)), "pct2": str(rng.randint(10, 50))}
    return template.format(**values)


def generate(
    language: str, total_bytes: int, claim_share: float = 0.05, mention_share: float = 0.02, seed: int = 7
) -> list[str]:
    """Advert-like documents of 4–16 KB with the given shares of claim and mention sentences."""
    rng = random.Random(seed)
    neutral, claims, mentions = (
        (EN_NEUTRAL, EN_CLAIMS, EN_MENTIONS) if language == "en" else (KO_NEUTRAL, KO_CLAIMS, KO_MENTIONS)
    )
    docs: list[str] = []
    size = 0
    while size < total_bytes:
        target = rng.randint(4_000, 16_000)
        parts: list[str] = []
        doc_size = 0
        while doc_size < target:
            roll = rng.random()
            pool = (
                claims if roll < claim_share else mentions if roll < claim_share + mention_share else neutral
            )
            sentence = _fill(rng.choice(pool), rng)
            parts.append(sentence)
            doc_size += len(sentence.encode()) + 1
            if rng.random() < 0.2:
                parts.append("\n")
        doc = " ".join(parts)
        docs.append(doc)
        size += len(doc.encode())
    return docs


def _time(fn: Callable[[], object]) -> float:
    """CPU seconds of this process: MB per CPU second is throughput per core, and it is not
    inflated by other jobs sharing the machine the way wall-clock time is."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def page_documents(megabytes: float) -> list[str]:
    """Real-shaped pages, repeated to the size asked: the seed guides (../shared/seeds, when
    present), the sample marketing pages and consent forms (extracted as the scanner reads them)
    and the labelled corpus's Markdown documents. Unlike the generated adverts, most of their
    sentences are expository prose, tables and navigation, as on a real site."""
    root = Path(__file__).resolve().parents[1]
    texts: list[str] = []
    seeds = root.parent / "shared" / "seeds"
    if seeds.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    for path in sorted((root / "src" / "regencheck" / "samples" / "marketing").iterdir()):
        if path.suffix in SUPPORTED_SUFFIXES:
            texts.append(extract_bytes(path.read_bytes(), path.name, ScanLimits()).text)
    for path in sorted((root / "corpus" / "claims").rglob("doc_*.yaml")):
        if "heldout" in path.parts:
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts.append(doc.get("join", "\n").join(item["text"] for item in doc["items"]))
    out: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        for text in texts:
            out.append(text)
            size += len(text.encode())
    return out


def bench_language(kb: KnowledgeBase, language: str, megabytes: float, claim_share: float = 0.05) -> None:
    if language == "pages":
        docs = page_documents(megabytes)
        label = "real-shaped pages (seeds, samples, corpus documents)"
    else:
        docs = generate(language, int(megabytes * 1_000_000), claim_share, claim_share * 0.4)
        label = f"generated adverts, claim sentences {claim_share:.0%}"
    encoded = [d.encode() for d in docs]
    mb = sum(len(b) for b in encoded) / 1_000_000
    rules = compiled_rules(kb)
    compiled_context(kb)
    print(f"\n[{language}] {len(docs):,} documents, {mb:.1f} MB, {label}")

    if hyperscan_available():
        matcher = HyperscanMatcher(rules.expressions)
        engine = f"hyperscan, {len(rules.expressions)} patterns"

        def bare() -> None:
            for data in encoded:
                matcher.scan_bytes(data)
    else:  # pragma: no cover
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for i, ref in enumerate(rules.refs):
            if ref.kind == "phrase":
                automaton.add_word(ref.source.lower(), i)
        automaton.make_automaton()
        engine = "pyahocorasick over literal phrases"

        def bare() -> None:
            for doc in docs:
                list(automaton.iter(doc.lower()))

    scan_text(docs[0], kb)  # warm the Kiwi cache and load the model, as a long-running scanner would
    counts = {"rules": 0, "model": 0, "screen": 0}

    def rules_only() -> None:
        for doc in docs:
            counts["rules"] += len(scan_text(doc, kb, use_model=False).findings)

    def with_model() -> None:
        for doc in docs:
            counts["model"] += len(scan_text(doc, kb).findings)

    def with_screen() -> None:
        for doc in docs:
            counts["screen"] += len(scan_text(doc, kb, use_encoder=False).findings)

    t_bare = _time(bare)
    t_rules = _time(rules_only)
    t_model = _time(with_model)
    t_screen = _time(with_screen)
    print(f"  (a) bare match ({engine}): {mb / t_bare:8.1f} MB/s/core  {len(docs) / t_bare:9.0f} docs/s/core")
    print(
        f"  (b) rules with context:               {mb / t_rules:8.1f} MB/s/core  {len(docs) / t_rules:9.0f} docs/s/core"
    )
    print(
        f"  (c) rules + learned sentence model:   {mb / t_model:8.1f} MB/s/core  {len(docs) / t_model:9.0f} docs/s/core"
    )
    print(
        f"  (d) rules + the model's screen only:  {mb / t_screen:8.1f} MB/s/core  {len(docs) / t_screen:9.0f} docs/s/core"
    )
    print(
        f"  ratios: rules/bare {t_rules / t_bare:.2f}x the time, model/rules {t_model / t_rules:.2f}x, "
        f"model/bare {t_model / t_bare:.2f}x, screen-only/rules {t_screen / t_rules:.2f}x"
    )
    print(
        f"  findings: rules {counts['rules']:,} ({counts['rules'] / mb:.0f} per MB), "
        f"with model {counts['model']:,} ({counts['model'] / mb:.0f} per MB), "
        f"screen only {counts['screen']:,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 MB per language")
    parser.add_argument("--mb", type=float, default=50.0, help="MB of text per language (default 50)")
    parser.add_argument(
        "--language", choices=["en", "ko", "pages"], action="append", help="default: en, ko and pages"
    )
    parser.add_argument(
        "--claim-share", type=float, default=0.05, help="share of claim sentences (default 0.05)"
    )
    parser.add_argument(
        "--no-kiwi-cache", action="store_true", help="analyse every Korean word afresh (worst case)"
    )
    args = parser.parse_args()
    megabytes = 2.0 if args.quick else args.mb
    kb = default_knowledge()
    if args.no_kiwi_cache:
        analyzer().cache_size = 0
    for language in args.language or ["en", "ko", "pages"]:
        bench_language(kb, language, megabytes, args.claim_share)


if __name__ == "__main__":
    main()
