"""Token-level readers of a parsed Doc: title phrases, country words, names and positions.

These functions only look at the Doc and the knowledge base; the story-level decisions (who a
surname or a pronoun refers to) live in ``resolve``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.actors.knowledge import KnowledgeBase
from communique.actors.loader import AgentTerm, Organisation
from communique.names import SITE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Prepositions after which a country or capital is a place, not an actor ("talks in Beijing").
# "to" and "toward" are places only after verbs of motion ("flew to Japan"); elsewhere
# ("aid to Taiwan", "a visit to China", "a warning to Washington") they name recipients,
# which the event coder needs as actors.
DIRECTIONAL_PREPOSITIONS = frozenset({"to", "toward", "towards"})
MOTION_VERBS = frozenset(
    {"fly", "travel", "go", "arrive", "return", "head", "come", "move", "flee", "sail", "drive"}
)
_DEPARTURE_VERBS = MOTION_VERBS | {"leave", "depart", "set", "board", "bind"}
LOCATIVE_PREPOSITIONS = frozenset(
    {
        "in",
        "from",
        "at",
        "into",
        "inside",
        "within",
        "throughout",
        "across",
        "near",
        "around",
        "outside",
        "via",
        "over",
        "through",
        "off",
    }
)
# Heads after which "at" names a target, not a place: feelings and verbs aimed at someone
# ("anger at Turkey", "fired at Israel", "lashed out at Washington").
AIMED_AT_HEADS = frozenset(
    {
        "anger", "fury", "outrage", "frustration", "dismay", "unease", "concern", "displeasure",
        "annoyance", "irritation", "disgust", "alarm", "indignation", "criticism", "jab",
        "swipe", "dig", "angry", "furious", "upset", "fire", "shoot", "aim", "hurl", "throw",
        "lash", "rail", "lob", "point", "direct", "snap", "hit", "strike", "swing", "launch",
        "missile", "rocket", "shell", "bomb", "drone", "grenade", "stone", "projectile", "shot",
    }
)  # fmt: skip
# Positions where a capital reads as its government ("Beijing said", "warned Washington").
CAPITAL_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "poss", "dative", "appos"})
# Positions where a country, capital or nationality word only modifies another noun.
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
DETERMINERS = frozenset({"the", "a", "an"})
FORMER_WORDS = frozenset({"former", "ex", "then"})
LOCAL_WORDS = frozenset({"local", "regional", "provincial", "municipal", "city"})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})
POSSESSIVE = frozenset({"'s", "’s", "'"})
NAME_LABELS = frozenset({"PERSON"})


@dataclass(frozen=True, slots=True)
class Title:
    """A title phrase: [the] [former|local] [COUNTRY['s]] TERM [of [the] ORG|COUNTRY]."""

    start: int  # first token (the determiner when there is one)
    term_end: int
    end: int  # token after the phrase (after "of ORG" when present)
    entry: AgentTerm
    country: str | None
    former: bool
    local: bool
    organisation: Organisation | None
    term_text: str  # the term as written, e.g. "Foreign Minister"


class Reader:
    """Precomputed lower-case keys and entity starts of one Doc."""

    def __init__(self, doc: Doc, kb: KnowledgeBase) -> None:
        self.doc = doc
        self.kb = kb
        # one pass over the tokens, one read of the entities: each costs a Python object
        # per token, and the scanner reads these lists for every token of every story
        self.low: list[str] = []
        self.lemma: list[str] = []
        self.sent_start: list[bool] = []
        self.capitalised: list[bool] = []
        self.cap_word: list[bool] = []
        for t in doc:
            text = t.text
            self.low.append(t.lower_.replace(".", ""))
            self.lemma.append(t.lemma_.lower())
            self.sent_start.append(bool(t.is_sent_start))
            capitalised = text[:1].isupper()
            self.capitalised.append(capitalised)
            self.cap_word.append(capitalised and text.isalpha())
        self.longest_term = _longest_terms(kb)
        self._terms: dict[int, tuple[AgentTerm, int] | None] = {}
        ents = doc.ents
        self.ent_at = {ent.start: ent for ent in ents}
        self.person_ent_end: dict[int, int] = {}
        self.in_other_ent: set[int] = set()  # tokens of entities that are not names of people
        for ent in ents:
            for i in range(ent.start, ent.end):
                if ent.label_ in NAME_LABELS:
                    self.person_ent_end[i] = ent.end
                else:
                    self.in_other_ent.add(i)

    def term_at(self, i: int) -> tuple[AgentTerm, int] | None:
        """The longest agent term starting at token ``i`` (the last word may be a plural)."""
        if i not in self._terms:  # titles, places and names all ask about the same tokens
            self._terms[i] = self._term_at(i)
        return self._terms[i]

    def _term_at(self, i: int) -> tuple[AgentTerm, int] | None:
        doc, agents = self.doc, self.kb.agents
        # only as many words as the longest term that starts with this word (one at least,
        # for a lone plural: "ministers")
        limit = min(max(self.longest_term.get(self.low[i], 0), 1), len(doc) - i)
        for n in range(limit, 0, -1):
            if n > 1 and self.sent_start[i + n - 1]:
                continue
            words = self.low[i : i + n]
            entry = agents.get(" ".join(words))
            if entry is None:
                entry = agents.get(" ".join([*words[:-1], self.lemma[i + n - 1]]))
            if entry is not None:
                return entry, i + n
        if limit >= 1 and doc[i].pos_ == "NOUN":
            # a head noun whose agent terms all share a sector: "a car theft syndicate"
            head = self.kb.head_agent(self.low[i]) or self.kb.head_agent(self.lemma[i])
            if head is not None:
                return head, i + 1
        return None

    def country_at(self, i: int) -> tuple[str, int] | None:
        """A country name, demonym or capital of up to three tokens starting at ``i``."""
        doc = self.doc
        if i >= len(doc) or not self.capitalised[i]:
            return None
        for n in (3, 2, 1):
            if i + n > len(doc):
                continue
            if n > 1 and any(self.sent_start[i + 1 : i + n]):
                continue
            span = doc[i : i + n]
            code = self.kb.country_of(span.text)
            if code is not None and not self._site_after(i + n):
                end = i + n
                if end < len(doc) and self.low[end] in POSSESSIVE:
                    end += 1
                return code, end
        return None

    def _site_after(self, i: int) -> bool:
        """A capitalised site word at ``i``: the name before it names a site ("Victoria
        Park", "Washington Square"), not the country or capital it starts with."""
        return i < len(self.doc) and self.capitalised[i] and self.low[i] in SITE_WORDS

    def place_at(self, i: int) -> tuple[str, int] | None:
        """A town, city or US state of up to three capitalised tokens at ``i`` before an agent
        term, with its country."""
        doc = self.doc
        for n in (3, 2, 1):
            if i + n >= len(doc):
                continue
            if not all(self.cap_word[i : i + n]):
                continue
            if n > 1 and any(self.sent_start[i + 1 : i + n]):
                continue
            if any(self.term_at(k) is not None for k in range(i, i + n)):
                continue  # "Police Commissioner": an agent word, though a town is so named
            if n == 1 and self.person_ent_end.get(i) == i + 1:
                continue  # "the Kim regime": a one-word name of a person, though a town too
            span = doc[i : i + n]
            code = self.kb.place_country(span.text)
            end = i + n + (i + n < len(doc) and self.low[i + n] in POSSESSIVE)
            if (
                code is not None
                and end < len(doc)
                and (self.term_at(end) is not None or self._party_before_title(end) is not None)
            ):
                return code, end
        return None

    def _party_before_title(self, i: int) -> tuple[str | None, int] | None:
        """A one-word party name at ``i`` ("Democrat", "Republican") that a title follows:
        the party's country and the token after it, else None."""
        if i + 1 >= len(self.doc) or not self.capitalised[i] or self.term_at(i + 1) is None:
            return None
        party = self.kb.organisation(self.doc[i].text)
        if party is None or party.sector != "PTY":
            return None
        return party.country, i + 1

    def title_at(self, i: int) -> Title | None:
        """Read a title phrase starting at token ``i``, or None."""
        doc, low = self.doc, self.low
        n = len(doc)
        if (
            i < n
            and not self.capitalised[i]
            and low[i] not in _TITLE_OPENERS
            and self.term_at(i) is None
        ):
            return None  # most words: no country, place, qualifier or term can start here
        j = i
        if j < n and low[j] in DETERMINERS:
            j += 1
        country: str | None = None
        former = local = False
        for _ in range(4):
            if j >= n:
                return None
            if low[j] in FORMER_WORDS:
                former, j = True, j + 1
            elif low[j] in LOCAL_WORDS:
                local, j = True, j + 1
            elif country is None and (found := self.country_at(j)) is not None:
                country, j = found
            elif country is None and (found := self.place_at(j)) is not None:
                country, j = found  # "Tennessee Sen. X", "Chiang Rai Gov. Y": a place's title
            elif (party := self._party_before_title(j)) is not None:
                # "California Democrat Rep. X", "Republican Sen. Y": the office decides the
                # sector, the party the country when nothing else gave one
                country, j = country or party[0], party[1]
            else:
                break
        if j >= n:
            return None
        matched = self.term_at(j)
        if matched is None and country is not None:
            # "Chilean defence officials", "Sudan's paramilitary forces": words between the
            # country and the agent noun modify it; the head noun decides the sector
            for k in (j + 1, j + 2):
                if k >= n or not all(_is_modifier_word(doc[t]) for t in range(j, k)):
                    break
                matched = self.term_at(k)
                if matched is not None:
                    j = k
                    break
        if matched is None:
            return None
        entry, term_end = matched
        if any(self.sent_start[t] for t in range(i + 1, term_end)):
            return None  # "... aid to Ukraine. Rep. X": a title never spans two sentences
        last = doc[term_end - 1]
        if last.pos_ not in ("NOUN", "PROPN") and not (country and last.pos_ in ("ADJ", "VERB")):
            return None  # "general election", "military presence" without a country
        end = term_end
        organisation: Organisation | None = None
        if end + 1 < n and low[end] == "of":
            # NER puts the article inside some entities ("the Chinese Communist Party").
            ent = self.ent_at.get(end + 1) or self.ent_at.get(
                end + 1 + (low[end + 1] in DETERMINERS)
            )
            if ent is not None and ent.label_ in ("ORG", "GPE", "NORP", "FAC"):
                # a country's own name is the country, though a base-layer group may list
                # it as an alias ("the government of Venezuela" is not a rebel group's)
                code = self.kb.country_of(ent.text) if ent.label_ == "GPE" else None
                organisation = None if code is not None else self.kb.organisation(ent.text)
                if organisation is not None:
                    end = ent.end
                elif country is None and (
                    code := code
                    or self.kb.country_of(ent.text)
                    # "the people of Gaza", "the mayor of Kharkiv": the town's country
                    or (self.kb.place_country(ent.text) if ent.label_ == "GPE" else None)
                ):
                    country, end = code, ent.end
            elif country is None and (found := self.country_at(end + 1)) is not None:
                country, end = found  # "the Government of India", one ORG entity for NER
        return Title(
            start=i,
            term_end=term_end,
            end=end,
            entry=entry,
            country=country,
            former=former,
            local=local,
            organisation=organisation,
            term_text=doc[j:term_end].text,
        )

    def name_after(self, i: int, loose: bool = False) -> tuple[int, int] | None:
        """Token span of a name at ``i`` (or after a comma): a PERSON entity, or with ``loose``
        (after an office title: "President Xi") also proper nouns NER did not label."""
        doc, n = self.doc, len(self.doc)
        if i < n and doc[i].text == ",":
            i += 1
            if i not in self.person_ent_end:
                return None  # after a comma only a recognised name is taken
        if i >= n or doc[i].is_sent_start:
            return None
        if i in self.person_ent_end:
            return self.trim_name(i, self.person_ent_end[i])
        if not loose:
            return None
        if i in self.in_other_ent:
            return self._misread_name(i)
        end = i
        while (
            end < n
            and end - i < 4
            and doc[end].pos_ == "PROPN"
            and doc[end].text[:1].isupper()
            and self.kb.country_of(doc[end].text) is None
            and self.term_at(end) is None
            and (end == i or not doc[end].is_sent_start)
        ):
            end += 1
        return (i, end) if end > i else None

    def _misread_name(self, i: int) -> tuple[int, int] | None:
        """An office title's name that NER read as an organisation ("President Kassym-Jomart
        Tokayev"): proper nouns only, no agent word, no known body or country."""
        ent = self.ent_at.get(i)
        if ent is None or ent.label_ != "ORG":
            return None  # "University College", "Navy Information Agency": not people
        words = [t for t in ent if not t.is_punct]
        if not words or any(t.pos_ != "PROPN" for t in words):
            return None
        if any(self.term_at(t.i) is not None for t in words):
            return None
        if self.kb.organisation(ent.text) is not None or self.kb.country_of(ent.text):
            return None
        return self.trim_name(ent.start, ent.end)

    def trim_name(self, start: int, end: int) -> tuple[int, int] | None:
        """Drop possessives, conjunctions and punctuation that NER leaves on names."""
        doc = self.doc
        while end > start and (
            self.low[end - 1] in POSSESSIVE
            or doc[end - 1].is_punct
            or doc[end - 1].pos_ in ("CCONJ", "ADP", "DET", "PART")
        ):
            end -= 1
        # a leading possessive is the previous word's ("President's Obama" in a typo)
        while start < end and (
            doc[start].is_punct or self.low[start] in DETERMINERS or self.low[start] in POSSESSIVE
        ):
            start += 1
        return (start, end) if end > start else None


_TITLE_OPENERS = DETERMINERS | FORMER_WORDS | LOCAL_WORDS
_LONGEST_TERMS: dict[int, tuple[KnowledgeBase, dict[str, int]]] = {}


def _longest_terms(kb: KnowledgeBase) -> dict[str, int]:
    """First word of each agent term -> the most words of a term it starts (per base)."""
    cached = _LONGEST_TERMS.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    longest: dict[str, int] = {}
    for term in kb.agents:
        words = term.split()
        if words:
            longest[words[0]] = max(longest.get(words[0], 0), len(words))
    _LONGEST_TERMS[id(kb)] = (kb, longest)
    return longest


def _is_modifier_word(token: Token) -> bool:
    """A lower-case adjective or noun that may stand between a country and an agent noun
    ("Russian armed forces"); a verb only as a participle modifying the noun, never the
    clause's own verb ("Russia launched missiles")."""
    if not (token.text.isalpha() and token.text.islower()):
        return False
    if token.pos_ == "VERB":
        return token.tag_ in ("VBN", "VBG") and token.dep_ in ("amod", "compound")
    return token.pos_ in ("ADJ", "NOUN")


def first_conjunct(token: Token) -> Token:
    """The first item of a coordination ("the US and China" -> US)."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def is_locative(token: Token) -> bool:
    """A place complement: "in Beijing", "from Moscow" (not "between the US and China")."""
    head = first_conjunct(token)
    if head.dep_ != "pobj":
        return False
    prep = head.head
    if prep.lower_ in DIRECTIONAL_PREPOSITIONS:
        return prep.head.lemma_ in MOTION_VERBS
    if prep.lower_ == "at" and _aimed(prep.head):
        return False
    return prep.lower_ in LOCATIVE_PREPOSITIONS


def _aimed(head: Token) -> bool:
    """ "anger at", "voiced anger at" (the parser hangs "at" on the verb), "fired at"."""
    words = [head, *(c for c in head.children if c.dep_ == "dobj")]
    return any(w.lemma_.lower() in AIMED_AT_HEADS for w in words)


def is_modifier(token: Token) -> bool:
    """A noun modifier: "US-China relations", "the Taiwan issue"."""
    if token.dep_ == "npadvmod" and token.head.pos_ in {"VERB", "AUX"}:
        return False  # "warned Turkey that ...": the small parser's reading of an object
    return token.dep_ in MODIFIER_DEPS


def has_relative_subject(token: Token) -> bool:
    """ "Beijing, which claims ...": the place is the subject of a relative clause."""
    for child in token.children:
        if child.dep_ == "relcl" and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in RELATIVE_PRONOUNS
            for c in child.children
        ):
            return True
    return False


def is_capital_actor(token: Token) -> bool:
    head = first_conjunct(token)
    if has_relative_subject(token) or head.dep_ in CAPITAL_ACTOR_DEPS:
        return True
    if head.dep_ != "pobj":
        return False
    prep = head.head
    if prep.lower_ in ("by", "with", "between", "against"):
        return True
    # "pressure on Tehran", "imposed sanctions on Moscow", "aid for Kyiv": the target of an
    # act ("left for Kyiv" is a journey's end)
    if prep.lower_ == "on" or (prep.lower_ == "at" and _aimed(prep.head)):
        return True  # "fired missiles at Kyiv" aims at the state
    return prep.lower_ == "for" and prep.head.lemma_ not in _DEPARTURE_VERBS
