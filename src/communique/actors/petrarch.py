"""Import PETRARCH/Phoenix ``.actors`` and ``.agents`` dictionaries into a user knowledge base.

An actor entry is a primary phrase, ``+`` synonyms and tab-indented code lines such as
``[RUSGOV >20040309]``: a CAMEO code (country, sector, optional subsectors) and a date range,
``start-end``, ``>start``, ``<end`` or none (the default when no dated code applies). YYMMDD
dates use PETRARCH's century pivot (00-30 are 20YY, 31-99 19YY); PETRARCH's end date is the last
day in office, ours the first day out, so one day is added. Files are read line by line.

- entries with a dated code (or from CountryInfo) become people; the undated default code becomes
  a last, undated role, so that it applies only when no dated role does;
- other coded entries become organisations that keep their full CAMEO code (``IGOUNO``);
- country entries (``CHINA_ [CHN]``) add only countries the shipped base lacks;
- people and organisations the shipped base already names are skipped, so that pre-2015 data never
  makes a shipped, dated entry ambiguous; one-word aliases of people are dropped (surnames are
  linked from the full name in the story);
- roles get the office ``other``: a code does not say which office it stands for, and a guessed
  office would compete with the shipped holders of that office.

Everything else that cannot be used is skipped and counted with its reason. PETRARCH's validation
fixtures (``PETR.Validate.*``, fictional states that would make "England" a test country) are
left out unless asked for, and a file named twice is read once.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from communique.actors.context import slug
from communique.actors.knowledge import KnowledgeBase
from communique.actors.loader import (
    INTERNATIONAL,
    SECTORS,
    AgentTerm,
    Country,
    Entries,
    Organisation,
    Person,
    Role,
)
from communique.actors.petrarch_agents import RELIGIONS, read_agents
from communique.actors.petrarch_read import (
    Code,
    Entry,
    dictionary_files,
    dictionary_kind,
    read_actor_file,
)
from communique.actors.userfile import ImportReport
from communique.names import normalise

logger = logging.getLogger(__name__)

# CAMEO region codes: not countries, so never added as one.
_REGION_CODES = (
    "AFR ASA BLK BAL CAS CAU CFR CMN CRB EAF EEU EIN EUR INT LAM MEA MED NAF NAM NMR PGS"
)
_REGIONS = frozenset(f"{_REGION_CODES} SAF SAM SAS SCN SEA WAF WEU WST".split())
# Organisation kind by sector (or by the international pseudo-country of the code).
_KIND_PAIRS = (
    "IGO=igo NGO=ngo IMG=armed_group REB=armed_group INS=armed_group SEP=armed_group "
    "UAF=armed_group CRM=armed_group BUS=company MNC=company MED=media MIL=military "
    "COP=military SPY=military LEG=legislature PTY=party GOV=government JUD=government"
)
_ORG_KINDS = {k: v for k, _, v in (pair.partition("=") for pair in _KIND_PAIRS.split())}
# The title of a role whose code line has no telling comment.
_TITLES = {
    **{"GOV": "government official", "ELI": "elite", "MIL": "military officer"},
    **{"LEG": "legislator", "PTY": "party official", "OPP": "opposition figure"},
    **{"REB": "rebel leader", "JUD": "judge", "SPY": "intelligence official"},
    **{"COP": "police official", "BUS": "business person", "MED": "journalist"},
    **{"IGO": "international organisation official", "NGO": "NGO official"},
    **{"IMG": "militant group member"},
}
_WORDY_COMMENT = re.compile(r"^[A-Z][A-Za-z .,'()-]{2,59}$")


def _country_sector(code: str, countries: set[str]) -> tuple[str, str] | str:
    """(country, sector) of a CAMEO code, or the reason it cannot be used."""
    head, tail = code[:3], [code[i : i + 3] for i in range(3, len(code), 3)]
    if head in INTERNATIONAL:
        return head, head
    if head == "MNC":
        if tail and tail[0] in countries:
            return tail[0], "BUS"
        return "company code without a home country"
    if head not in countries:
        if head in SECTORS or head in RELIGIONS:
            return "code without a country"
        return "unknown country code"
    for part in tail:
        if part in SECTORS:
            return head, part
        if part in RELIGIONS:
            return head, "REL"
    return "code without a sector (a place or a bare country)"


def _title(code: Code, sector: str) -> str:
    comment = code.comment
    if comment and _WORDY_COMMENT.match(comment) and "Info" not in comment:
        return comment
    return _TITLES.get(sector, sector.lower())


@dataclass(slots=True)
class _Importer:
    shipped: KnowledgeBase
    report: ImportReport = field(default_factory=ImportReport)
    countries: dict[str, Country] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    agents: dict[str, AgentTerm] = field(default_factory=dict)

    def known_countries(self) -> set[str]:
        return set(self.shipped.countries) | set(self.countries)

    def shippeddictionary_kind(self, name: str, kind: str) -> bool:
        """Whether the curated base (or a user file) names a person or an organisation so;
        the base layer, imported from these very dictionaries, does not count."""
        ids = self.shipped.names.get(normalise(name), ())
        table = self.shipped.people if kind == "person" else self.shipped.organisations
        return any(i in table and i not in self.shipped.base_ids for i in ids)

    # ------------------------------------------------------------ actor entries
    def add(self, entry: Entry) -> None:
        report = self.report
        if not entry.codes:
            report.skip("entry without a code", entry.where)
            return
        first = entry.codes[0].code
        if all(not c.dated and len(c.code) == 3 for c in entry.codes) and first not in {
            *INTERNATIONAL,
            "MNC",
        }:
            if first in _REGIONS:
                report.skip("region code, not a country", entry.where)
            elif first in SECTORS or first in RELIGIONS:
                report.skip("sector or religion code without a country", entry.where)
            else:
                self.add_country(entry, first)
        elif any(c.dated for c in entry.codes) or "CountryInfo" in entry.comment:
            self.add_person(entry)
        else:
            self.add_organisation(entry)

    def add_country(self, entry: Entry, code: str) -> None:
        if code in self.countries or (
            code in self.shipped.countries and code not in self.shipped.base_countries
        ):
            self.report.skip("country already known (countries.yaml)", entry.where)
            return
        shipped = self.shipped
        taken = {k for k, c in shipped.country_words.items() if c not in shipped.base_countries} | {
            normalise(n) for c in self.countries.values() for n in (c.name, *c.names)
        }
        names = [
            n for n in dict.fromkeys([entry.name, *entry.synonyms]) if normalise(n) not in taken
        ]
        if not names:
            self.report.skip("country whose names all belong to another country", entry.where)
            return
        self.countries[code] = Country(code, names[0], tuple(names[1:]), (), (), None, code)

    def roles(self, entry: Entry) -> list[Role]:
        countries = self.known_countries()
        dated: list[Role] = []
        default: list[Role] = []
        for code in entry.codes:
            found = _country_sector(code.code, countries)
            if isinstance(found, str):
                self.report.skip(found, code.where)
                continue
            country, sector = found
            role = Role(country, sector, _title(code, sector), "other", code.start, code.end)
            (dated if code.dated else default).append(role)
        return dated + default[:1]

    def aliases(self, entry: Entry, single_words: bool) -> tuple[str, ...]:
        kept = []
        for alias in dict.fromkeys(entry.synonyms):
            if normalise(alias) == normalise(entry.name) or not normalise(alias):
                continue
            if not single_words and len(normalise(alias).split()) < 2:
                self.report.notes["one-word person aliases dropped"] += 1
                continue
            kept.append(alias)
        return tuple(kept)

    def add_person(self, entry: Entry) -> None:
        names = [entry.name, *(s for s in entry.synonyms if len(normalise(s).split()) > 1)]
        if any(self.shippeddictionary_kind(n, "person") for n in names):
            self.report.skip("person already in the shipped knowledge base", entry.where)
            return
        person_id = f"cq:person:{slug(entry.name)}"
        if person_id in self.shipped.people and person_id not in self.shipped.base_ids:
            self.report.skip("person already in the shipped knowledge base", entry.where)
            return
        roles = self.roles(entry)
        if not roles:
            self.report.skip("person without a usable code", entry.where)
            return
        aliases = self.aliases(entry, single_words=False)
        previous = self.people.get(person_id)
        if previous is not None:  # the same name listed twice: one person with both lists
            aliases = tuple(dict.fromkeys((*previous.aliases, *aliases)))
            roles = list(dict.fromkeys((*previous.roles, *roles)))
            self.report.notes["duplicate entries merged"] += 1
        self.people[person_id] = Person(person_id, entry.name, aliases, tuple(roles))

    def add_organisation(self, entry: Entry) -> None:
        report = self.report
        name = entry.name
        if normalise(name) in self.shipped.country_words:
            report.skip("organisation named like a country", entry.where)
            return
        if (
            normalise(name) in self.shipped.agents
            and normalise(name) not in self.shipped.base_terms
        ):
            report.skip("generic term (use an agent term)", entry.where)
            return
        if self.shippeddictionary_kind(name, "organisation"):
            report.skip("organisation already in the shipped knowledge base", entry.where)
            return
        code = entry.codes[0]
        found = _country_sector(code.code, self.known_countries())
        if isinstance(found, str):
            report.skip(found, code.where)
            return
        country, sector = found
        aliases = list(self.aliases(entry, single_words=True))
        acronym = re.fullmatch(r"(.+?)\s*\(([A-Za-z0-9-]+)\)", name)
        if acronym:  # "Abu Sayyaf Group (ASG)": the name, and the acronym as an alias
            name = acronym.group(1)
            aliases.insert(0, acronym.group(2).upper())
        org_id = f"cq:org:{slug(name)}"
        if org_id in self.shipped.organisations and org_id not in self.shipped.base_ids:
            report.skip("organisation already in the shipped knowledge base", entry.where)
            return
        cameo = code.code
        previous = self.organisations.get(org_id)
        if previous is not None:  # listed twice: keep the first code, add the aliases
            aliases = [*previous.aliases, *aliases]
            country, sector, cameo = previous.country, previous.sector, previous.cameo or cameo
            report.notes["duplicate entries merged"] += 1
        kind = _ORG_KINDS.get(sector, _ORG_KINDS.get(cameo[:3], "ngo"))
        aliases = [a for a in dict.fromkeys(aliases) if normalise(a) != normalise(name)]
        self.organisations[org_id] = Organisation(
            org_id, name, tuple(aliases), country, sector, kind, cameo
        )

    def entries(self) -> Entries:
        return Entries(
            tuple(self.countries.values()),
            tuple(self.organisations.values()),
            tuple(dict.fromkeys(self.agents.values())),
            tuple(self.people.values()),
        )


def import_petrarch(
    paths: list[Path], shipped: KnowledgeBase, include_fixtures: bool = False
) -> tuple[Entries, ImportReport]:
    """Read PETRARCH dictionaries into user-file entries, with what was skipped and why.

    PETRARCH's validation fixtures (``PETR.Validate.*``, fictional states) are read only with
    ``include_fixtures``; each file is read once however often it is named.
    """
    importer = _Importer(shipped)
    files = dictionary_files(paths, importer.report, include_fixtures)
    for name, reason in importer.report.files_skipped.items():
        logger.info("not imported: %s (%s)", name, reason)
    # Country entries first, from every file, so that a person coded with a country the shipped
    # base lacks (Bermuda, Kosovo's KSV) finds it whatever the file order.
    entries: list[Entry] = []
    for path in files:
        kind = dictionary_kind(path)
        if kind == "agents":
            read_agents(path, shipped, importer.agents, importer.report)
        elif kind == "actors":
            entries.extend(read_actor_file(path, importer.report))
        else:
            importer.report.skip("not an .actors or .agents file", str(path.name))
    countries = [e for e in entries if e.codes and all(len(c.code) == 3 for c in e.codes)]
    others = [e for e in entries if not (e.codes and all(len(c.code) == 3 for c in e.codes))]
    for entry in countries + others:
        importer.add(entry)
    result = importer.entries()
    importer.report.written.update(
        countries=len(result.countries),
        organisations=len(result.organisations),
        agents=len(result.agents),
        people=len(result.people),
    )
    return result, importer.report
