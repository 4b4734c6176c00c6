"""The GDELT 2.0 Event and Mentions tables, written from the store.

One Events row per canonical event (see ``store.dedupe``), in GDELT's 61 columns and order,
tab-separated without a header, as GDELT's own files are. One Mentions row per event that
reports it; ``NumMentions`` counts every telling, as GDELT counts several references in one
document: each report and each retelling linked within its story (``Event.mentions``), so it
can exceed the happening's Mentions rows and ``NumArticles``. Codes stay strings ("042"),
dates are YYYYMMDD integers, actor countries are CAMEO codes and geography is FIPS 10-4, as
in GDELT. A Mentions row's ``Extras`` (blank in GDELT's own files) holds the input record's
own id (``source_id``) of the story it comes from, so that a mention can be joined back to
the record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communique.export.countries import country_codes
from communique.store.bulk import counted_happenings, happening_reports

if TYPE_CHECKING:
    from communique.store import EventStore

logger = logging.getLogger(__name__)

EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(
        f"{who}{field}"
        for who in ("Actor1", "Actor2")
        for field in (
            "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
            "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
        )
    ),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(
        f"{where}Geo_{field}"
        for where in ("Actor1", "Actor2", "Action")
        for field in (
            "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
        )
    ),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
)  # fmt: skip

INTERNATIONAL = ("IGO", "NGO", "IMG")  # pseudo-countries: GDELT leaves CountryCode blank
LEAD_SENTENCES = 3  # an event in the first three sentences is a "root" (lead) event
MENTION_WEB, MENTION_CITATION = 1, 2  # GDELT MentionType: a URL, or a textual citation
GEO_NONE, GEO_COUNTRY, GEO_USSTATE, GEO_USCITY, GEO_WORLDCITY, GEO_WORLDSTATE = 0, 1, 2, 3, 4, 5


def global_event_id(event_id: str) -> int:
    """A stable integer id: the same event gets the same GLOBALEVENTID in every export."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4f}".rstrip("0").rstrip(".")
    # GDELT files are unquoted: a tab or newline inside a value would break the row.
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _ymd(day: dt.date | None) -> int | None:
    return day.year * 10000 + day.month * 100 + day.day if day else None


def _stamp(moment: dt.datetime | dt.date | None) -> int | None:
    if moment is None:
        return None
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day)
    return int(moment.strftime("%Y%m%d%H%M%S"))


def date_fields(day: dt.date | None) -> list[Any]:
    """SQLDATE, MonthYear, Year, FractionDate (GDELT's (month * 30 + day) / 365 fraction)."""
    if day is None:
        return [None, None, None, None]
    fraction = round(day.year + (day.month * 30 + day.day) / 365, 4)
    return [_ymd(day), day.year * 100 + day.month, day.year, fraction]


def actor_fields(participants: Sequence[dict[str, Any]]) -> list[Any]:
    """The ten Actor<n> columns for the first resolved participant of one side."""
    actor = next((p["actor"] for p in participants if p.get("actor")), None)
    if actor is None:
        name = participants[0]["entity_text"].upper() if participants else None
        return [None, name, *([None] * 8)]
    country = actor.get("country")
    sector = actor.get("sector")
    code = actor.get("code") or f"{country or ''}{sector or ''}" or None
    known_group = code[3:6] if code and code[:3] in INTERNATIONAL and len(code) >= 6 else None
    cameo_country = None
    if country and country not in INTERNATIONAL:
        entry = country_codes().get(country)
        cameo_country = entry.cameo if entry else country
    type_code = sector if sector and sector not in INTERNATIONAL else None
    name = str(actor.get("name") or "").upper() or None
    return [code, name, cameo_country, known_group, None, None, None, type_code, None, None]


def _geo_type(feature: str, country: str | None) -> int:
    if feature == "country":
        return GEO_COUNTRY
    if feature == "admin1":
        return GEO_USSTATE if country == "USA" else GEO_WORLDSTATE
    if feature == "city":
        return GEO_USCITY if country == "USA" else GEO_WORLDCITY
    return GEO_WORLDCITY  # regions and seas: GDELT files landmarks with cities


def place_fields(place: dict[str, Any] | None) -> list[Any]:
    """The eight <x>Geo columns: Type, FullName, CountryCode (FIPS), ADM1Code, ADM2Code,
    Lat, Long, FeatureID."""
    if not place:
        return [GEO_NONE, *([None] * 7)]
    country = place.get("country")
    entry = country_codes().get(country) if country else None
    fips = entry.fips if entry else None
    feature = str(place.get("feature") or "city")
    admin1 = place.get("admin1")
    # A short admin1 is a code (GeoNames: FIPS-style, or a US state); a longer one is a name.
    admin1_code = admin1 if admin1 and len(admin1) <= 3 and admin1.isalnum() else None
    admin1_name = admin1 if admin1 and admin1_code is None else None
    if feature == "country":
        names = [entry.name if entry else place.get("name")]
        feature_id: Any = fips
    else:
        names = [place.get("name"), admin1_name, entry.name if entry else None]
        feature_id = place.get("geonameid")
    full_name = ", ".join(str(n) for n in names if n)
    adm1 = f"{fips}{admin1_code}" if fips and admin1_code else fips
    return [
        _geo_type(feature, country),
        full_name or None,
        fips,
        adm1,
        None,
        place.get("lat"),
        place.get("lon"),
        feature_id,
    ]


def event_rows(store: EventStore) -> Iterator[list[Any]]:
    """GDELT Events rows (61 values each) for every counted canonical event."""
    for (
        event_id, record, mentions, sources, articles, tone, published, stored_at, url,
        sentence,
    ) in counted_happenings(store):  # fmt: skip
        event = json.loads(record)
        day = dt.date.fromisoformat(event["date"]) if event.get("date") else published
        cameo = str(event.get("cameo") or "")
        lead = sentence < LEAD_SENTENCES if sentence is not None else event["start"] < 400
        yield [
            global_event_id(event_id),
            *date_fields(day),
            *actor_fields(event["actors"]),
            *actor_fields(event["recipients"]),
            int(lead),
            cameo or None,
            cameo[:3] or None,
            cameo[:2] or None,
            event.get("quad_code"),
            event.get("goldstein"),
            mentions,
            sources,
            articles,
            tone,
            *[GEO_NONE, *([None] * 7)],  # actor geography: not resolved by communique
            *[GEO_NONE, *([None] * 7)],
            *place_fields(event.get("place")),
            _stamp(stored_at),
            url,
        ]


def mention_rows(store: EventStore) -> Iterator[list[Any]]:
    """GDELT Mentions rows (16 values each): one per event reporting a counted canonical
    event. Char offsets are -1 when absent, as in GDELT; Extras is the story's source id."""
    for (
        canonical_id, record, stored_at, event_added, url, origin, source, doc_len, tone,
        sentence, source_id,
    ) in happening_reports(store):  # fmt: skip
        event = json.loads(record)
        actors, recipients = event["actors"], event["recipients"]
        yield [
            global_event_id(canonical_id),
            _stamp(event_added),
            _stamp(stored_at),
            MENTION_WEB if url else MENTION_CITATION,
            source,
            url or origin,
            sentence + 1 if sentence is not None else None,
            actors[0]["start"] if actors else -1,
            recipients[0]["start"] if recipients else -1,
            event.get("trigger_start", event["start"]),
            1,
            50 if event.get("flags") else 100,  # a flagged event is half as certain
            doc_len,
            tone,
            None,
            source_id,  # Extras: the input record's own id
        ]


def _write(rows: Iterable[list[Any]], path: str | Path, header: Sequence[str] | None) -> int:
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as out:
        if header:
            out.write("\t".join(header) + "\n")
        for row in rows:
            out.write("\t".join(_cell(v) for v in row) + "\n")
            count += 1
    return count


def export_gdelt(
    store: EventStore, path_events: str | Path, path_mentions: str | Path, *, header: bool = False
) -> tuple[int, int]:
    """Write the GDELT 2.0 Events and Mentions tables; returns the two row counts.

    Run ``store.dedupe.merge_events`` first so that several reports of one happening become
    one Events row with several Mentions; otherwise every event is its own row.
    """
    events = _write(event_rows(store), path_events, EVENT_COLUMNS if header else None)
    mentions = _write(mention_rows(store), path_mentions, MENTION_COLUMNS if header else None)
    logger.info("wrote %d GDELT events and %d mentions", events, mentions)
    return events, mentions
