"""Find the actors a parsed story mentions and resolve them against the knowledge base.

Three passes over one Doc:

1. read mentions left to right: title phrases ("Chinese Foreign Minister Wang Yi", "the Chinese
   leader"), names, organisations, countries and capitals in actor positions, nationality words;
2. link short names ("Blinken", "Wang") to the people named in full in the same story, using the
   paragraph, the office words and the counterparts nearby when a surname fits several people;
3. resolve "he"/"she" as a subject to the one person just before it.

Nothing is guessed silently: a surname that fits several people keeps them all as candidates and
no actor. Offsets are those of the Doc, i.e. of the article text.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

from communique.actors.context import (
    fill_home_countries,
    institution_actor,
    known_before_generic_word,
    nationality_group,
    organisation_country_actor,
    place_actor,
    stateless_agent,
    title_person,
)
from communique.actors.coordination import split_shared_agents
from communique.actors.identity import by_role, family_country, namesake
from communique.actors.knowledge import KnowledgeBase
from communique.actors.phrases import (
    DETERMINERS,
    Reader,
    Title,
)
from communique.actors.story import (
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    SUBJECT_DEPS,
    Item,
    Story,
    link_pronouns,
    link_reported_pronouns,
    link_short_names,
)
from communique.actors.story_country import fill_story_country
from communique.actors.untagged import (
    untagged_country_end,
    untagged_organisation_end,
    untagged_person_end,
)
from communique.names import normalise
from communique.nlp.datelines import story_body_start
from communique.records import Actor, Mention, MentionBasis

if TYPE_CHECKING:
    from spacy.tokens import Doc

_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS
_CONJUNCTIONS = frozenset({"and", ",", "&"})


# Where a surname read as a common noun can stand for a person.
_PERSON_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})


class _Scanner:
    def __init__(self, doc: Doc, date: dt.date | None, kb: KnowledgeBase) -> None:
        self.doc, self.date, self.kb = doc, date, kb
        self.read = Reader(doc, kb)
        self.items: list[Item] = []
        self.last_title: tuple[Title, int] | None = None  # previous title and its end

    # -------------------------------------------------------------- pass 1
    def scan(self) -> list[Item]:
        doc, i = self.doc, 0
        while i < len(doc):
            i = self._at(i)
        return self.items

    def _at(self, i: int) -> int:
        doc = self.doc
        org = self._organisation_at(i)
        if org is not None:
            return org
        title = self.read.title_at(i)
        if title is not None:
            return self._title(title)
        ent = self.read.ent_at.get(i)
        if ent is not None:
            return self._entity(i, ent.end, ent.label_)
        name_end = untagged_person_end(self.read, self.kb, i, self.date)
        if name_end is not None:
            self._name(i, i, name_end, None, None, None, None)
            return name_end
        place_end = untagged_country_end(self.read, self.kb, i)
        if place_end is not None:
            return self._entity(i, place_end, "GPE")
        org_end = untagged_organisation_end(self.read, self.kb, i)
        if org_end is not None:
            return self._entity(i, org_end, "ORG")
        token = doc[i]
        if token.lower_ in _PRONOUNS and token.dep_ in SUBJECT_DEPS:
            self.items.append(Item(i, i + 1, None, "pronoun", pronoun=True))
        elif self._lone_name(i):
            # "Merkel met Obama": the small model tags no entity on a surname it has seen
            # little; it is a mention only if the story named that person in full
            self.items.append(
                Item(i, i + 1, None, "surname", short=normalise(token.text), bare=True)
            )
        return i + 1

    def _known_person(self, start: int, end: int) -> bool:
        text = self.doc[start:end].text
        if self.kb.organisation(text) is not None or self.kb.country_of(text) is not None:
            return False
        return any(a.kind == "person" for a in self.kb.lookup_name(text, self.date))

    def _lone_name(self, i: int) -> bool:
        """A capitalised proper noun alone, outside any entity: perhaps a known surname."""
        doc = self.doc
        token = doc[i]
        if not token.is_title or not token.is_alpha or len(token) < 3:
            return False
        # the small model also reads some surnames as common nouns ("Trump canceled ...")
        if token.pos_ != "PROPN" and not (token.pos_ == "NOUN" and token.dep_ in _PERSON_DEPS):
            return False
        if token.dep_ == "compound":
            return False
        return not any(
            0 <= j < len(doc) and doc[j].pos_ == "PROPN" and not doc[j].is_punct
            for j in (i - 1, i + 1)
        )

    def _organisation_at(self, i: int) -> int | None:
        """A known organisation named at ``i`` (or after an article), also "US Congress": a
        country word followed by the organisation's name. Returns the token after it."""
        ent_at = self.read.ent_at
        ent = ent_at.get(i)
        if ent is None and self.read.low[i] in DETERMINERS:
            ent = ent_at.get(i + 1)
        if ent is None:
            return None
        spans = [(ent.start, ent.end)] if ent.label_ in ("ORG", "FAC") else []
        following = ent_at.get(ent.end)
        if (
            ent.label_ in ("GPE", "NORP")
            and following is not None
            and following.label_ in ("ORG", "FAC")
        ):
            spans = [(ent.start, following.end), (following.start, following.end)]
        for start, end in spans:
            org = self.kb.organisation(self.doc[start:end].text)
            if org is not None:
                title = self.read.title_at(end)
                if title is not None and title.country is None and title.organisation is None:
                    # "European Community foreign ministers": the title belongs to the body
                    return self._title(dataclasses.replace(title, start=i, organisation=org))
                actor = self.kb.actor_of(org.id, self.date)
                self.items.append(Item(i, end, actor, "name", full=True))
                return end
        return None

    def _title(self, title: Title) -> int:
        if title.country is None and self.last_title is not None:
            previous, previous_end = self.last_title
            between = [t.lower_ for t in self.doc[previous_end : title.start]]
            if previous.country and all(w in _CONJUNCTIONS for w in between) and len(between) <= 2:
                # "Chinese Foreign Minister X and Public Security Minister Y": both Chinese
                title = dataclasses.replace(title, country=previous.country)
        country, sector, office = self._title_context(title)
        # "Lt. Col. Peter Lerner": the tokenizer leaves an abbreviated rank's full stop apart
        after = title.end + (title.end < len(self.doc) and self.doc[title.end].text == ".")
        name = self.read.name_after(after, loose=office is not None and office != "other")
        if name is not None and self._subject_after_comma(title, name):
            name = None
        end = title.end if name is None else name[1]
        self.last_title = (dataclasses.replace(title, country=country), end)
        if name is not None:
            self._name(title.start, name[0], name[1], title, country, sector, office)
        else:
            self._title_only(title, country, sector, office)
        return end

    def _title_context(self, title: Title) -> tuple[str | None, str, str | None]:
        """Country, sector and office a title gives, "head of the <party>" included."""
        country, sector, org = title.country, title.entry.sector, title.organisation
        found = self.kb.agent(title.term_text, country)
        office = found[1] if found else title.entry.office
        if org is not None:
            country = country or org.country
            sector = org.sector
            if office == "leader" and org.kind == "party":
                office = "party_chief"
        return country, sector, office

    def _subject_after_comma(self, title: Title, name: tuple[int, int]) -> bool:
        """ "support for the separatists, Obama warned": a name after a comma that is the
        subject of the main clause while the title sits in an earlier phrase is not in
        apposition to the title."""
        if self.doc[title.end].text != ",":
            return False
        head = self.doc[name[1] - 1]
        title_head = self.doc[title.end - 1]
        return (
            head.dep_ in {"nsubj", "nsubjpass"}
            and title_head.dep_ == "pobj"
            and head.head.i != title_head.i
        )

    def _appositive(self, end: int) -> Title | None:
        """ "Shou Zi Chew, CEO of TikTok": a title after a name and a comma."""
        if end + 1 >= len(self.doc) or self.doc[end].text != ",":
            return None
        # "Sharif Hotak, of the provincial council": the body the person speaks for
        start = end + 1 + (self.doc[end + 1].lower_ == "of")
        title = self.read.title_at(start) if start < len(self.doc) else None
        if title is None or self.read.name_after(title.end) is not None:
            return None  # "X, Foreign Minister Y" is a list of people, not an apposition
        return title

    def _title_only(
        self, title: Title, country: str | None, sector: str, office: str | None
    ) -> None:
        start, end = title.start, title.end
        if country is None:
            named = self._named_institution(title)
            if named is not None:
                self.items.append(Item(start, end, named, "name"))
                return
            if office is not None and office != "other":
                self.items.append(
                    Item(start, end, None, "coreference", office=office, title=title, holder=True)
                )
            elif sector and sector != "GOV":
                # an agent alone ("ambulances", "rebels"): its sector; the country is left to
                # the scene of the sentence (fill_home_countries). "Officials" or "the
                # government" alone say too little to code.
                agent = stateless_agent(self.doc, title, "ELI" if title.former else sector)
                self.items.append(Item(start, end, agent, "title"))
            return  # "the ministers": no country, no name -> not an actor we can code
        if title.former:
            self.items.append(
                Item(start, end, self._agent(start, end, country, "ELI", title), "title")
            )
            return
        holders: list[Actor] = []
        # "Turkish leaders", "EU foreign ministers": several people, not the one office holder
        plural = self.doc[title.term_end - 1].tag_ in {"NNS", "NNPS"}
        if office is not None and office != "other" and not plural:
            places = self._places(title) if title.local else [None]
            for place in places:
                holders = self.kb.holder(country, office, self.date, place)
                if holders:
                    break
        if len(holders) == 1:
            self.items.append(Item(start, end, holders[0], "title", office=office, holder=True))
        elif holders:
            self.items.append(Item(start, end, None, "title", tuple(holders), office=office))
        else:
            self.items.append(
                Item(
                    start,
                    end,
                    self._agent(start, end, country, sector, title),
                    "title",
                    office=office,
                )
            )

    def _named_institution(self, title: Title) -> Actor | None:
        """ "The Supreme Court" as NER's organisation: a body, though the KB lacks it."""
        ent = self.read.ent_at.get(title.start) or self.read.ent_at.get(title.start + 1)
        if ent is None or ent.label_ != "ORG" or ent.end != title.end:
            return None
        return institution_actor(self.read, title.start, title.end)

    def _places(self, title: Title) -> list[str | None]:
        """Cities named in the sentence of a "local" title (nearest first)."""
        if not self.doc.has_annotation("SENT_START"):
            return []
        sent = self.doc[title.start].sent
        found = [
            (abs(e.start - title.start), e.text)
            for e in sent.ents
            if e.label_ == "GPE" and self.kb.country_of(e.text) is None
        ]
        return [text for _, text in sorted(found)]

    def _agent(self, start: int, end: int, country: str, sector: str, title: Title) -> Actor:
        """A generic actor: "Chinese officials" -> CHN GOV, "Russian troops" -> RUS MIL."""
        words = self.doc[start:end]
        if len(words) > 1 and words[0].lower_ in DETERMINERS:
            words = words[1:]
        org = title.organisation
        # "the head of the WHO": the organisation's own CAMEO code, unless coded as a former one
        code = org.cameo if org is not None and org.cameo and sector == org.sector else None
        return Actor(
            f"cq:agent:{country.lower()}-{sector.lower()}",
            words.text,
            country,
            sector,
            title.term_text.lower(),
            "agent",
            code or f"{country}{sector}",
        )

    def _name(
        self,
        start: int,
        name_start: int,
        name_end: int,
        title: Title | None,
        country: str | None,
        sector: str | None,
        office: str | None,
        end: int | None = None,
    ) -> None:
        """A name, with the title before (or after) it when there is one."""
        kb, date = self.kb, self.date
        text = self.doc[name_start:name_end].text
        found = kb.lookup_name(text, date, office)
        # a person first; an organisation only when no person has the name ("the firm Huawei")
        actors = [a for a in found if a.kind == "person"] or [
            a for a in found if a.kind == "organisation"
        ]
        if not actors and name_end - name_start > 2 and title is None:
            # "Beijing Xi Jinping": NER glued words to the name; try the longest known part.
            for size in range(name_end - name_start - 1, 1, -1):
                for s in range(name_start, name_end - size + 1):
                    found = [
                        a
                        for a in kb.lookup_name(self.doc[s : s + size].text, date)
                        if a.kind == "person"
                    ]
                    if found:
                        actors, start, name_start, name_end = found, s, s, s + size
                        text = self.doc[s : s + size].text
                        break
                if actors:
                    break
        stop = name_end if end is None else end
        if country is not None and len(actors) > 1:
            same = [a for a in actors if a.country == country]
            actors = same or actors
        if title is not None and len(actors) == 1:
            actors = [by_role(kb, actors[0], title, sector, date)]
        if len(actors) == 1:
            basis: MentionBasis = (
                "name" if normalise(actors[0].name) == normalise(text) else "alias"
            )
            self.items.append(
                Item(start, stop, actors[0], basis, office=office, title=title, full=True)
            )
            return
        if actors:
            self.items.append(Item(start, stop, None, "name", tuple(actors), office=office))
            return
        derived = None
        if title is not None and sector is not None:
            # an unlisted person: the title's country, else that of the one family the
            # knowledge base (its base layer included) knows by this name
            home = country or family_country(kb, text)
            derived = title_person(text, title, home, sector)
        elif name_end - name_start > 1:
            derived = namesake(kb, text, date)
        if name_end - name_start == 1:
            self.items.append(
                Item(
                    start,
                    stop,
                    None,
                    "surname",
                    short=normalise(text),
                    kb_fallback=True,
                    fallback=derived,
                    office=office,
                    title=title,
                )
            )
        elif derived is not None:
            self.items.append(
                Item(start, stop, derived, "title", office=office, title=title, full=True)
            )
        else:
            self.items.append(Item(start, stop, None, "name"))

    def _entity(self, start: int, end: int, label: str) -> int:
        doc, kb = self.doc, self.kb
        if label == "PERSON" and kb.country_of(doc[start:end].text) is not None:
            # NER reads some countries and nationalities as people ("Sri Lanka", "Bosnian Serbs")
            label = "GPE" if normalise(doc[start:end].text) in kb.country_names else "NORP"
        elif label != "PERSON" and end - start > 1 and self._known_person(start, end):
            # ... and some people as organisations at the head of a sentence ("Keir Starmer
            # welcomed ..."): a known person's full name is that person
            label = "PERSON"
        if label == "PERSON":
            span = self.read.trim_name(start, end)
            if span is None:
                return end
            title = self._appositive(span[1])
            if title is None:
                self._name(span[0], span[0], span[1], None, None, None, None)
                return end
            country, sector, office = self._title_context(title)
            self._name(span[0], span[0], span[1], title, country, sector, office, title.end)
            return max(end, title.end)
        if label not in ("ORG", "GPE", "NORP", "LOC", "FAC"):
            return end
        span = self.read.trim_name(start, end)
        if span is None:
            return end
        s, e = span
        text = doc[s:e].text
        org = kb.organisation(text)
        if org is not None:
            self.items.append(Item(s, e, kb.actor_of(org.id, self.date), "name", full=True))
            return end
        known = known_before_generic_word(self.read, kb, s, e, self.date)
        if known is not None:
            self.items.append(Item(s, e, known, "name", full=True))
            return end
        if label in ("ORG", "NORP"):
            named = organisation_country_actor(self.read, kb, s, e)
            if named is None and label == "ORG":
                named = institution_actor(self.read, s, e)
            if named is not None:
                title = self.read.title_at(e)
                if title is not None and title.country is None and title.organisation is None:
                    # "U.S. Pacific Command spokesman Cmdr. X", "House Intelligence Committee
                    # Chairman X": the title is the body's, and so is its country
                    return self._title(dataclasses.replace(title, start=s, country=named.country))
                self.items.append(Item(s, e, named, "name"))
                return end
        group = nationality_group(self.read, kb, s, e) if label == "NORP" else None
        if group is not None:
            self.items.append(Item(s, group[1], group[0], "nationality"))
            return max(end, group[1])
        fallback = place_actor(doc, kb, s, e, label)
        if e - s == 1 and doc[s].text[:1].isupper() and label != "NORP":
            # NER often labels a lone surname ORG or GPE ("Blinken", "Wang"): link it first.
            self.items.append(
                Item(
                    s,
                    e,
                    None,
                    "surname",
                    short=normalise(text),
                    fallback=fallback[0] if fallback else None,
                    fallback_basis=fallback[1] if fallback else "name",
                )
            )
        elif fallback is not None:
            self.items.append(Item(s, e, fallback[0], fallback[1]))
        return end


def resolve_mentions(
    doc: Doc,
    article_id: str,
    date: dt.date | None,
    kb: KnowledgeBase,
    *,
    body_start: int | None = None,
) -> tuple[Mention, ...]:
    """The actor mentions of a parsed article, resolved as of ``date`` (the story's date).

    Nothing before ``body_start`` (``Dateline.body_start``; read off the text when not
    given) is a mention: the dateline's place and agency are no parties.
    """
    scanner = _Scanner(doc, date, kb)
    items = split_shared_agents(scanner.scan(), doc, scanner.read)
    filed = story_body_start(doc, body_start)
    if filed:
        # "BEIJING, June 19 — Xi met Blinken": the dateline says where the story was
        # filed, and its agency who filed it; neither is a party to anything
        items = [it for it in items if doc[it.start].idx >= filed]
    fill_home_countries(items, doc, scanner.read)
    fill_story_country(items)
    paragraphs = [0] + [m.end() for m in re.finditer(r"\n\s*\n", doc.text)]
    sentence_of = _sentence_index(doc)

    def paragraph(token: int) -> int:
        return bisect.bisect_right(paragraphs, doc[token].idx) - 1

    story = Story(kb, date, items, paragraph, sentence_of)
    link_short_names(story)
    link_pronouns(items, doc, sentence_of)
    link_reported_pronouns(items, doc)
    # again: the people just linked by surname ("Panetta", "General Allen") count and are filled
    fill_story_country(items)
    mentions = []
    for item in sorted(items, key=lambda it: it.start):
        if item.drop or (item.pronoun and item.actor is None):
            continue  # no actor after all, or an unresolved pronoun
        # a phrase read across a line break ("U.S. / <blanked credit> / U.S. Secretary of State
        # X"): the name ends the phrase, so its last line is the mention
        breaks = [t.i for t in doc[item.start : item.end] if t.is_space and "\n" in t.text]
        start = breaks[-1] + 1 if breaks else item.start
        span = doc[start : item.end]
        mentions.append(
            Mention(
                article_id,
                span.text,
                span.start_char,
                span.end_char,
                sentence_of[start],
                item.actor,
                item.candidates,
                item.basis,
            )
        )
    return tuple(mentions)


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    if not doc.has_annotation("SENT_START"):
        return index
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index
