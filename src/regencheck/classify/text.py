"""A classification as plain text a patient can read: what it is, where it is lawful, what to ask."""

from __future__ import annotations

from collections.abc import Mapping

from .result import Classification, Ruling

FACILITY_WORDS = {
    "none": "no medical facility needed (a cosmetic product)",
    "licensed_medical_institution": "any licensed clinic or hospital",
    "designated_institution": "a government-designated regenerative medicine institution",
    "designated_institution_with_licensed_cell_processing": (
        "a designated regenerative medicine institution, with cells from a licensed processing facility"
    ),
    "clinical_trial_only": "only inside an approved clinical trial or research plan",
    "unknown": "depends on the open questions",
}
STATUS_WORDS = {
    "permitted": "PERMITTED",
    "conditional": "ONLY UNDER CONDITIONS",
    "not_permitted": "NOT PERMITTED",
    "outside_scope": "NOT A CELL THERAPY THERE",
    "unknown": "CANNOT TELL YET",
}
EVIDENCE_MARK = {"met": "[met]", "unmet": "[NOT met]", "unknown": "[check]"}


def _ruling_lines(code: str, name: str, r: Ruling) -> list[str]:
    head = f"  {code} {name:<15} {STATUS_WORDS.get(r.status, r.status)}"
    if r.risk_level:
        head += f" (Korean risk level: {r.risk_level})"
    if r.klass:
        head += f" ({r.klass})"
    lines = [head, f"      Where: {FACILITY_WORDS.get(r.facility_required, r.facility_required)}"]
    if r.regime:
        lines.append(f"      Regulated as: {r.regime.replace('_', ' ')}")
    lines.append(f"      Why: {r.summary}")
    for c in r.conditions:
        flag = "" if c.verified else " (unverified)"
        lines.append(f"      {EVIDENCE_MARK.get(c.evidence_status, c.evidence_status)} {c.text}{flag}")
    lines += [f"      Note: {c}" for c in r.caveats]
    if not r.verified:
        lines.append("      Part of this ruling rests on facts marked unverified in the knowledge base.")
    lines.append(f"      (rule {r.rule})")
    return lines


def render_text(result: Classification, names: Mapping[str, str] | None = None) -> str:
    """The classification for a person; the CLI appends the disclaimer once.

    `names` are the jurisdictions' display names from their rules files (`Tables.jurisdiction_names`);
    without them a ruling is headed by its code alone.
    """
    lines = [f"What it is: {result.category_label or result.category}"]
    if result.category_plain:
        lines.append(f"  {result.category_plain}")
    if result.possible_categories:
        lines.append("  It could be any of: " + ", ".join(result.possible_categories))
    if result.evidence:
        lines += ["", "What the description says (and the words that say it):"]
        for e in result.evidence:
            if e.field == "implied":
                lines.append(f"  {e.attribute} = {e.value}   (follows: {e.words})")
            elif e.field == "product":
                lines.append(f"  {e.attribute} = {e.value}   (from the product {e.words})")
            elif e.why:
                lines.append(f'  {e.attribute} = {e.value}   ⇐ "{e.words}" (inferred: {e.why})')
            else:
                neg = " [negated]" if e.negated else ""
                value = e.value if "|" not in e.value else "one of " + e.value.replace("|", ", ")
                lines.append(f'  {e.attribute} = {value}   ← "{e.words}"{neg}')
    elif result.attributes:
        lines += ["", "Stated attributes:"]
        lines += [f"  {k} = {v}" for k, v in result.attributes.items()]
    if result.conflicting:
        lines.append("  The description contradicts itself about: " + ", ".join(result.conflicting))
    if result.approved_product:
        p = result.approved_product
        label = "unknown" if p.on_label is None else ("yes" if p.on_label else "NO")
        lines += ["", f"Approved product: {p.name} ({p.company}, {p.approved}); label: {p.indication}"]
        lines.append("  LICENCE REVOKED" if p.revoked else f"  Used within its label: {label}")
    lines += ["", "Is it lawful?"]
    for code, ruling in result.rulings.items():
        lines += _ruling_lines(code, (names or {}).get(code, code), ruling)
    if result.questions:
        lines += ["", "What to ask the clinic:"]
        lines += [f"  {i}. {q}" for i, q in enumerate(result.questions, 1)]
        if result.language == "ko":
            lines += ["", "클리닉에 물어볼 질문:"]
            lines += [f"  {i}. {q}" for i, q in enumerate(result.questions_ko, 1)]
    if result.notes:
        lines += ["", "Good to know:"]
        lines += [f"  - {n}" for n in result.notes]
    sources = list(dict.fromkeys(c for r in result.rulings.values() for c in r.citations))
    if sources:
        lines += ["", "Sources:"]
        lines += [f"  [{i}] {s}" for i, s in enumerate(sources, 1)]
    lines += ["", f"Knowledge version {result.knowledge_version}."]
    return "\n".join(lines)
