"""Rule evaluation: one ruling per jurisdiction from its ordered, sourced rule table.

The first rule that surely matches wins. Rules before it that *may* match (an attribute they
test is unknown) stay candidates: if every candidate gives the same status the ruling stands,
carrying their caveats; if they disagree the ruling is `unknown`, lists the possible outcomes
and names the attributes that would settle it.
"""

from __future__ import annotations

from .conditions import Selection, State
from .index import Evaluation, Explain, pick
from .result import Condition, Ruling
from .tables import CompiledRule, JurisdictionTable


def _condition_statuses(cr: CompiledRule, ev: Evaluation) -> tuple[str, ...]:
    """met / unmet / unknown per condition of a rule, read from the index bits."""
    if not cr.condition_bits:
        return ()
    settled = ev[0] | ev[1]
    return tuple(
        "met" if met and not met & settled else "unmet" if unmet and not unmet & settled else "unknown"
        for met, unmet in cr.condition_bits
    )


def _conditions(cr: CompiledRule, ev: Evaluation) -> tuple[Condition, ...]:
    return tuple(
        Condition(spec.id, spec.text, status, tuple(spec.source), spec.verified)
        for spec, status in zip(cr.rule.then.conditions, _condition_statuses(cr, ev), strict=True)
    )


def _asked(cr: CompiledRule, state: State) -> tuple[str, ...]:
    if not cr.rule.asks:
        return ()
    return tuple(a for a in cr.rule.asks if a not in state or len(state[a]) > 1)


def _from_rule(
    table: JurisdictionTable,
    cr: CompiledRule,
    state: State,
    ev: Evaluation,
    others: tuple[CompiledRule, ...],
    depends_on: frozenset[str],
) -> Ruling:
    then = cr.rule.then
    risk: str | None = then.risk_level
    if then.risk_from_criteria:
        levels: frozenset[str] = state.get("kr_risk") or frozenset()
        risk = next(iter(levels)) if len(levels) == 1 and "none" not in levels else None
    caveats = tuple(dict.fromkeys(c.rule.caveat for c in (cr, *others) if c.rule.caveat))
    citations = tuple(dict.fromkeys(x for c in (cr, *others) for x in c.citations))
    return Ruling(
        jurisdiction=table.code,
        status=then.status,
        risk_level=risk,
        facility_required=then.facility_required,
        conditions=_conditions(cr, ev),
        summary=then.summary.strip(),
        citations=citations,
        rule=cr.rule.id,
        verified=cr.verified and all(o.verified for o in others),
        regime=then.regime,
        klass=then.klass,
        caveats=caveats,
        depends_on=tuple(sorted(depends_on | set(_asked(cr, state)))),
    )


def _undecided(
    table: JurisdictionTable, candidates: tuple[CompiledRule, ...], unknown: frozenset[str]
) -> Ruling:
    spec = table.spec.undecided
    statuses = tuple(dict.fromkeys(c.rule.then.status for c in candidates))
    risks = {c.rule.then.risk_level for c in candidates}
    facilities = {c.rule.then.facility_required for c in candidates}
    options = " or ".join(STATUS_PHRASES.get(st, st) for st in statuses)
    citations = tuple(
        dict.fromkeys([*table.undecided_citations, *(x for c in candidates for x in c.citations)])
    )
    return Ruling(
        jurisdiction=table.code,
        status="unknown",
        risk_level=risks.pop() if len(risks) == 1 else None,
        facility_required=facilities.pop() if len(facilities) == 1 else "unknown",
        conditions=(),
        summary=f"{spec.summary.strip()} Depending on the answers it is {options}.",
        citations=citations,
        rule=spec.id,
        verified=spec.verified and all(c.verified for c in candidates),
        caveats=tuple(dict.fromkeys(c.rule.caveat for c in candidates if c.rule.caveat)),
        depends_on=tuple(sorted(unknown)),
        possible_statuses=statuses,
        possible_rules=tuple(c.rule.id for c in candidates),
    )


STATUS_PHRASES = {
    "permitted": "permitted",
    "conditional": "lawful only under conditions",
    "not_permitted": "not permitted",
    "outside_scope": "not regulated as a cell therapy",
    "unknown": "undetermined",
}


def _shape(cr: CompiledRule) -> tuple[str | None, ...]:
    then = cr.rule.then
    return (then.status, then.risk_level, then.facility_required, then.klass, then.regime)


def _agreed(
    table: JurisdictionTable, candidates: tuple[CompiledRule, ...], unknown: frozenset[str], ev: Evaluation
) -> Ruling:
    """Every possible reading gives one status but they differ in detail (class, facility)."""
    base = _undecided(table, candidates, unknown)
    common = set.intersection(*({c.id for c in cr.rule.then.conditions} for cr in candidates))
    conditions = tuple(c for c in _conditions(candidates[0], ev) if c.id in common)
    status = candidates[0].rule.then.status
    summary = (
        f"Every possible reading gives the same answer ({status}); the details depend on facts the "
        f"description does not give. Possible readings: "
        + "; ".join(f"{c.rule.then.klass or c.rule.then.status} ({c.rule.id})" for c in candidates)
        + "."
    )
    return Ruling(
        jurisdiction=base.jurisdiction,
        status=status,
        risk_level=base.risk_level,
        facility_required=base.facility_required,
        conditions=conditions,
        summary=summary,
        citations=base.citations,
        rule=base.rule,
        verified=base.verified,
        caveats=base.caveats,
        depends_on=base.depends_on,
        possible_statuses=(status,),
        possible_rules=base.possible_rules,
    )


def decide(table: JurisdictionTable, state: State, ev: Evaluation, explain: Explain) -> Ruling:
    """The ruling of one jurisdiction for a state, whose conditions `ev` has settled.

    Many states select the same rules; the ruling depends only on that selection and on the
    few attributes its conditions, risk and questions read, so each shape is built once.
    (Whole states are memoised one level up, in `derive`.)
    """
    sel, live = pick(table.slice, ev, explain)
    lead = sel.definite
    if lead is not None and lead.static and len(sel.candidates) == 1:
        fixed: Ruling | None = lead.alone
        if fixed is None:
            fixed = lead.alone = _rule_for(table, sel, state, ev)
        return fixed
    lead = lead or (sel.candidates[0] if sel.candidates else None)
    shape = (
        live,
        sel.definite is None,
        sel.unknown,
        # Which of the lead's condition tests are settled decides each condition's status.
        (ev[0] | ev[1]) & lead.condition_mask if lead else 0,
        state.get("kr_risk") if lead and lead.rule.then.risk_from_criteria else None,
        _asked(lead, state) if lead else (),
    )
    shaped: Ruling | None = table.shapes.get(shape)
    if shaped is not None:
        return shaped
    ruling = _rule_for(table, sel, state, ev)
    if len(table.shapes) < 20_000:
        table.shapes[shape] = ruling
    return ruling


def _rule_for(table: JurisdictionTable, sel: Selection[CompiledRule], state: State, ev: Evaluation) -> Ruling:
    statuses = {c.rule.then.status for c in sel.candidates}
    if len(statuses) == 1 and (sel.definite is not None or len({_shape(c) for c in sel.candidates}) == 1):
        chosen = sel.definite or sel.candidates[0]
        others = tuple(c for c in sel.candidates if c is not chosen)
        ruling = _from_rule(table, chosen, state, ev, others, sel.unknown if others else frozenset())
    elif len(statuses) == 1:
        ruling = _agreed(table, sel.candidates, sel.unknown, ev)
    else:
        ruling = _undecided(table, sel.candidates, sel.unknown)
    return ruling
