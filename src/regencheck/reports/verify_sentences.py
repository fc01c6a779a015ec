"""The sentences `verify/` builds around values (criterion explanations and the details inside
them), as patterns `labels.engine_text` matches back to message ids.

The verifier keeps writing English (its scorecard JSON is a contract); a page or report reads a
stored explanation, finds its pattern here and shows the message in the reader's language with
the values kept (each value itself translated when it is engine text: a nested detail, a ruling's
summary, a condition). Order matters: a pattern is tried only when no earlier one matched.
"""

from __future__ import annotations

from .i18n import N_

_WHAT = r"(?P<what>years of practice|cumulative cases)"
_N = r"(?P<n>[\d,.]+)"
_MIN = r"(?P<minimum>[\d,.]+)"

# Sentences the verifier writes whole: message ids as they are.
WHOLE = (
    N_("the specialist is not board certified"),
    N_("no disciplinary action or suspension on record (checked)"),
    N_("the specialist's disciplinary record was not checked"),
    N_("the institution's licence number or address is not recorded"),
    N_("where the cells are processed is not recorded"),
    N_("the clinic's foreign-patient registration is not recorded"),
    N_("no marketing texts were given to scan"),
    N_("the consultation is led by a coordinator, not a physician"),
    N_("who leads the consultation and how long it lasts are not both recorded"),
    N_("no written protocol recorded in the dossier"),
    N_("no consent text in the dossier"),
    N_("no quote in the dossier"),
    N_("the follow-up schedule is not recorded"),
    N_("the adverse-event channel's languages and escalation path are not both recorded"),
    N_("a remote follow-up channel continues after the patient returns home"),
    N_("whether follow-up continues after the patient returns home is not recorded"),
    N_("candidacy screening is not recorded"),
    N_("every applicable criterion passes"),
    N_("no evidence recorded"),
    N_("no evidence recorded for the medical licence"),
    N_("no evidence recorded for the board certification"),
    N_("no evidence recorded for the practice history"),
    N_("no evidence recorded for the case volume"),
    N_("years of practice"),
    N_("cumulative cases"),
    N_("week 1"),
    N_("week 4"),
    N_("month 3"),
    N_("permitted in Korea for this indication"),
    N_("outside the Advanced Regenerative Bio Act; another regime applies"),
    N_("lawful in Korea only under conditions"),
    N_("the offering could not be classified"),
    N_("what the product is could not be established (category unknown)"),
)

VERIFY_PATTERNS: tuple[tuple[str, str], ...] = (
    # Texts that could not be read (verify/documents.py, the marketing scan, classification).
    (
        r"(?P<ref>[^:;]+): file references are only read for a dossier loaded from a folder; give the text inline",
        N_("{ref}: file references are only read for a dossier loaded from a folder; give the text inline"),
    ),
    (r"the consent could not be read: (?P<error>.+)", N_("the consent could not be read: {error}")),
    (
        r"some marketing could not be scanned: (?P<source>[^:;]+): (?P<error>.+)",
        N_("some marketing could not be scanned: {source}: {error}"),
    ),
    (
        r"promotional language could not be checked \((?P<error>.+)\)",
        N_("promotional language could not be checked ({error})"),
    ),
    (
        r"whether '(?P<title>.+)' is required depends on the therapy's ruling, which is unknown",
        N_("whether '{title}' is required depends on the therapy's ruling, which is unknown"),
    ),
    (r"the therapy is not known: (?P<why>.+)", N_("the therapy is not known: {why}")),
    # Evidence details (verify/evidence.py) and credential confirmations (criteria/base.py).
    (
        r"checked on (?P<date>\d{4}-\d\d-\d\d) by (?P<method>\w+) \((?P<who>.+)\)",
        N_("checked on {date} by {method} ({who})"),
    ),
    (
        r"checked on (?P<date>\d{4}-\d\d-\d\d), after the as-of date",
        N_("checked on {date}, after the as-of date"),
    ),
    (
        r"checked on (?P<date>\d{4}-\d\d-\d\d), more than (?P<months>\d+) months before (?P<as_of>\d{4}-\d\d-\d\d)",
        N_("checked on {date}, more than {months} months before {as_of}"),
    ),
    (r"evidence lacks (?P<fields>.+)", N_("evidence lacks {fields}")),
    (
        r"(?P<label>\w+(?: \S+)?) confirmed from a primary source, (?P<detail>.+)",
        N_("{label} confirmed from a primary source, {detail}"),
    ),
    (r"(?P<label>\w+(?: \S+)?) not confirmed: (?P<detail>.+)", N_("{label} not confirmed: {detail}")),
    (
        r"(?P<label>\w+(?: \S+)?) expired on (?P<date>\d{4}-\d\d-\d\d)",
        N_("{label} expired on {date}"),
    ),
    (
        r"(?P<label>\w+(?: \S+)?) is claimed by the clinic only; nobody checked it",
        N_("{label} is claimed by the clinic only; nobody checked it"),
    ),
    (
        r"(?P<label>\w+(?: \S+)?) is claimed only, never checked",
        N_("{label} is claimed only, never checked"),
    ),
    # Step 1: the specialist.
    (
        r"licence (?P<number>\S+) checked against a primary source",
        N_("licence {number} checked against a primary source"),
    ),
    (
        r"licence (?P<number>\S+) is stated but not confirmed: (?P<why>.+)",
        N_("licence {number} is stated but not confirmed: {why}"),
    ),
    (
        r"board certification in (?P<specialty>\S+) is stated but not confirmed: (?P<why>.+)",
        N_("board certification in {specialty} is stated but not confirmed: {why}"),
    ),
    (
        r"board certified in (?P<specialty>\S+), which covers (?P<indication>.+) procedures",
        N_("board certified in {specialty}, which covers {indication} procedures"),
    ),
    (
        rf"{_N} {_WHAT} in (?P<sub>.+) \(minimum {_MIN}\), documented",
        N_("{n} {what} in {sub} (minimum {minimum}), documented"),
    ),
    (rf"{_N} {_WHAT} \(minimum {_MIN}\), documented", N_("{n} {what} (minimum {minimum}), documented")),
    (
        rf"{_N} {_WHAT} in (?P<sub>.+), below the minimum of {_MIN}",
        N_("{n} {what} in {sub}, below the minimum of {minimum}"),
    ),
    (rf"{_N} {_WHAT}, below the minimum of {_MIN}", N_("{n} {what}, below the minimum of {minimum}")),
    (
        rf"{_N} {_WHAT} in (?P<sub>.+) stated but not documented: (?P<why>.+)",
        N_("{n} {what} in {sub} stated but not documented: {why}"),
    ),
    (
        rf"{_N} {_WHAT} stated but not documented: (?P<why>.+)",
        N_("{n} {what} stated but not documented: {why}"),
    ),
    # "years of practice" and "cumulative cases" lead these sentences: one message each, so a
    # language can put the unit where its grammar wants it.
    (
        rf"years of practice in (?P<sub>.+) not recorded \(needs at least {_MIN}\)",
        N_("years of practice in {sub} not recorded (needs at least {minimum})"),
    ),
    (
        rf"years of practice not recorded \(needs at least {_MIN}\)",
        N_("years of practice not recorded (needs at least {minimum})"),
    ),
    (
        rf"cumulative cases in (?P<sub>.+) not recorded \(needs at least {_MIN}\)",
        N_("cumulative cases in {sub} not recorded (needs at least {minimum})"),
    ),
    (
        rf"cumulative cases not recorded \(needs at least {_MIN}\)",
        N_("cumulative cases not recorded (needs at least {minimum})"),
    ),
    # Step 2: the facility.
    (
        r"licence (?P<number>\S+) at (?P<address>.+) confirmed, (?P<detail>checked on .+)",
        N_("licence {number} at {address} confirmed, {detail}"),
    ),
    (
        r"the Korean ruling \((?P<status>\w+)\) needs no regenerative-medicine designation: "
        r"facility required is '(?P<facility>\w+)'",
        N_(
            "the Korean ruling ({status}) needs no regenerative-medicine designation: facility required is '{facility}'"
        ),
    ),
    (
        r"the therapy \((?P<risk>\w+) risk\) needs a designated institution: (?P<detail>.+)",
        N_("the therapy ({risk} risk) needs a designated institution: {detail}"),
    ),
    (
        r"the therapy needs a designated institution: (?P<detail>.+)",
        N_("the therapy needs a designated institution: {detail}"),
    ),
    (
        r"'(?P<category>\w+)' involves no cell processing laboratory",
        N_("'{category}' involves no cell processing laboratory"),
    ),
    (
        r"(?P<name>.+) \(on site, same-day minimal processing\) documented, (?P<detail>.+)",
        N_("{name} (on site, same-day minimal processing) documented, {detail}"),
    ),
    (
        r"off-site processing needs an MFDS licence: (?P<detail>.+)",
        N_("off-site processing needs an MFDS licence: {detail}"),
    ),
    (
        r"(?P<first>clinic: .+?); (?P<rest>facilitator .+)",
        N_("{first}; {rest}"),
    ),
    (r"clinic: (?P<detail>.+)", N_("clinic: {detail}")),
    (r"facilitator (?P<name>[^:]+): (?P<detail>.+)", N_("facilitator {name}: {detail}")),
    (
        r"all (?P<n>\d+) credential\(s\) checked against a primary source within (?P<months>\d+) months and valid",
        N_("all {n} credential(s) checked against a primary source within {months} months and valid"),
    ),
    # Step 3: the offering.
    (
        r"'(?P<name>.+)' fits what is offered \((?P<what>.+)\); no terminology mismatch found",
        N_("'{name}' fits what is offered ({what}); no terminology mismatch found"),
    ),
    (
        r"called '(?P<name>.+)' but it is a (?P<what>.+): '(?P<term>.+)' is not accurate for it",
        N_("called '{name}' but it is a {what}: '{term}' is not accurate for it"),
    ),
    (
        r"the marketing misnames the product: (?P<listed>.+)",
        N_("the marketing misnames the product: {listed}"),
    ),
    (
        r"not permitted in Korea for this indication outside a clinical trial\. (?P<summary>.+)",
        N_("not permitted in Korea for this indication outside a clinical trial. {summary}"),
    ),
    (r"the Korean ruling is unknown\. (?P<summary>.+)", N_("the Korean ruling is unknown. {summary}")),
    (
        r"lawful only under conditions the ruling does not list\. (?P<summary>.+)",
        N_("lawful only under conditions the ruling does not list. {summary}"),
    ),
    (
        r"(?P<label>[^,]+(?:; another regime applies)?), but conditions are not met: (?P<conditions>.+)",
        N_("{label}, but conditions are not met: {conditions}"),
    ),
    (
        r"(?P<label>[^,]+(?:; another regime applies)?), if conditions not yet shown hold: (?P<conditions>.+)",
        N_("{label}, if conditions not yet shown hold: {conditions}"),
    ),
    (
        r"(?P<label>[^.]+)\. Conditions met: (?P<conditions>.+\.)\. (?P<summary>.+)",
        N_("{label}. Conditions met: {conditions}. {summary}"),
    ),
    (
        r"marketed as a substitute for surgery: (?P<listed>.+)",
        N_("marketed as a substitute for surgery: {listed}"),
    ),
    (r"offered as an adjunct to (?P<procedure>.+)", N_("offered as an adjunct to {procedure}")),
    (
        r"(?P<category>.+) offered stand-alone for an aesthetic result, not as an adjunct to surgery",
        N_("{category} offered stand-alone for an aesthetic result, not as an adjunct to surgery"),
    ),
    (
        r"a stand-alone (?P<category>.+) is within its usual scope",
        N_("a stand-alone {category} is within its usual scope"),
    ),
    (r"(?P<listed>.+) and (?P<more>\d+) more", N_("{listed} and {more} more")),
    (
        r"(?P<n>\d+) (?P<severity>high|medium|low)-severity claim\(s\) in (?P<texts>\d+) text\(s\): (?P<listed>.+)",
        N_("{n} {severity}-severity claim(s) in {texts} text(s): {listed}"),
    ),
    (
        r"no (?P<severity>high|medium|low)-severity claim in (?P<texts>\d+) marketing text\(s\)",
        N_("no {severity}-severity claim in {texts} marketing text(s)"),
    ),
    # Step 4: consultation, consent and price.
    (
        r"physician-led, (?P<minutes>[\d.]+) minutes \(at least (?P<minimum>[\d.]+)\)",
        N_("physician-led, {minutes} minutes (at least {minimum})"),
    ),
    (
        r"a (?P<minutes>[\d.]+)-minute consultation, under the (?P<minimum>[\d.]+) minutes expected",
        N_("a {minutes}-minute consultation, under the {minimum} minutes expected"),
    ),
    (
        r"the written protocol does not name: (?P<fields>.+)",
        N_("the written protocol does not name: {fields}"),
    ),
    (
        r"not recorded whether the protocol names: (?P<fields>.+)",
        N_("not recorded whether the protocol names: {fields}"),
    ),
    (
        r"the written protocol names (?P<fields>.+)",
        N_("the written protocol names {fields}"),
    ),
    (
        r"missing: (?P<items>.+); promotional language: (?P<categories>.+)",
        N_("missing: {items}; promotional language: {categories}"),
    ),
    (r"missing: (?P<items>.+)", N_("missing: {items}")),
    (
        r"states every required item \((?P<n>\d+) found\) and has no promotional language",
        N_("states every required item ({n} found) and has no promotional language"),
    ),
    (
        r"agency fee (?P<fee>[\d.]+)% exceeds the (?P<cap>[\d.]+)% cap for a (?P<institution>\w+)",
        N_("agency fee {fee}% exceeds the {cap}% cap for a {institution}"),
    ),
    (
        r"agency fee (?P<fee>[\d.]+)% within the (?P<cap>[\d.]+)% cap for a (?P<institution>\w+)",
        N_("agency fee {fee}% within the {cap}% cap for a {institution}"),
    ),
    # Quote lines (verify/quote.py): "'<item>': <detail>" joined by "; ", a reference range as
    # "<low>–<high> <currency> per <unit>", followed by its source ids when several are listed.
    (r"(?P<amount>[\d,.]+ [A-Z]{3}) within (?P<span>.+)", N_("{amount} within {span}")),
    (
        r"(?P<amount>[\d,.]+ [A-Z]{3}) is outside (?P<spans>.+) with no explanation",
        N_("{amount} is outside {spans} with no explanation"),
    ),
    (
        r"(?P<amount>[\d,.]+ [A-Z]{3}) is outside (?P<spans>.+); clinic's explanation: (?P<note>.+)",
        N_("{amount} is outside {spans}; clinic's explanation: {note}"),
    ),
    (
        r"(?P<span>.+) \((?P<sources>\w+_\w+(?:, \w+_\w+)*)\)",
        N_("{span} ({sources})"),
    ),
    (
        r"(?P<low>[\d,.…]+)–(?P<high>[\d,.…]+\+?) (?P<currency>[A-Z]{3}) per (?P<unit>.+)",
        N_("{low}–{high} {currency} per {unit}"),
    ),
    (
        r"no regenerative line could be compared with a reference range",
        N_("no regenerative line could be compared with a reference range"),
    ),
    # Step 5: safety and aftercare.
    (
        r"follow-up on days (?P<days>[\d, ]+) covers (?P<weeks>.+); baseline photos taken",
        N_("follow-up on days {days} covers {weeks}; baseline photos taken"),
    ),
    (
        r"the schedule \(days (?P<days>[\d, ]+)\) lacks (?P<weeks>.+)",
        N_("the schedule (days {days}) lacks {weeks}"),
    ),
    (
        r"adverse-event channel in (?P<language>.+) with escalation to a senior physician",
        N_("adverse-event channel in {language} with escalation to a senior physician"),
    ),
    (
        r"the channel does not serve the patient's language \((?P<wanted>.+); offered: (?P<offered>.+)\)",
        N_("the channel does not serve the patient's language ({wanted}; offered: {offered})"),
    ),
    (r"screening covers (?P<items>.+)", N_("screening covers {items}")),
    # Last: 4.5's quote lines, "'<item>': <detail>" joined by "; " (the agency fee may follow).
    (r"(?P<first>'[^']+': .+?); (?P<rest>(?:'|agency fee ).+)", N_("{first}; {rest}")),
    (r"'(?P<item>[^']+)': (?P<detail>.+)", N_("'{item}': {detail}")),
)
