"""Happenings: when two stored events report the same thing that happened, as a person merges.

Two reports are one happening when all of these hold:

* **Same kind.** The same type family and modality (negated, future, hypothetical and
  background reports stay with their own kind). Every telling of a meeting is CONSULT,
  whatever its mode: a visit and the meeting held during it, a phone call reported as
  talks.
* **The same parties.** A party of one report matches a party of the other when they have
  the same actor id, or when one of them is not a named person, body or place (a state,
  "Chinese officials") and they share country and sector (a state matches any sector of its
  country). Two different named people never match: "Blinken met Wang" and "Biden met Xi"
  are two meetings. Meetings and cooperation are reciprocal ("A met B", "B met A" and "A and
  B met" are one), so their parties are compared as one set and two must match, as they are
  for a report of any type that lists a party on both sides ("A and B agreed"); for every
  other report the actors must overlap and the recipients must overlap.
* **Dates that can be the same day.** Each date is the span its precision allows (a day,
  the week from its Monday, the month, the year); the spans must overlap or lie at most
  ``window_days`` apart ("yesterday" in a story published after midnight). An undated
  report could be any happening of its kind, so it stays on its own.
* **Places that can be the same place**, compared by gazetteer id and containment, never by
  name: the same geonameid, a town and its country, a city and its state. A place that was
  not named in the event's own sentence (the dateline, the story's main place) only says
  which country.
* **Attacks say where.** One day holds many attacks by the same side on the same other
  (``LOCATED`` types): two reports of one are one happening only when both name the place
  in the event's own sentence, and the places agree.
* **Different stories.** Retellings within one story are already one event
  (``pipeline.retellings``); two events the coder kept apart in one story are two.

Clustering is complete-linkage: a report joins a happening only if it is compatible with
every report already in it, so a chain of daily meetings never collapses into one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from communique.store.database import EventStore

# PLOVER types whose parties are compared as one set: "A met B" is "B met A".
RECIPROCAL = frozenset({"CONSULT", "COOPERATE"})
# Types that report one kind of happening under another name. Empty today: every PLOVER
# type is its own family, and the modes (visit, phone, summit) live inside CONSULT.
FAMILIES: Mapping[str, str] = {}
# PLOVER types of which one day holds many happenings between the same parties: reports of
# them are one only when both say where, in the event's own sentence.
LOCATED = frozenset({"ASSAULT"})
# Kinds of actor that are one named individual: two different ones never match; nor do two
# places coded as parties ("struck Kharkiv", "struck Odesa").
_NAMED = frozenset({"person", "organisation"})
_PLACE_ID = "cq:place:"
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Party:
    id: str | None
    country: str | None
    sector: str | None
    kind: str | None

    @property
    def named(self) -> bool:
        return bool(self.id) and (self.kind in _NAMED or str(self.id).startswith(_PLACE_ID))

    def matches(self, other: Party) -> bool:
        if self.id and self.id == other.id:
            return True
        if self.named and other.named:
            return False  # two different named people, bodies or places
        if not self.country or self.country != other.country:
            return False
        if "state" in (self.kind, other.kind):
            return True  # "China" takes part in whatever Chinese officials do
        return self.sector == other.sector or self.sector is None or other.sector is None


@dataclass(frozen=True, slots=True)
class Where:
    geonameid: int | None
    country: str | None
    feature: str | None  # city | country | admin1 | region | sea
    admin1: str | None
    named: bool  # not taken from the dateline or the story's main place

    def agrees(self, other: Where) -> bool:
        if self.country and other.country and self.country != other.country:
            return False
        if not (self.named and other.named):
            return True  # one of them only tells the country
        if self.geonameid is not None and self.geonameid == other.geonameid:
            return True
        if "country" in (self.feature, other.feature):
            return True  # a town and its country
        for outer, inner in ((self, other), (other, self)):
            if outer.feature == "admin1" and inner.feature != "admin1":
                return bool(outer.admin1) and outer.admin1 == inner.admin1  # a city, its state
        # no containment is known for a region or a sea: it does not say it is elsewhere;
        # two different cities (or states) are two places
        return self.feature in ("region", "sea") or other.feature in ("region", "sea")


@dataclass(frozen=True, slots=True)
class Report:
    """What identity needs of one stored event."""

    id: str
    article_id: str
    kind: tuple[str, bool, bool, bool, bool]  # family and negated/future/hypothetical/historical
    actors: tuple[Party, ...]
    recipients: tuple[Party, ...]
    date: dt.date | None
    precision: str | None
    place: Where | None
    reported: dt.date | None = None  # publication date, to pick the canonical report
    countries: frozenset[str] = field(default=frozenset())

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day the date may mean, by its precision."""
        if self.date is None:
            return None
        start, end = self.date, self.date
        if self.precision == "week":
            end = start + 6 * _DAY
        elif self.precision == "month":
            start = start.replace(day=1)
            end = (start.replace(day=28) + 4 * _DAY).replace(day=1) - _DAY
        elif self.precision == "year":
            start, end = start.replace(month=1, day=1), start.replace(month=12, day=31)
        return start, end


def _matched(xs: Sequence[Party], ys: Sequence[Party]) -> int:
    """How many parties of ``xs`` match distinct parties of ``ys`` (same ids first)."""
    left, free = list(xs), list(ys)
    count = 0
    for strict in (True, False):
        for x in list(left):
            for y in free:
                if (bool(x.id) and x.id == y.id) if strict else x.matches(y):
                    free.remove(y)
                    left.remove(x)
                    count += 1
                    break
    return count


def _mutual(report: Report) -> bool:
    """Whether a party is on both sides: "A and B agreed" lists A and B as actors and as
    recipients."""
    return bool(set(report.actors) & set(report.recipients))


def parties_agree(a: Report, b: Report) -> bool:
    if a.kind[0] in RECIPROCAL or _mutual(a) or _mutual(b):
        # one party matched on each side could be the same party twice: "Obama and
        # Netanyahu agreed" is not "the United States and China agreed"
        pa, pb = _distinct((*a.actors, *a.recipients)), _distinct((*b.actors, *b.recipients))
        return len(pa) >= 2 and len(pb) >= 2 and _matched(pa, pb) >= 2
    if not (a.actors and a.recipients and b.actors and b.recipients):
        return False  # "Iran threatened" twice in a day is rarely one threat
    return _matched(a.actors, b.actors) >= 1 and _matched(a.recipients, b.recipients) >= 1


def _distinct(parties: Iterable[Party]) -> tuple[Party, ...]:
    # a reciprocal telling may list a party on both sides
    return tuple(dict.fromkeys(parties))


def dates_agree(a: Report, b: Report, window_days: int) -> bool:
    sa, sb = a.span(), b.span()
    if sa is None or sb is None:
        return False
    gap = max((sb[0] - sa[1]).days, (sa[0] - sb[1]).days)  # negative when the spans overlap
    return gap <= window_days


def same_happening(a: Report, b: Report, *, window_days: int = 1) -> bool:
    """Whether ``a`` and ``b`` report one happening (the module's rules)."""
    if a.kind != b.kind or a.article_id == b.article_id:
        return False
    if not dates_agree(a, b, window_days):
        return False
    if a.place is not None and b.place is not None and not a.place.agrees(b.place):
        return False
    if a.kind[0] in LOCATED and not (a.place and a.place.named and b.place and b.place.named):
        return False
    return parties_agree(a, b)


class Clusters:
    """Happenings being built: reports join the first compatible happening, or start one.

    Candidates come from an index on (kind, party country), so a report is compared only
    with happenings that share a country with it.
    """

    def __init__(self, window_days: int = 1) -> None:
        self.window_days = window_days
        self.members: dict[str, list[Report]] = {}  # canonical id -> reports
        self._index: dict[tuple[object, str], set[str]] = defaultdict(set)

    def _keys(self, report: Report) -> Iterator[tuple[object, str]]:
        for country in report.countries:
            yield (report.kind, country)

    def add(self, report: Report, canonical: str | None = None) -> str:
        """Put ``report`` in happening ``canonical``, or in the first compatible one (its
        own when none is); returns the canonical id."""
        if canonical is None:
            canonical = self.find(report) or report.id
        self.members.setdefault(canonical, []).append(report)
        for key in self._keys(report):
            self._index[key].add(canonical)
        return canonical

    def find(self, report: Report) -> str | None:
        seen: set[str] = set()
        candidates: list[str] = []
        for key in self._keys(report):
            for canonical in self._index.get(key, ()):
                if canonical not in seen:
                    seen.add(canonical)
                    candidates.append(canonical)
        far = dt.date.max
        # the happening with the earliest first report wins, then the smallest id
        candidates.sort(key=lambda c: (min(m.reported or far for m in self.members[c]), c))
        for canonical in candidates:
            if all(
                same_happening(report, other, window_days=self.window_days)
                for other in self.members[canonical]
            ):
                return canonical
        return None


def cluster_reports(reports: Sequence[Report], *, window_days: int = 1) -> dict[str, str]:
    """Map every report's id to its happening's canonical id: the earliest-reported one."""
    far = dt.date.max
    ordered = sorted(reports, key=lambda r: (r.date or far, r.reported or far, r.id))
    clusters = Clusters(window_days)
    for report in ordered:
        clusters.add(report)
    canonical: dict[str, str] = {}
    for members in clusters.members.values():
        head = min(members, key=lambda r: (r.reported or far, r.date or far, r.id))
        for report in members:
            canonical[report.id] = head.id
    return canonical


# -- reading reports from the store -----------------------------------------------------------
_REPORT_SQL = """
    SELECT e.id, e.article_id, e.event, coalesce(e.negated, false), coalesce(e.future, false),
           coalesce(e.hypothetical, false), coalesce(e.historical, false),
           e.actors, e.recipients, e.date, e.date_precision, e.place, e.place_basis,
           a.published
    FROM events e LEFT JOIN articles a ON a.id = e.article_id
"""


def _parties(raw: str | None) -> tuple[Party, ...]:
    parties = []
    for item in json.loads(raw) if raw else ():
        actor: dict[str, Any] | None = item.get("actor")
        if not actor or not (actor.get("id") or actor.get("country")):
            continue
        parties.append(
            Party(
                actor.get("id") or None,
                actor.get("country") or None,
                actor.get("sector") or None,
                actor.get("kind") or None,
            )
        )
    return tuple(parties)


def _where(raw: str | None, basis: str | None) -> Where | None:
    if not raw:
        return None
    place = json.loads(raw)
    return Where(
        place.get("geonameid"),
        place.get("country") or None,
        place.get("feature") or None,
        place.get("admin1") or None,
        named=basis not in ("dateline", "story"),
    )


def _report(row: Sequence[Any]) -> Report:
    (event_id, article_id, kind, neg, fut, hyp, hist, actors, recipients) = row[:9]
    (date, precision, place, basis, published) = row[9:]
    sides = (_parties(actors), _parties(recipients))
    return Report(
        id=str(event_id),
        article_id=str(article_id),
        kind=(FAMILIES.get(kind, kind), bool(neg), bool(fut), bool(hyp), bool(hist)),
        actors=sides[0],
        recipients=sides[1],
        date=date,
        precision=precision,
        place=_where(place, basis),
        reported=published,
        countries=frozenset(p.country for side in sides for p in side if p.country),
    )


def read_reports(store: EventStore, article_id: str | None = None) -> list[Report]:
    """Every stored event as a ``Report`` (or only those of one article)."""
    if article_id is None:
        rows = store._con.execute(_REPORT_SQL).fetchall()
    else:
        rows = store._con.execute(_REPORT_SQL + " WHERE e.article_id = ?", [article_id]).fetchall()
    return [_report(row) for row in rows]


class HappeningLinker:
    """Links the events of each newly stored article to the store's happenings as it goes.

    Made at the start of a run: it reads the happenings already linked, and links any event
    stored without a link (a run killed between storing and linking) first. ``add`` then
    links one stored article's events, so the store is always deduplicated.
    """

    def __init__(self, store: EventStore, *, window_days: int = 1) -> None:
        self.store = store
        self.clusters = Clusters(window_days)
        self._linked: set[str] = set()  # ids of the events in ``clusters``
        links = dict(
            store._con.execute("SELECT event_id, canonical_id FROM event_links").fetchall()
        )
        loose: list[Report] = []
        for report in read_reports(store):
            if report.id in links:
                self.clusters.add(report, str(links[report.id]))
                self._linked.add(report.id)
            else:
                loose.append(report)
        far = dt.date.max
        loose.sort(key=lambda r: (r.date or far, r.reported or far, r.id))
        self._link(loose)

    def add(self, article_id: str) -> int:
        """Link the stored events of ``article_id``; returns how many joined an earlier
        happening. Events linked already (the article was stored before this linker was
        made) keep their happening."""
        return self._link(read_reports(self.store, article_id))

    def _link(self, reports: Sequence[Report]) -> int:
        # an event is never compared with itself: it would not join its own happening (two
        # events of one story are two happenings) and would be moved to a new one
        fresh = [r for r in reports if r.id not in self._linked]
        self._linked.update(r.id for r in fresh)
        rows = [(r.id, self.clusters.add(r)) for r in fresh]
        if rows:
            with self.store._transaction():
                self.store._con.executemany(
                    "INSERT INTO event_links VALUES (?, ?) ON CONFLICT DO UPDATE"
                    " SET canonical_id = excluded.canonical_id",
                    [list(row) for row in rows],
                )
        return sum(event_id != canonical for event_id, canonical in rows)
