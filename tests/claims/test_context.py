"""Context decides: warnings, negations, questions and reports are not claims; negated risk is."""

from __future__ import annotations

import pytest

from regencheck.claims import scan_text
from regencheck.claims.compiled import compiled_context
from regencheck.claims.features import CUE_KINDS, cue_features
from regencheck.knowledge import KnowledgeBase


def _contexts(kb: KnowledgeBase, text: str) -> list[str]:
    return [s.context for s in scan_text(text, kb).suppressed]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Be wary of clinics promising to cure arthritis.", "warning"),
        ("Stem cells that reverse aging are a red flag.", "warning"),
        ("Any offer of donor stem cells for skin should be treated with skepticism.", "warning"),
        ("It does not cure arthritis.", "negated"),
        ("Can it replace a facelift?", "question"),
        ("Some clinics claim their cells reverse aging.", "reported"),
        ("If a clinic advertises guaranteed results, walk away.", "hypothetical"),
        ("줄기세포 시술은 관절염을 치료하지 않는다.", "negated"),
        ("완치된다는 광고에 현혹되지 말고 근거를 확인하세요.", "warning"),
        ("관절염이 완치된다고 광고한다.", "reported"),
        ("정말 노화를 되돌릴 수 있나요?", "question"),
    ],
)
def test_it_suppresses_mentions_that_are_not_claims(
    claims_kb: KnowledgeBase, text: str, context: str
) -> None:
    result = scan_text(text, claims_kb)
    assert result.findings == []
    assert context in [s.context for s in result.suppressed]


def test_it_records_the_cue_that_suppressed_a_mention(claims_kb: KnowledgeBase) -> None:
    (mention,) = scan_text("Be wary of clinics that promise a miracle cure.", claims_kb).suppressed
    assert "wary" in mention.cue or "clinics that" in mention.cue


@pytest.mark.parametrize(
    "text",
    [
        "Our treatment has no side effects.",
        "Virtually no risk and zero downtime.",
        "부작용 걱정이 전혀 없는 시술입니다.",
        "It does not cause any scarring.",
    ],
)
def test_a_negated_risk_in_marketing_is_a_guarantee_claim(claims_kb: KnowledgeBase, text: str) -> None:
    categories = [f.category for f in scan_text(text, claims_kb).findings]
    assert "guarantee" in categories


def test_each_negated_risk_in_a_list_is_its_own_claim(claims_kb: KnowledgeBase) -> None:
    findings = scan_text("Virtually no risk and zero downtime.", claims_kb).findings
    assert sorted(f.text for f in findings) == ["Virtually no risk", "zero downtime"]


def test_a_negated_risk_claim_names_the_negation_in_its_cue(claims_kb: KnowledgeBase) -> None:
    (finding,) = scan_text("We promise no side effects at all.", claims_kb).findings
    assert finding.cue.startswith("negated risk")


def test_a_terminator_ends_a_reported_scope(claims_kb: KnowledgeBase) -> None:
    result = scan_text("Some clinics only talk, but we guarantee results.", claims_kb)
    assert [f.category for f in result.findings] == ["guarantee"]


def test_a_pseudo_trigger_does_not_negate(claims_kb: KnowledgeBase) -> None:
    result = scan_text("Not only do we guarantee results, we also offer free parking.", claims_kb)
    assert "guarantee" in [f.category for f in result.findings]


def test_the_letters_of_a_warning_word_inside_a_korean_verb_ending_do_not_warn(
    claims_kb: KnowledgeBase,
) -> None:
    # "맡기시기만 하면" (just leave it to us) holds 기만 (deception), which warns as a word.
    claim = scan_text("위험 부담 제로, 믿고 맡기시기만 하면 됩니다.", claims_kb, use_model=False)
    assert [f.category for f in claim.findings] == ["guarantee"]
    warning = scan_text("'위험 부담 제로'라는 기만 광고를 조심하세요.", claims_kb, use_model=False)
    assert warning.findings == []
    assert [m.context for m in warning.suppressed] == ["warning"]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("저희 의원은 줄기세포로 관절염이 완치된다고 말씀드리지 않습니다.", "negated"),
        ("솔직히 10년 젊어졌다거나 그런 변화는 전혀 없었어요.", "negated"),
        ("정부가 이 시술의 효과를 인증해 준 적은 한 번도 없습니다.", "negated"),
        ("무릎 주사 맞으면 인공관절 수술 안 해도 되는 건지 궁금합니다.", "question"),
    ],
)
def test_a_korean_claim_whose_saying_is_denied_or_asked_about_is_a_mention(
    claims_kb: KnowledgeBase, text: str, context: str
) -> None:
    # The quotative 다고/라고 ends in 고, which also joins clauses; the denial after it is its
    # own cue, as are "…한 적이 없다" (never happened) and an indirect question (…건지 궁금합니다).
    result = scan_text(text, claims_kb, use_model=False)
    assert result.findings == []
    assert [m.context for m in result.suppressed] == [context]


def test_the_same_korean_claims_said_outright_stay_claims(claims_kb: KnowledgeBase) -> None:
    for text in ("줄기세포로 관절염을 완치합니다.", "정부가 효과를 인증한 시술입니다."):
        assert scan_text(text, claims_kb, use_model=False).findings, text


def test_a_rhetorical_sales_question_is_still_a_claim(claims_kb: KnowledgeBase) -> None:
    result = scan_text("Why go under the knife when your own cells can lift your face?", claims_kb)
    assert [f.category for f in result.findings] == ["surgery_substitute"]


def test_items_of_a_list_introduced_as_red_flags_are_warnings(claims_kb: KnowledgeBase) -> None:
    text = "Red flags to watch for:\n- guaranteed results\n- donor stem cells for skin rejuvenation\n"
    result = scan_text(text, claims_kb)
    assert result.findings == []
    assert {s.context for s in result.suppressed} == {"warning"}


def test_items_of_an_ordinary_list_stay_claims(claims_kb: KnowledgeBase) -> None:
    text = "Why choose us:\n- guaranteed results\n- zero downtime\n"
    assert len(scan_text(text, claims_kb).findings) == 2


def test_a_mixed_language_page_is_handled_sentence_by_sentence(claims_kb: KnowledgeBase) -> None:
    text = "Our cells cure arthritis. 부작용이 없습니다. Be wary of miracle cures."
    result = scan_text(text, claims_kb)
    assert {f.category for f in result.findings} == {"disease_treatment", "guarantee"}
    assert [s.context for s in result.suppressed] == ["warning"]


@pytest.mark.parametrize(
    "text",
    [
        "줄기세포 시술은 질병을 치료하거나 노화를 되돌리는 시술이 아니다.",
        "이 주사는 관절염을 완치하지 않습니다.",
        "반드시 검증된 기관에서 받아야 한다.",
    ],
)
def test_korean_copular_negation_long_negation_and_obligation_are_not_claims(
    claims_kb: KnowledgeBase, text: str
) -> None:
    assert scan_text(text, claims_kb, use_model=False).findings == []


def test_a_korean_claim_with_a_guarantee_word_still_stands(claims_kb: KnowledgeBase) -> None:
    assert "guarantee" in {f.category for f in scan_text("반드시 효과를 보장합니다.", claims_kb).findings}


def test_a_korean_contrast_of_what_the_law_allows_is_left_alone_with_the_model(
    claims_kb: KnowledgeBase,
) -> None:
    # The rule's span crosses the contrast, so the rules alone flag it; the model reads it as
    # an explanation and vetoes it.
    text = "당일 채취한 지방 세포 시술은 허용되지만 배양한 줄기세포의 미용 목적 사용은 제한된다."
    assert scan_text(text, claims_kb).findings == []


@pytest.mark.parametrize(
    "text",
    [
        "Alternatives: a facelift without fat grafting, or no treatment at all.",
        "대안: 지방이식 없이 하는 안면거상술.",
    ],
)
def test_a_consent_forms_list_of_alternatives_is_not_a_surgery_substitute_claim(
    claims_kb: KnowledgeBase, text: str
) -> None:
    assert scan_text(text, claims_kb, use_model=False).findings == []


def test_an_advert_offering_an_alternative_to_surgery_is_still_a_claim(claims_kb: KnowledgeBase) -> None:
    found = scan_text("An alternative to surgery that really works.", claims_kb).findings
    assert [f.category for f in found] == ["surgery_substitute"]


@pytest.mark.parametrize(
    "text",
    [
        "The brochure promised that the infusion cures arthritis within weeks, the lawsuit says.",
        "According to the complaint, staff said the shots were completely risk-free.",
        "Reportedly, the centre guaranteed results to every visitor.",
        "The clinic told patients its cells reverse ageing, regulators said on Friday.",
        "Court papers show the company advertised a cure for Parkinson's disease.",
        "피해자들은 병원이 관절염이 완치된다고 장담했다고 증언했다.",
        "조사 결과 해당 업체는 부작용이 전혀 없다고 안내한 것으로 드러났다.",
        "식약처는 이 제품이 노화를 되돌린다는 광고를 적발했다고 밝혔다.",
        # Hearsay of a provider's promise in a patient's or reader's voice.
        "My sister said the consultant promised her there would be no side effects at all.",
        "A reviewer wrote that the agent pushed a 40% discount that expired the same day.",
        "Several readers said Bomi Clinic told them the shots replace knee surgery.",
        "친구 말로는 그 병원이 관절염이 완치된다고 했대요.",
        "동네 언니는 원장님이 국내 유일이라고 자랑하더라고 했어요.",
    ],
)
def test_a_third_party_report_of_a_claim_is_not_a_claim(claims_kb: KnowledgeBase, text: str) -> None:
    """News, court and regulator voices report a clinic's claim; the rules alone leave them."""
    result = scan_text(text, claims_kb, use_model=False)
    assert result.findings == []
    assert "reported" in [s.context for s in result.suppressed]


def test_a_clinic_reporting_its_own_promise_still_claims_it(claims_kb: KnowledgeBase) -> None:
    # "We" ends a reported scope: the clinic is speaking for itself.
    result = scan_text("According to our doctors, we guarantee results.", claims_kb, use_model=False)
    assert [f.category for f in result.findings] == ["guarantee"]


def test_a_clinic_quoting_its_own_patients_still_claims(claims_kb: KnowledgeBase) -> None:
    # Hearsay cues need a provider's promise reported by someone else; a clinic passing on what
    # its patients told it is a testimonial.
    result = scan_text(
        "One patient told us her knee pain vanished after a single injection.", claims_kb, use_model=False
    )
    assert {"testimonial", "disease_treatment"} <= {f.category for f in result.findings}


def test_a_clinic_describing_itself_in_the_third_person_still_claims(claims_kb: KnowledgeBase) -> None:
    # Advertorials speak of "the clinic" in the present tense; reports speak in the past.
    result = scan_text(
        "The clinic promises results that are guaranteed for life.", claims_kb, use_model=False
    )
    assert "guarantee" in [f.category for f in result.findings]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        # Inverted conditionals open a sentence the way "if" does.
        (
            "Should anyone tell you the treatment has no side effects at all, ask for it in writing.",
            "hypothetical",
        ),
        (
            "Were the injection really able to replace surgery, orthopaedic guidelines would say so.",
            "hypothetical",
        ),
        ("Had the drip truly reversed ageing, the journals would be full of it.", "hypothetical"),
        # Someone's repeated or ongoing saying, and providers other than the writer's.
        ("The webinar host kept saying their lab was 'government certified'.", "reported"),
        (
            "Apparently the concierge was telling guests that the drip would reset their immune age.",
            "reported",
        ),
        ("Some agencies in the region advertise 'zero risk' stem cell trips.", "reported"),
        # A reader's checklist item.
        ("☐ Does the page promise a 95% success rate with no source?", "warning"),
        ("☐ 시술 후 부작용이 전혀 없다고 하는지 확인하세요.", "warning"),
        # Korean hearsay endings, full and contracted.
        ("옆 침대 할머니가 거기서 줄기세포 맞고 무릎이 싹 나았다고 하시더라구요.", "reported"),
        ("동생이 다녀온 곳은 오늘 결제해야 반값이라고 상담 내내 재촉했다네요.", "reported"),
        ("거기 실장님이 엑소좀이나 줄기세포나 결국 똑같은 거래요.", "reported"),
        # The scheme a claim invokes does not exist; a counterfactual about a claim's truth.
        ("미용 줄기세포 시술에 대해 식약처가 ‘인증’해 주는 제도 자체가 없습니다.", "negated"),
        ("열 살 젊어지는 게 사실이었으면 벌써 노벨상 받았겠죠 ㅋㅋ", "hypothetical"),
        # A checklist named as such at the start, tribunals and complaints, self-given titles,
        # things read online.
        ("Checklist item 6: the words 'no downtime' or 'zero risk' anywhere on the page.", "warning"),
        ("Things to screenshot and ask about: '99% success', 'permanent results'.", "warning"),
        ("The couple told the tribunal they had been assured the procedure carried no risk.", "reported"),
        (
            "In her complaint, the patient says the doctor called himself 'the best stem cell surgeon'.",
            "reported",
        ),
        # Korean: hearsay about a story heard, a saying passed on, a quotative ending the sentence,
        # nominal copular negation, a checklist.
        ("엄마 친구분이 어디서 들은 얘기래요, 줄기세포 맞으면 치매가 낫는다고.", "reported"),
        ("코디네이터가 '부작용은 한 번도 없었다'고 했다는데, 녹취라도 해 둘 걸 그랬어요.", "reported"),
        ("줄기세포 배양액 화장품은 살아 있는 줄기세포를 바르는 제품이 아님.", "negated"),
        ("체크리스트 3번 — 부작용이 전혀 없다고 하는 병원인지 확인하세요.", "warning"),
        # Korean: advice to filter providers out or press them for evidence, a provider named by
        # what it puts forward, a concession granting the claim for argument's sake.
        ("부작용 없고 다운타임 제로라는 병원은 일단 거르세요.", "warning"),
        ("'국내 최초'를 내세우는 클리닉일수록 근거 자료를 요구하세요.", "warning"),
        ("가령 줄기세포로 탈모가 완치됐다는 후기가 사실이라 해도 한 사람의 경험일 뿐입니다.", "hypothetical"),
        # Korean: a quotation followed by a verb of insisting, being written or saying-so-that;
        # "don't be swayed"; a practice denied at the end of a long clause.
        ("친구가 엑소좀도 줄기세포라고 우기던데 성분표엔 세포가 없어요.", "reported"),
        ("광고 문자에 '한 번이면 효과가 평생 간다'고 적혀 있었어요.", "reported"),
        ("상담 실장이 '무릎 수술 안 해도 된다'고 하길래 녹음해 뒀어요.", "reported"),
        ("'이번 주만 반값' 이런 거에 휘둘리지 마세요.", "warning"),
        ("배아줄기세포를 미용에 쓰는 일은 저희 병원에서는 없습니다.", "negated"),
        # Korean: advice not to sign or pay; a figure scoffed at with "…는 무슨".
        ("'부작용 제로'라고 쓰인 계약서라면 서명하지 마세요.", "warning"),
        ("거기 다녀왔는데 하나도 안 나았어요. 성공률 95%는 무슨.", "negated"),
        # Korean: concessions and counterfactuals, a point to keep in mind, a provider caught
        # while advertising, a quotation evaluated, a contracted hearsay ending.
        ("1회 완치라고 쳐도 비행기 값까지 생각하면 남는 게 없어요.", "hypothetical"),
        ("타인 세포 미용 주사가 합법이었으면 동네 의원마다 다 하고 있었겠죠.", "hypothetical"),
        ("설령 부작용이 전혀 없다 해도 허가는 별개의 문제입니다.", "hypothetical"),
        ("'국내 유일' 같은 수식어는 자기 평가라는 점을 잊지 마세요.", "warning"),
        ("'100% 재생' 문구가 보이면 결제 전에 상담센터에 먼저 물어보세요.", "warning"),
        ("C의원은 배양 줄기세포를 미백 주사로 홍보하다 지난달 적발됐다.", "reported"),
        ("원장은 자신의 시술을 '아시아 최고'라고 평가했다.", "reported"),
        ("이번 주만 50% 할인이라던데 진짜인지 모르겠어요.", "reported"),
        # English: inverted conditionals after a possessive or a bare plural.
        ("Had her mother's arthritis really been cured, the clinic would have published it.", "hypothetical"),
        ("Were donor cell facials truly safe for everyone, regulators would approve them.", "hypothetical"),
        # Whoever says it, staff trained to say it, hearsay about an unnamed place; the moment a
        # phrase appears in Korean, and closing one's wallet.
        ("Anyone who promises a permanent cure for arthritis is selling hope.", "hypothetical"),
        (
            "A former coordinator said she had been trained to tell callers the cells replace surgery.",
            "reported",
        ),
        ("My aunt says the place in Sinsa told her the drip would reverse her ageing.", "reported"),
        ("'100% 재생'이라는 말이 나오는 순간 상담을 끝내세요.", "warning"),
        ("부작용 제로를 외치는 곳이라면 지갑을 닫으세요.", "warning"),
        ("누가 게시판에 줄기세포 맞고 당뇨약 끊었다고 올렸던데 믿어도 될까 싶네요.", "reported"),
        # A reader's own clinic, one clinic, the person at a desk; "in case"; stopping trusting;
        # a promise received elsewhere, honorific hearsay, advice to refuse.
        ("My clinic in Busan claimed their cord cells were 'government approved'.", "reported"),
        ("One clinic told a friend its cultured cells would reverse her ageing.", "reported"),
        ("The guy at the front desk literally said there are no side effects.", "reported"),
        ("In case anyone offers you a guaranteed cure, get a second opinion.", "warning"),
        ("Stop trusting clinics that call themselves the best in Asia.", "warning"),
        ("다른 병원에서 '평생 유지'를 약속받으셨더라도 서면으로 확인하세요.", "reported"),
        ("옆집 어르신은 이 주사면 관절염이 완치된다는 말을 들으셨대요.", "reported"),
        ("배양 세포를 미용 주사로 권하면 그 자리에서 거절하세요.", "warning"),
    ],
)
def test_closed_class_mention_frames_are_not_claims(
    claims_kb: KnowledgeBase, text: str, context: str
) -> None:
    """Grammar that frames a claim as someone else's, conditional or to be checked (inverted
    conditionals, ongoing saying, checklists, Korean hearsay endings, counterfactuals)."""
    result = scan_text(text, claims_kb, use_model=False)
    assert result.findings == []
    assert context in [s.context for s in result.suppressed]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # The reader's wish is the advert's own conditional, as with "if you want".
        ("Should you wish to look ten years younger, our stem cells reverse aging.", "anti_aging_reversal"),
        # "We" ends a hypothetical scope: the clinic promises in its own voice.
        ("Should the knee not improve, we repeat the injection, guaranteed results.", "guarantee"),
        # A clinic passing on its own patients' words is a testimonial, not hearsay.
        ("환자분들이 시술 후 무릎이 하나도 안 아프다고 하세요.", "disease_treatment"),
        # A filled-in tick is an advert's bullet, not a reader's checklist; nor is a clinic's own
        # "checklist" of what it offers.
        ("✔ 부작용 전혀 없음", "guarantee"),
        ("Our checklist is simple: zero downtime, permanent results.", "guarantee"),
        # A rhetorical "why bother with surgery" is the advert's own question.
        ("그럼 왜 굳이 수술하세요? 줄기세포 주사면 수술 없이 됩니다.", "surgery_substitute"),
        # "…라 해도 과언이 아닙니다" asserts: neither its concession nor its negation governs.
        ("부작용이 전혀 없는 시술이라 해도 과언이 아닙니다.", "guarantee"),
        # A risk that "never happens" is the negated-risk claim itself, not a denied practice.
        ("시술 후 부작용이 생기는 일은 없습니다.", "guarantee"),
        # A promise the reader is to receive is the clinic's own, not one received elsewhere.
        ("평생 유지를 보장받으세요.", "guarantee"),
        # "Our clinic said" is the writer's own voice, not a report of another's.
        ("Our clinic said it from day one: results are permanent.", "guarantee"),
        # "Anyone who…" in the clinic's own voice ends at "we"/"our".
        ("Anyone who tells you otherwise has not seen our results: the cure is permanent.", "guarantee"),
    ],
)
def test_the_same_frames_in_a_providers_own_voice_stay_claims(
    claims_kb: KnowledgeBase, text: str, category: str
) -> None:
    result = scan_text(text, claims_kb, use_model=False)
    assert category in [f.category for f in result.findings]


@pytest.mark.parametrize(
    ("text", "warns"),
    [
        # A consent form's risk line opens on how seldom it happens: the model reads a warning.
        ("Rarely, further surgery is needed to remove hardened fat.", True),
        ("In a small number of patients, a revision operation is required.", True),
        ("드물게 재수술이 필요할 수 있습니다.", True),
        # The same words as an advert's promise do not open the sentence.
        ("Surgery is rarely needed after our knee injections.", False),
    ],
)
def test_a_risk_line_that_opens_on_its_frequency_is_read_as_a_warning(
    claims_kb: KnowledgeBase, text: str, warns: bool
) -> None:
    (row,) = cue_features([text], compiled_context(claims_kb))
    assert bool(row[CUE_KINDS.index("warning")]) is warns


def test_a_frequency_opening_does_not_reach_a_promise_later_in_the_sentence(
    claims_kb: KnowledgeBase,
) -> None:
    text = "Rarely do patients need more than one session, and results are guaranteed."
    assert "guarantee" in [f.category for f in scan_text(text, claims_kb, use_model=False).findings]


def test_a_korean_quotative_sharing_the_claims_last_syllable_reports_it(claims_kb: KnowledgeBase) -> None:
    """ "…없다고 하던데": the quotative's 다 is the claim's last syllable, so the two matches overlap
    by one character; the cue still follows the claim and reports it."""
    heard = scan_text(
        "상담실에서는 다운타임이 하나도 없다고 하던데, 진짜인지는 모르겠어요.", claims_kb, use_model=False
    )
    assert heard.findings == []
    assert [s.context for s in heard.suppressed] == ["reported"]
    said = scan_text("저희 시술은 부작용이 전혀 없다고 자신 있게 말씀드립니다.", claims_kb, use_model=False)
    assert "guarantee" in [f.category for f in said.findings]
