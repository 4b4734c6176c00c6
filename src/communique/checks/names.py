"""Checks on the people a story names: who holds which office, and under which name.

Three kinds of flag come from here:

- ``name_conflict``: one office of one country, on the story's date, given to two differently
  named people in the same story ("Foreign Minister Wang Yi" ... "Foreign Minister Wang Yijie").
- ``office_date``: a person called by an office the knowledge base says they did not hold on the
  story's date, though they held it at another time ("Public Security Minister Zhao Kezhi" in
  2024; he left that office in 2022).
- ``name_variant``: a name the knowledge base does not know, given an office, that is close in
  spelling to someone who held that office ("Zhao Kezi" for "Zhao Kezhi").

Only offices with one holder at a time are compared: two "ambassadors" or two "spokespersons" of
one country in a story are normal, two foreign ministers are not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from communique.actors import KnowledgeBase
from communique.checks.context import in_headline, passage_setting, past_title, told_as_history
from communique.checks.fuzzy import close_names
from communique.names import edit_distance, normalise
from communique.quotations import quoted_regions
from communique.records import Actor, CodedArticle, Mention, Severity

# Offices held by one person at a time in a country; others ("other", "spokesperson",
# "deputy_foreign_minister", ...) have many holders and prove nothing when names differ.
SINGLE_HOLDER_OFFICES = frozenset(
    {
        "head_of_state",
        "head_of_government",
        "foreign_minister",
        "defence_minister",
        "interior_minister",
        "finance_minister",
        "vice_president",
    }
)
# Within this many days of a term, the old or coming title is still news style ("Defense
# Secretary Jim Mattis quit" a week after he left), not an error.
GRACE_DAYS = 90


# A passage set within this many days of someone's term tells of their time in office ("last
# year the diplomat spoke with Secretary of State X"): their title then is the right one.
TERM_SLACK_DAYS = 365

# Former presidents and prime ministers keep their title by courtesy ("President Obama" in 2018)
# and are named mostly for what they did in office: an old title for them is not an error.
COURTESY_OFFICES = frozenset({"head_of_state", "head_of_government"})


@dataclass(frozen=True, slots=True)
class OfficeClaim:
    """A mention that gives a named person an office: "Chinese Foreign Minister Wang Yi"."""

    mention: Mention
    name: str  # the person's name as the story writes it
    country: str
    office: str
    known: bool  # the actor is a person of the knowledge base (not made up from the title)


@dataclass(frozen=True, slots=True)
class Finding:
    """A flag before it gets its id: kind, message, severity, spans (the first is the subject)."""

    kind: str
    message: str
    severity: Severity
    spans: tuple[tuple[int, int], ...]


def office_claims(coded: CodedArticle, kb: KnowledgeBase) -> list[OfficeClaim]:
    """Mentions that put a title in front of a person's name, with the office it names."""
    claims = []
    for mention in coded.mentions:
        actor = mention.actor
        if actor is None or actor.kind != "person" or mention.basis not in ("name", "title"):
            continue
        # "Venezuela\n\nPresident Donald Trump": a mention run across a line break; the title is
        # what stands on the name's own line
        title_text = _title_before(mention.text.rsplit("\n", 1)[-1], actor, kb)
        if not title_text or past_title(title_text):
            continue  # "former Foreign Minister X", "then-President Y"
        if not title_text.split()[-1][:1].isupper():
            continue  # "the left-wing president Donald Trump admires": a description
        known = kb.is_known(actor.id)
        if not known and in_headline(coded.article.text, mention.start, mention.end):
            continue  # "Egyptian President Predicts Cease-Fire": a headline read as a name
        country, office, explicit = _office_of(title_text, actor, kb)
        if country is None or office not in SINGLE_HOLDER_OFFICES:
            continue
        claim = OfficeClaim(mention, actor.name, country, office, known)
        if not (explicit or known or _resolve_name(claim, kb)):
            # A bare title took its country from the story ("company President X", "AFL-CIO
            # President Y", "Treasury Secretary Z" in a Greek story): unless the name is close
            # to someone who held that office, it says nothing about that country's office.
            continue
        claims.append(claim)
    return claims


def _title_before(text: str, actor: Actor, kb: KnowledgeBase) -> str:
    """The words before the person's name in a mention ("Chinese Foreign Minister")."""
    names = [actor.name]
    person = kb.people.get(actor.id)
    if person is not None:
        names.extend(person.aliases)
    key = normalise(text)
    for name in names:
        name_key = normalise(name)
        if name_key and key.endswith(name_key) and len(key) > len(name_key):
            words = text.split()
            return " ".join(words[: len(words) - len(name.split())]).rstrip(", ")
    return ""


def _office_of(title: str, actor: Actor, kb: KnowledgeBase) -> tuple[str | None, str | None, bool]:
    """Country and office key of a title phrase, the country word read off its front, and
    whether the title names its country itself ("Chinese Foreign Minister")."""
    words = [w for w in title.split() if w.lower() not in ("the", "a", "an")]
    country = None
    while words and (code := kb.country_of(words[0].rstrip("'s"))) is not None:
        country, words = code, words[1:]
    explicit = country is not None
    country = country or actor.country
    found = kb.agent(" ".join(words), country) if words else None
    return country, (found[1] if found else None), explicit


def _held(kb: KnowledgeBase, person_id: str, country: str, office: str) -> list[tuple[str, str]]:
    """(start, end) of each time the person held the office, as text for messages."""
    person = kb.people.get(person_id)
    if person is None:
        return []
    return [
        (_day(r.start, "?"), _day(r.end, "now"))
        for r in person.roles
        if r.country == country and r.office == office
    ]


def _day(day: dt.date | None, missing: str) -> str:
    return day.isoformat() if day is not None else missing


def _office_label(kb: KnowledgeBase, country: str, office: str) -> str:
    """ "China's foreign minister": words a reader understands, not the office key."""
    known = kb.countries.get(country)
    name = known.name if known is not None else country
    roles = kb.offices.get((country, office), ())
    title = roles[-1][0].title if roles else office.replace("_", " ")
    return f"{name}'s {title}"


def _reads_as_history(coded: CodedArticle, mention: Mention) -> bool:
    found = coded.clean.quotations
    quoted = quoted_regions(found) if found is not None else None
    text = coded.article.text
    return told_as_history(text, mention.start, mention.end, coded.article.published, quoted)


def _setting(coded: CodedArticle, mention: Mention) -> tuple[dt.date, dt.date] | None:
    # the cleaned text: a caption's "April 4, 2019" or a credit's date sets no passage
    text = coded.clean.text
    return passage_setting(text, mention.start, mention.end, coded.article.published)


def _before(setting: tuple[dt.date, dt.date] | None, date: dt.date) -> bool:
    """Whether a passage is set before the story's date, beyond the grace days."""
    return setting is not None and setting[1] < date - dt.timedelta(days=GRACE_DAYS)


def _now(setting: tuple[dt.date, dt.date] | None, date: dt.date) -> bool:
    """Whether a passage is set within the grace days of the story's date ("today", "on
    Friday", "last month")."""
    grace = dt.timedelta(days=GRACE_DAYS)
    return setting is not None and setting[1] >= date - grace and setting[0] <= date + grace


def _in_term(
    setting: tuple[dt.date, dt.date], claim: OfficeClaim, kb: KnowledgeBase, person_id: str
) -> bool:
    """Whether a passage is set in (or within a year of) a term of the person's."""
    person = kb.people.get(person_id)
    if person is None:
        return False
    slack = dt.timedelta(days=TERM_SLACK_DAYS)
    return any(
        (r.start is None or setting[1] >= r.start - slack)
        and (r.end is None or setting[0] <= r.end + slack)
        for r in person.roles
        if r.country == claim.country and r.office == claim.office
    )


def _resolve_name(claim: OfficeClaim, kb: KnowledgeBase) -> tuple[str, bool] | None:
    """The KB person a claim's name is (or is closest to among holders of the office)."""
    actor = claim.mention.actor
    if actor is not None and claim.known:
        return actor.id, True
    holders = {p.id: p for _, p in kb.offices.get((claim.country, claim.office), ())}
    matches = close_names(claim.name, [(p.id, p.name) for p in holders.values()])
    return (matches[0], False) if len(matches) == 1 else None


def name_findings(coded: CodedArticle, kb: KnowledgeBase) -> Iterator[Finding]:
    """Every name and office flag of one story."""
    date = coded.article.published
    claims = office_claims(coded, kb)
    yield from _variants(claims, kb)
    if date is None:
        return  # without a date no office can be checked against the record
    yield from _office_dates(coded, claims, kb, date)
    yield from _conflicts(coded, claims, kb, date)


def _variants(claims: list[OfficeClaim], kb: KnowledgeBase) -> Iterator[Finding]:
    reported: set[tuple[str, str]] = set()
    for claim in claims:
        if claim.known:
            continue
        match = _resolve_name(claim, kb)
        if match is None:
            continue
        person = kb.people[match[0]]
        if (normalise(claim.name), person.id) in reported:
            continue
        reported.add((normalise(claim.name), person.id))
        yield Finding(
            "name_variant",
            f'"{claim.name}" is called {_office_label(kb, claim.country, claim.office)} but is '
            f"not in the knowledge base; the name is close to {person.name}, who held that "
            f"office: probably a misspelling or another transliteration.",
            "info",
            ((claim.mention.start, claim.mention.end),),
        )


def _office_dates(
    coded: CodedArticle, claims: list[OfficeClaim], kb: KnowledgeBase, date: dt.date
) -> Iterator[Finding]:
    for claim in claims:
        match = _resolve_name(claim, kb)
        if match is None:
            continue
        person_id, exact = match
        grace = dt.timedelta(days=GRACE_DAYS)
        if any(
            claim.office in kb.offices_of(person_id, d) for d in (date - grace, date, date + grace)
        ):
            continue
        person = kb.people[person_id]
        ended = any(
            r.end is not None and r.end <= date
            for r in person.roles
            if r.country == claim.country and r.office == claim.office
        )
        if claim.office in COURTESY_OFFICES and ended:
            continue
        setting = _setting(coded, claim.mention)
        if ended and not _now(setting, date):
            # a former holder by the old title is how news tells the past ("the reset began
            # by Secretary of State X"): only a passage set in the story's own time is an error
            continue
        spells = _held(kb, person_id, claim.country, claim.office)
        if (
            not spells
            or _reads_as_history(coded, claim.mention)
            or (
                setting is not None
                and _before(setting, date)
                and _in_term(setting, claim, kb, person_id)
            )
        ):
            continue  # never held it (by the KB: may be incomplete), or told as history
        holders = [
            a.name for a in kb.holder(claim.country, claim.office, date) if a.id != person_id
        ]
        if not holders:
            continue  # the record has a gap on that date: nothing to set against the story
        who = f"{person.name}" if exact else f'"{claim.name}" (read as {person.name})'
        held = ", ".join(f"{s} to {e}" for s, e in spells)
        on_date = f"on {date.isoformat()} it was held by {' and '.join(holders)}"
        yield Finding(
            "office_date",
            f"{who} is called {_office_label(kb, claim.country, claim.office)} in a story of "
            f"{date.isoformat()}, but held that office {held}; {on_date}.",
            "warning",
            ((claim.mention.start, claim.mention.end),),
        )


def _conflicts(
    coded: CodedArticle, claims: list[OfficeClaim], kb: KnowledgeBase, date: dt.date
) -> Iterator[Finding]:
    """Two names for one office in one story, current holders without a title included."""
    groups: dict[tuple[str, str], dict[str, Mention]] = {}
    for claim in claims:
        if _reads_as_history(coded, claim.mention) or _before(_setting(coded, claim.mention), date):
            continue
        if claim.known and claim.office not in kb.offices_of(claim.mention.actor.id, date):  # type: ignore[union-attr]
            continue  # a known person's old office: office_date reports it, not a conflict
        names = groups.setdefault((claim.country, claim.office), {})
        names.setdefault(normalise(claim.name), claim.mention)
    for (country, office), written_names in groups.items():
        names = _one_per_person(written_names)
        if len(names) < 2:
            continue
        holders = kb.holder(country, office, date)
        right = {normalise(a.name) for a in holders}
        # the subject is the first name the record does not support; the rest is evidence
        ordered = sorted(names.items(), key=lambda kv: (kv[0] in right, kv[1].start))
        written = " and ".join(
            f'"{m.text}"' for _, m in sorted(names.items(), key=lambda kv: kv[1].start)
        )
        record = (
            f"on {date.isoformat()} the office was held by {' and '.join(a.name for a in holders)}"
            if holders
            else "the knowledge base has no holder on that date"
        )
        yield Finding(
            "name_conflict",
            f"{_office_label(kb, country, office)} is named differently in one story: "
            f"{written}; {record}.",
            "warning",
            tuple((m.start, m.end) for _, m in ordered),
        )


def _one_per_person(names: dict[str, Mention]) -> dict[str, Mention]:
    """Names that are a shorter form of another ("el Sisi", "abdel fattah el sisi") or the
    same name spelled one letter apart ("Raul Castro", "Raoul Castro") are one person: only the
    longest form is kept. "Wang Yi" and "Wang Yijie" stay two people."""
    kept: dict[str, Mention] = {}
    for key in sorted(names, key=len, reverse=True):
        words = key.split()
        if not any(
            other.split()[-len(words) :] == words or edit_distance(key, other) <= 1
            for other in kept
        ):
            kept[key] = names[key]
    return kept
