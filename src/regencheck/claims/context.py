"""Does a sentence assert a claim, or warn about, negate, question or report it? (NegEx/ConText)

For one candidate sentence: find the context cues (triggers, terminators, pseudo-triggers) with
the compiled context matcher, drop triggers masked by a pseudo-trigger ("not only"), then give
each claim the nearest trigger whose scope reaches it without a terminator in between. A
trigger inside the claim's own span is part of the claim ("instead of surgery"); for a
negated-risk rule ("no side effects") that is the polarity flip: the negation *is* the claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .compiled import CompiledContext

# When several cues reach a claim, the strongest names its context: a warning outranks the
# "clinics that promise…" it usually contains.
_PRIORITY = {"warning": 0, "negated": 1, "question": 2, "reported": 3, "hypothetical": 4}


class Cue(NamedTuple):
    """A context cue found in a sentence (offsets relative to the sentence). A named tuple:
    thousands are built per megabyte, and tuples are several times cheaper than dataclasses."""

    role: str
    kind: str
    direction: str
    scope: int
    start: int
    end: int
    text: str
    kinds: frozenset[str]
    skip: frozenset[str]
    language: str = ""


@dataclass(frozen=True)
class Decision:
    """What the context says about one claim: `context` None means it stands as a finding."""

    context: str | None
    cue: str


def find_cues(
    sentence: str, ctx: CompiledContext, spans: list[tuple[int, int, int]] | None = None
) -> list[Cue]:
    """Every cue in the sentence, with triggers under pseudo-triggers removed. `spans` are the
    cue matches when the caller already scanned the sentence (ids relative to the cue list)."""
    cues = []
    refs = ctx.refs
    for pid, s, e in ctx.matcher.spans(sentence) if spans is None else spans:
        ref = refs[pid]
        cues.append(
            Cue(
                ref.role,
                ref.kind,
                ref.direction,
                ref.scope,
                s,
                e,
                sentence[s:e],
                ref.kinds,
                ref.skip,
                ref.language,
            )
        )
    pseudo = [c for c in cues if c.role == "pseudo"]
    if pseudo:
        masked = {k for p in pseudo for k in p.kinds}
        cues = [
            c
            for c in cues
            if c.role != "trigger"
            or (c.kind not in masked and not any(p.start < c.end and c.start < p.end for p in pseudo))
        ]
    return cues


def _terminated(cues: list[Cue], a: int, b: int, kind: str) -> bool:
    return any(c.role == "terminator" and kind in c.kinds and a <= c.start and c.end <= b for c in cues)


def _trails(c: Cue, start: int, end: int) -> bool:
    """A Korean quotative (다고, 라는) takes a claim's final 다 or 라 as its own ("다운타임이 하나도
    없다" + "다고 하던데"): the two matches overlap by that one syllable, yet the cue follows the
    claim and reports it. Negations and other shared syllables ("…소리를 들었" + "었대요", a
    family member's words a clinic passes on) keep the overlap's old reading: part of the claim."""
    return start < c.start == end - 1 and c.end > end and c.kind != "negated" and c.text[:1] in "다라"


def decide(cues: list[Cue], start: int, end: int, category: str, negated_risk: bool, cue: str) -> Decision:
    """The context of the claim at `[start, end)` of the sentence, with the cue that decided it."""
    chosen: Cue | None = None
    distance = 0
    flip: Cue | None = None
    # A cue trailing the claim by a shared syllable is read as starting right after it.
    cues = [c._replace(start=end) if c.role == "trigger" and _trails(c, start, end) else c for c in cues]
    # A negation inside the claim's own words negates it ("results are not permanent"), unless
    # the rule's claim is itself a negation ("no side effects", "no surgery needed").
    if not negated_risk:
        for c in cues:
            if c.role == "trigger" and c.kind == "negated" and c.start < end and start < c.end:
                return Decision("negated", f'negated cue "{c.text}"')
    for c in cues:
        if c.role != "trigger":
            continue
        if c.start < end and start < c.end:
            # Other cues inside the claim are part of it ("instead of surgery"); for a
            # negated-risk rule the negation is the claim itself (the polarity flip).
            if negated_risk and c.kind == "negated":
                flip = c
            continue
        if category in c.skip:
            continue
        d: int | None = None
        if c.direction in ("forward", "both") and c.end <= start:
            gap = start - c.end
            if gap <= c.scope and not _terminated(cues, c.end, start, c.kind):
                d = gap
        if d is None and c.direction in ("backward", "both") and c.start >= end:
            gap = c.start - end
            if gap <= c.scope and not _terminated(cues, end, c.start, c.kind):
                d = gap
        if d is not None and (chosen is None or (_PRIORITY[c.kind], d) < (_PRIORITY[chosen.kind], distance)):
            chosen, distance = c, d
    if chosen is not None:
        return Decision(chosen.kind, f'{chosen.kind} cue "{chosen.text}"')
    if flip is not None:
        return Decision(None, f'negated risk "{flip.text}" is the claim ({cue})')
    return Decision(None, cue)
