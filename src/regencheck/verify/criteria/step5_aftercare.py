"""Step 5: follow-up schedule, adverse-event channel, remote follow-up and candidacy screening."""

from __future__ import annotations

from ..context import VerifyContext
from ..language import language_code
from .base import Outcome, check

SCREENING = ("health", "anaesthesia", "donor_fat", "goals", "prior_procedures")


@check("5.1")
def follow_up_schedule(ctx: VerifyContext) -> Outcome:
    visits = ctx.thresholds.follow_up
    sources = sorted({s for v in visits for s in v.source})
    care = ctx.dossier.aftercare
    days = care.follow_up_days if care else None
    photos = care.baseline_photos if care else None
    if days is None:
        if photos is False:
            return Outcome("fail", "no baseline photos are taken", sources=sources)
        return Outcome("unknown", "the follow-up schedule is not recorded", sources=sources)
    missing = [v.label for v in visits if not any(v.earliest <= d <= v.latest for d in days)]
    problems = []
    if missing:
        problems.append(
            f"the schedule (days {', '.join(str(d) for d in sorted(days))}) lacks {', '.join(missing)}"
        )
    if photos is False:
        problems.append("no baseline photos are taken")
    if problems:
        return Outcome("fail", "; ".join(problems), sources=sources)
    if photos is None:
        return Outcome(
            "unknown", "the schedule is complete, but baseline photos are not recorded", sources=sources
        )
    listed = ", ".join(v.label for v in visits)
    return Outcome(
        "pass",
        f"follow-up on days {', '.join(str(d) for d in sorted(days))} covers {listed}; baseline photos taken",
        sources=sources,
    )


@check("5.2")
def adverse_event_channel(ctx: VerifyContext) -> Outcome:
    care = ctx.dossier.aftercare
    patient = ctx.dossier.patient
    languages = [language_code(lang) for lang in (care.adverse_event_languages or [])] if care else []
    escalation = care.escalation_to_senior_physician if care else None
    wanted = language_code(patient.language) if patient and patient.language else None
    problems = []
    if escalation is False:
        problems.append("no escalation to senior physician review")
    if care is not None and care.adverse_event_languages is not None and wanted and wanted not in languages:
        problems.append(
            f"the channel does not serve the patient's language ({wanted}; offered: {', '.join(languages) or 'none'})"
        )
    if problems:
        return Outcome("fail", "; ".join(problems))
    if escalation is None or care is None or care.adverse_event_languages is None:
        return Outcome(
            "unknown", "the adverse-event channel's languages and escalation path are not both recorded"
        )
    if wanted is None:
        return Outcome(
            "unknown", "the patient's language is not recorded, so the channel cannot be matched to it"
        )
    return Outcome("pass", f"adverse-event channel in {wanted} with escalation to a senior physician")


@check("5.3")
def remote_follow_up(ctx: VerifyContext) -> Outcome:
    patient = ctx.dossier.patient
    if patient and patient.home_country and patient.home_country.upper() == "KR":
        return Outcome("not_applicable", "the patient lives in Korea")
    care = ctx.dossier.aftercare
    remote = care.remote_follow_up if care else None
    if remote is None:
        return Outcome(
            "unknown", "whether follow-up continues after the patient returns home is not recorded"
        )
    if not remote:
        return Outcome("fail", "no follow-up channel after the patient returns home")
    return Outcome("pass", "a remote follow-up channel continues after the patient returns home")


@check("5.4")
def candidacy_screening(ctx: VerifyContext) -> Outcome:
    care = ctx.dossier.aftercare
    screening = care.candidacy_screening if care else None
    if screening is None:
        return Outcome("unknown", "candidacy screening is not recorded")
    values = {name: getattr(screening, name) for name in SCREENING}
    missing = [n.replace("_", " ") for n, v in values.items() if v is False]
    unknown = [n.replace("_", " ") for n, v in values.items() if v is None]
    if missing:
        return Outcome("fail", "screening does not cover: " + ", ".join(missing))
    if unknown:
        return Outcome("unknown", "not recorded whether screening covers: " + ", ".join(unknown))
    return Outcome("pass", "screening covers " + ", ".join(n.replace("_", " ") for n in SCREENING))
