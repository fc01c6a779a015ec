"""Patient-readable names for the ids the engines emit (verdicts, statuses, categories, criteria).

The engines speak in stable ids; a patient reads words. Each table maps an id to an English
message id that the catalogs translate. Unknown ids are shown as they are rather than hidden.
"""

from __future__ import annotations

import re

from .i18n import N_, Translator
from .verify_sentences import VERIFY_PATTERNS

VERDICTS = {
    "verified": N_("Verified"),
    "conditional": N_("Conditional: some checks are open"),
    "not_verified": N_("Not verified"),
    "insufficient_evidence": N_("Not enough evidence to decide"),
}
VERDICT_MEANINGS = {
    "verified": N_("Every check that applies to this clinic and offer passed."),
    "conditional": N_("No critical check failed, but some checks failed or could not be confirmed."),
    "not_verified": N_("At least one critical check failed. Do not proceed until it is resolved."),
    "insufficient_evidence": N_(
        "A critical check could not be confirmed. Ask for the missing evidence first."
    ),
}
CRITERION_STATUS = {
    "pass": N_("passed"),
    "fail": N_("failed"),
    "unknown": N_("not confirmed"),
    "not_applicable": N_("not applicable"),
}
STEPS = {
    1: N_("Specialist credentials"),
    2: N_("Facility and regulatory standing"),
    3: N_("Offering accuracy"),
    4: N_("Consultation, consent and price"),
    5: N_("Safety and aftercare"),
}
CRITERIA = {
    "1.1": N_("Holds a valid Korean medical licence"),
    "1.2": N_("Board certification in a specialty matching the procedure"),
    "1.3": N_("At least 15 years of practice in the declared subspecialty"),
    "1.4": N_("At least 10,000 documented cases in the declared subspecialty"),
    "1.5": N_("No disciplinary action or licence suspension on record"),
    "2.1": N_("Licensed medical institution at the stated address"),
    "2.2": N_("Designation sufficient for the therapy's risk level, confirmed in the registry"),
    "2.3": N_("Cell-processing laboratory certified for the processing performed"),
    "2.4": N_("Registered to attract foreign patients"),
    "2.5": N_("Every credential checked at a primary source within 12 months and not expired"),
    "3.1": N_("What is offered matches what it is called"),
    "3.2": N_("The therapy is lawful for this purpose, or its conditions are met"),
    "3.3": N_("Offered as an adjunct within surgical scope, not as a substitute"),
    "3.4": N_("Marketing free of high-severity red flags"),
    "3.5": N_("Advertising free of medium-severity red flags"),
    "4.1": N_("Physician-led consultation of at least 30 minutes"),
    "4.2": N_("Written protocol naming biologic, source, manipulation, risk class and designation"),
    "4.3": N_("Consent states risk class, realistic outcomes and committee approval"),
    "4.4": N_("Itemized quote separating the base procedure from the regenerative part"),
    "4.5": N_("Prices within reference ranges for the clinic's tier, or deviations explained"),
    "5.1": N_("Follow-ups at week 1, week 4 and month 3, with baseline photos"),
    "5.2": N_("Adverse-event channel in your language with senior physician review"),
    "5.3": N_("Remote follow-up after you return home"),
    "5.4": N_("Candidacy screening documented"),
}
RULING_STATUS = {
    "permitted": N_("Permitted"),
    "conditional": N_("Lawful only under conditions"),
    "not_permitted": N_("Not permitted outside a clinical trial"),
    "outside_scope": N_("Not regulated as a cell therapy"),
    "unknown": N_("Unclear: more information needed"),
}
FACILITY = {
    "none": N_("No medical facility requirement"),
    "licensed_medical_institution": N_("Any licensed medical institution"),
    "designated_institution": N_("Only a designated regenerative-medicine institution"),
    "designated_institution_with_licensed_cell_processing": N_(
        "Only a designated institution using a licensed cell-processing facility"
    ),
    "clinical_trial_only": N_("Only inside an approved clinical trial"),
    "unknown": N_("Unknown"),
}
CATEGORIES = {
    "autologous_svf_same_day": N_("Your own fat-derived cells (SVF), processed and returned the same day"),
    "autologous_cultured_cells": N_("Your own cells grown in a laboratory before being given back"),
    "allogeneic_cells": N_("Cells from a donor (cord, placenta, donor marrow or fat)"),
    "immune_cells": N_("Activated or expanded immune cells"),
    "pluripotent_cells": N_("Embryonic or induced pluripotent stem cells"),
    "gene_modified_cells": N_("Genetically modified cells"),
    "cell_free_derivative": N_("Cell-free product (exosomes, culture fluid): no living cells"),
    "prp": N_("Platelet-rich plasma from your own blood (no stem cells)"),
    "fat_graft": N_("Fat transfer without stem-cell enrichment"),
    "biostimulator": N_("Non-cell injectable (PN/PDRN, PLLA, skin booster)"),
    "unknown": N_("Not enough information to tell"),
}
CLAIMS = {
    "disease_treatment": N_("Claims to treat or cure a disease"),
    "anti_aging_reversal": N_("Claims to reverse ageing"),
    "guarantee": N_("Guaranteed results or 'no side effects'"),
    "unsupported_statistic": N_("Success figures with no source"),
    "restricted_cell_source": N_("Restricted cells offered for beauty or wellness"),
    "terminology_mismatch": N_("Called 'stem cell' but is not"),
    "surgery_substitute": N_("Presented as a replacement for surgery"),
    "superlative_comparison": N_("'Best' or 'only' claims, or comparisons with others"),
    "testimonial": N_("Patient testimonials used as evidence"),
    "pressure_discount": N_("Time-limited discounts or upsells"),
    "regulatory_overclaim": N_("Vague 'approved' or 'certified' claims"),
}
SEVERITY = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
QUOTE_STATUS = {
    "within": N_("within the reference range"),
    "above": N_("above the reference range"),
    "below": N_("below the reference range"),
    "above_explained": N_("above the range, with the clinic's explanation"),
    "below_explained": N_("below the range, with the clinic's explanation"),
    "not_legitimate": N_("no legitimate routine price exists for this use"),
    "not_comparable": N_("bundled with other items, cannot be compared"),
    "no_reference": N_("no reference range available"),
    "not_compared": N_("not compared"),
}
TRIAGE_LEVEL = {
    "expected": N_("Expected reaction"),
    "unexpected": N_("Unexpected: contact the clinic"),
    "emergency": N_("Emergency"),
}
TRIAGE_REASON = {
    "within_expected_window": N_("within the time it usually lasts"),
    "beyond_expected_window": N_("lasting longer than expected"),
    "unexpected_sign": N_("not an expected reaction"),
    "emergency_sign": N_("an emergency sign"),
}
SCHEDULE_STATUS = {
    "done": N_("done"),
    "overdue": N_("overdue"),
    "due": N_("due soon"),
    "upcoming": N_("upcoming"),
    "reached": N_("from this date"),
}


def label(table: dict[str, str] | dict[int, str], key: object, tr: Translator) -> str:
    """The translated name of `key` in `table`, or the key itself when the table lacks it."""
    message = table.get(key)  # type: ignore[call-overload]
    return tr.gettext(message) if message else str(key)


# The engines write a few sentences around a value (a quoted claim, a country code, a count);
# each is matched back to its message id here, the value kept and itself translated when it
# is engine text (a consent item's title). Sentences the engines write whole are message ids
# as they are (see `engine_text`).
_ENGINE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), message)
    for pattern, message in (
        (
            r'The offer says "(?P<text>.+)"\. What published evidence supports this\?',
            N_('The offer says "{text}". What published evidence supports this?'),
        ),
        (
            r"The consent form does not cover: (?P<title>.+)\. Can you add it in writing\?",
            N_("The consent form does not cover: {title}. Can you add it in writing?"),
        ),
        (
            r"the knowledge base has no ruling for (?P<code>[A-Z]{2}); only Korea's is shown",
            N_("the knowledge base has no ruling for {code}; only Korea's is shown"),
        ),
        (
            r"no currency is known for (?P<code>[A-Z]{2}); prices stay in the quote's currency",
            N_("no currency is known for {code}; prices stay in the quote's currency"),
        ),
        (r"the quote mixes currencies \((?P<codes>.+)\)", N_("the quote mixes currencies ({codes})")),
        (
            r"Found by the learned sentence model, not a rule: (?P<why>.+)",
            N_("Found by the learned sentence model, not a rule: {why}"),
        ),
        (
            r"itemized: (?P<n>\d+) regenerative line\(s\) priced separately",
            N_("itemized: {n} regenerative line(s) priced separately"),
        ),
        (
            r"itemized: (?P<n>\d+) regenerative line\(s\) and (?P<m>\d+) base-procedure line\(s\) priced separately",
            N_("itemized: {n} regenerative line(s) and {m} base-procedure line(s) priced separately"),
        ),
        (
            r"(?P<summary>.+?) Depending on the answers it is (?P<options>.+)\.",
            N_("{summary} Depending on the answers it is {options}."),
        ),
        (
            r"lump-sum line bundles the regenerative component with other items: (?P<names>.+)",
            N_("lump-sum line bundles the regenerative component with other items: {names}"),
        ),
        *VERIFY_PATTERNS,
    )
)


# How an undecided ruling names the outcomes it may have (classify/rulings.py, STATUS_PHRASES).
RULING_OUTCOMES = (
    N_("permitted"),
    N_("lawful only under conditions"),
    N_("not permitted"),
    N_("not regulated as a cell therapy"),
    N_("undetermined"),
)

# Sentences the offer check writes whole (offer/check.py), listed so the catalogs carry them.
OFFER_NOTES = (
    N_(
        "this text looks Indonesian or Malay; regencheck reads claims in English and Korean, "
        "so ask the clinic for the English or Korean version and check that too"
    ),
    N_("no priced lines were found in the quote (one price per line, e.g. 'SVF ₩3,000,000')"),
    N_("Can you itemise the quote (surgery, cell processing, anaesthesia, aftercare)?"),
)


def engine_text(text: str, tr: Translator) -> str:
    """An engine's English sentence (a ruling's summary, a finding's explanation, a question) in
    the reader's language when a catalog has it, else as the engine wrote it."""
    if tr.language == "en" or not text:
        return text
    translated = tr.gettext(text)
    if translated != text:
        return translated
    for pattern, message in _ENGINE_PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            values = {k: _value(k, v, tr) for k, v in found.groupdict().items()}
            return tr.gettext(message).format(**values)
    return text


# Values that are ids with a label, and values that are lists of engine sentences.
_VALUE_LABELS = {"status": RULING_STATUS, "facility": FACILITY, "severity": SEVERITY}
_LIST_SEPARATORS = {  # a value's separator pattern, and how the translated parts are joined
    "conditions": (re.compile(r"(?<=\.); "), "; "),  # a condition may hold "; ", never ".; "
    "items": (re.compile(r"; "), "; "),
    "weeks": (re.compile(r", "), ", "),
    "spans": (re.compile(r"; "), "; "),
}


def _value(name: str, value: str, tr: Translator) -> str:
    if name == "options":  # "permitted or not permitted or …": each outcome translated
        return " / ".join(tr.gettext(option) for option in value.split(" or "))
    if name in _VALUE_LABELS and value in _VALUE_LABELS[name]:
        return tr.gettext(_VALUE_LABELS[name][value])
    if name in _LIST_SEPARATORS:
        separator, joiner = _LIST_SEPARATORS[name]
        return joiner.join(engine_text(part, tr) for part in separator.split(value))
    return engine_text(value, tr)
