"""The checks on hand-built records: fast, no spaCy model; each flag kind and how flags travel."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from communique.actors import KnowledgeBase, load_knowledge_base
from communique.checks import attach_flags, check_article, find_flags, flag_id
from communique.checks.context import passage_setting
from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Mention,
    Participant,
    Place,
    Quote,
    Removed,
)

DAY = dt.date(2024, 4, 26)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def _story(text: str, published: dt.date | None = DAY, **parts: object) -> CodedArticle:
    article = Article(id="a1", text=text, published=published)
    clean = parts.pop("clean", CleanText("a1", text))
    return CodedArticle(article=article, clean=clean, **parts)  # type: ignore[arg-type]


def _mention(text: str, phrase: str, actor: Actor | None, basis: str = "name") -> Mention:
    start = text.index(phrase)
    return Mention("a1", phrase, start, start + len(phrase), 0, actor, basis=basis)


def _known(kb: KnowledgeBase, name: str) -> Actor:
    return kb.lookup_name(name, DAY)[0]


def _titled(name: str, role: str, country: str = "CHN") -> Actor:
    """What the resolver makes of a title before a name the knowledge base does not know."""
    slug = name.lower().replace(" ", "-")
    return Actor(f"cq:person:{slug}", name, country, "GOV", role, "person", f"{country}GOV")


def _event(text: str, phrase: str, actor: Mention, recipient: Mention, **extra: object) -> Event:
    start = text.index(phrase)
    return Event(
        id=f"e{start}",
        article_id="a1",
        event="CONSULT",
        mode=None,
        context=(),
        cameo="040",
        goldstein=1.0,
        quad_code=1,
        actors=(Participant(actor.text, actor.actor, actor.start, actor.end),),
        recipients=(Participant(recipient.text, recipient.actor, recipient.start, recipient.end),),
        trigger="met",
        sentence=phrase,
        start=start,
        end=start + len(phrase),
        trigger_start=text.index("met", start),
        trigger_end=text.index("met", start) + 3,
        **extra,  # type: ignore[arg-type]
    )


def test_two_names_for_one_office_are_a_conflict_with_the_record_holder(kb: KnowledgeBase) -> None:
    text = "Foreign Minister Wang Yi spoke first. Later Foreign Minister Wang Yijie spoke again."
    right = _mention(text, "Foreign Minister Wang Yi", _known(kb, "Wang Yi"))
    wrong = _mention(
        text, "Foreign Minister Wang Yijie", _titled("Wang Yijie", "Foreign Minister"), "title"
    )
    flags = find_flags(_story(text, mentions=(right, wrong)), kb)
    conflict = [f for f in flags if f.kind == "name_conflict"]
    assert len(conflict) == 1
    # the subject is the name the knowledge base does not support; the other is evidence
    assert conflict[0].spans == ((wrong.start, wrong.end), (right.start, right.end))
    assert "held by Wang Yi" in conflict[0].message
    variant = [f for f in flags if f.kind == "name_variant"]
    assert [f.spans for f in variant] == [((wrong.start, wrong.end),)]
    assert "Wang Yi" in variant[0].message


def test_a_short_form_of_a_name_is_the_same_person(kb: KnowledgeBase) -> None:
    title = "Chinese Foreign Minister"
    text = f"{title} Qiao Wenxing spoke first. Later {title} Wenxing spoke again."
    full, short = (
        _mention(text, f"{title} {name}", _titled(name, "Foreign Minister"), "title")
        for name in ("Qiao Wenxing", "Wenxing")
    )
    assert find_flags(_story(text, mentions=(full, short)), kb) == ()
    # a different given name is another person
    text = text.replace("Minister Wenxing", "Minister Liu Wenxing")
    other = _mention(text, f"{title} Liu Wenxing", _titled("Liu Wenxing", "Foreign Minister"))
    flags = find_flags(_story(text, mentions=(full, other)), kb)
    assert [f.kind for f in flags] == ["name_conflict"]
    # one letter apart is one name spelled two ways ("Raul", "Raoul"), not two people
    text = text.replace("Minister Liu Wenxing", "Minister Qiao Wenxin")
    spelt = _mention(text, f"{title} Qiao Wenxin", _titled("Qiao Wenxin", "Foreign Minister"))
    assert find_flags(_story(text, mentions=(full, spelt)), kb) == ()


def test_a_title_is_read_from_the_name_s_own_line(kb: KnowledgeBase) -> None:
    maduro = "Venezuelan President Nicolas Maduro"
    text = (
        f"{maduro} spoke to reporters about the economy.\n\nIn Venezuela\n\n"
        "President Xi Jinping spoke."
    )
    mentions = (
        _mention(text, maduro, _titled("Nicolas Maduro", "President", "VEN"), "title"),
        _mention(text, "Venezuela\n\nPresident Xi Jinping", _known(kb, "Xi Jinping")),
    )
    assert find_flags(_story(text, mentions=mentions), kb) == ()


def test_correct_names_give_no_flag(kb: KnowledgeBase) -> None:
    text = "Foreign Minister Wang Yi met Public Security Minister Wang Xiaohong."
    mentions = (
        _mention(text, "Foreign Minister Wang Yi", _known(kb, "Wang Yi")),
        _mention(text, "Public Security Minister Wang Xiaohong", _known(kb, "Wang Xiaohong")),
    )
    assert find_flags(_story(text, mentions=mentions), kb) == ()


def test_office_not_held_on_the_date_says_who_held_it_and_when(kb: KnowledgeBase) -> None:
    text = "Public Security Minister Zhao Kezhi visited the border on Monday."
    mention = _mention(text, "Public Security Minister Zhao Kezhi", _known(kb, "Zhao Kezhi"))
    flags = find_flags(_story(text, mentions=(mention,)), kb)
    assert [f.kind for f in flags] == ["office_date"]
    assert "2017-11-07 to 2022-06-24" in flags[0].message
    assert "held by Wang Xiaohong" in flags[0].message
    # the same words in a story of 2019 are right
    assert find_flags(_story(text, dt.date(2019, 5, 1), mentions=(mention,)), kb) == ()
    # a former holder by the old title, with nothing setting the sentence in the story's own
    # time, is how news tells the past: not reported
    untimed = text.replace(" on Monday", "")
    assert find_flags(_story(untimed, mentions=(mention,)), kb) == ()


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "Former Public Security Minister Zhao Kezhi visited the border.",
            "Former Public Security Minister Zhao Kezhi",
        ),
        (
            "In 2019, Public Security Minister Zhao Kezhi visited the border.",
            "Public Security Minister Zhao Kezhi",
        ),
    ],
)
def test_an_old_office_told_as_history_is_not_flagged(
    kb: KnowledgeBase, text: str, phrase: str
) -> None:
    mention = _mention(text, phrase, _known(kb, "Zhao Kezhi"))
    assert find_flags(_story(text, mentions=(mention,)), kb) == ()


def test_no_date_no_office_check(kb: KnowledgeBase) -> None:
    text = "Public Security Minister Zhao Kezhi visited the border."
    mention = _mention(text, "Public Security Minister Zhao Kezhi", _known(kb, "Zhao Kezhi"))
    assert find_flags(_story(text, None, mentions=(mention,)), kb) == ()


def test_event_from_a_caption_is_an_error(kb: KnowledgeBase) -> None:
    text = "Xi Jinping met Antony Blinken in Beijing. Photo: Xi Jinping met Antony Blinken"
    caption_start = text.index("Photo")
    clean = CleanText(
        "a1", text, (Removed("caption", text[caption_start:], caption_start, len(text)),)
    )
    xi = Mention(
        "a1", "Xi Jinping", text.rindex("Xi"), text.rindex("Xi") + 10, 1, _known(kb, "Xi Jinping")
    )
    blinken_at = text.rindex("Antony")
    blinken = Mention(
        "a1", "Antony Blinken", blinken_at, blinken_at + 14, 1, _known(kb, "Antony Blinken")
    )
    event = _event(text, "Xi Jinping met Antony Blinken", xi, blinken)
    event = replace(event, trigger_start=text.rindex("met"), trigger_end=text.rindex("met") + 3)
    coded = check_article(_story(text, clean=clean, mentions=(xi, blinken), events=(event,)), kb)
    assert [(f.kind, f.severity) for f in coded.flags] == [("removed_text_event", "error")]
    assert coded.events[0].flags == (coded.flags[0].id,)


def test_one_event_in_two_places_or_on_two_days(kb: KnowledgeBase) -> None:
    text = "Antony Blinken met Wang Yi in Beijing. Antony Blinken met Wang Yi in Tokyo."
    second = text.index("Antony", 5)
    first_pair = (
        Mention("a1", "Antony Blinken", 0, 14, 0, _known(kb, "Antony Blinken")),
        Mention("a1", "Wang Yi", 19, 26, 0, _known(kb, "Wang Yi")),
    )
    second_pair = (
        Mention("a1", "Antony Blinken", second, second + 14, 1, _known(kb, "Antony Blinken")),
        Mention("a1", "Wang Yi", second + 19, second + 26, 1, _known(kb, "Wang Yi")),
    )
    beijing, tokyo = Place("Beijing", "CHN"), Place("Tokyo", "JPN")
    one = _event(
        text, text[:38], *first_pair, place=beijing, place_text="Beijing", place_basis="sentence"
    )
    two = _event(
        text, text[second:], *second_pair, place=tokyo, place_text="Tokyo", place_basis="sentence"
    )
    flags = find_flags(_story(text, events=(one, two)), kb)
    assert [f.kind for f in flags] == ["place_conflict"]
    assert flags[0].spans[0] == (two.start, two.end)
    # a city inside the other telling's country is no contradiction
    same = _event(
        text,
        text[second:],
        *second_pair,
        place=Place("China", "CHN", feature="country"),
        place_text="Tokyo",  # the words only need to be in the sentence; the Place is compared
        place_basis="sentence",
    )
    assert find_flags(_story(text, events=(one, same)), kb) == ()
    # told with other words ("urged" in Hanoi, "pressed" in Tokyo) it is another event
    other = replace(two, pattern="consult.talk-with")
    assert find_flags(_story(text, events=(replace(one, pattern="consult.meet"), other)), kb) == ()
    day = {"date_basis": "explicit", "date_precision": "day", "time_text": "on April 26"}
    dated = [
        _event(text, text[:38], *first_pair, date=DAY, **day),
        _event(text, text[second:], *second_pair, date=DAY - dt.timedelta(days=1), **day),
    ]
    assert [f.kind for f in find_flags(_story(text, events=tuple(dated)), kb)] == ["date_conflict"]
    # a date read elsewhere in the sentence ("in a tweet on Sunday, X said past talks ...")
    # belongs to another verb: no contradiction
    undated = replace(dated[1], time_text=None)
    assert find_flags(_story(text, events=(dated[0], undated)), kb) == ()
    # a month apart: two meetings, not one told twice
    dated[1] = _event(text, text[second:], *second_pair, date=DAY - dt.timedelta(days=30), **day)
    assert find_flags(_story(text, events=tuple(dated)), kb) == ()


def test_same_words_two_speakers(kb: KnowledgeBase) -> None:
    words = "We will never accept interference in our internal affairs"
    text = f'"{words}," Wang Yi said. Later "{words}," Antony Blinken said.'
    first, second = text.index(words), text.rindex(words)
    wang = Participant("Wang Yi", _known(kb, "Wang Yi"), text.index("Wang"), text.index("Wang") + 7)
    blinken_at = text.index("Antony")
    blinken = Participant(
        "Antony Blinken", _known(kb, "Antony Blinken"), blinken_at, blinken_at + 14
    )
    quotes = (
        Quote("a1", words, first, first + len(words), wang),
        Quote("a1", words, second, second + len(words), blinken),
    )
    flags = find_flags(_story(text, quotes=quotes), kb)
    assert [f.kind for f in flags] == ["quote_conflict"]
    assert flags[0].spans == ((second, second + len(words)), (first, first + len(words)))
    same_speaker = (quotes[0], Quote("a1", words, second, second + len(words), wang))
    assert find_flags(_story(text, quotes=same_speaker), kb) == ()
    # only what the story itself says counts: a speaker the coder read from "he", words
    # reported in indirect speech, or a set phrase of a few words
    pronoun = replace(blinken, entity_text="he")
    indirect = replace(quotes[1], direct=False)
    phrase = "beyond a reasonable doubt"
    short = (
        Quote("a1", phrase, first, first + len(phrase), wang),
        Quote("a1", phrase, second, second + len(phrase), blinken),
    )
    for story_quotes in ((quotes[0], replace(quotes[1], speaker=pronoun)), (quotes[0], indirect)):
        assert find_flags(_story(text, quotes=story_quotes), kb) == ()
    assert find_flags(_story(text, quotes=short), kb) == ()


def test_flag_ids_are_stable_and_distinct() -> None:
    assert flag_id("a1", "office_date", [(1, 5)]) == flag_id("a1", "office_date", [(1, 5)])
    assert flag_id("a1", "office_date", [(1, 5)]) != flag_id("a2", "office_date", [(1, 5)])
    assert flag_id("a1", "office_date", [(1, 5)]) != flag_id("a1", "name_variant", [(1, 5)])


def test_flags_travel_only_to_events_of_the_flagged_mention(kb: KnowledgeBase) -> None:
    text = (
        "Antony Blinken met Wang Yi. Antony Blinken met Public Security Minister Zhao Kezhi today."
    )
    blinken = Mention("a1", "Antony Blinken", 0, 14, 0, _known(kb, "Antony Blinken"))
    wang = Mention("a1", "Wang Yi", 19, 26, 0, _known(kb, "Wang Yi"))
    zhao = _mention(text, "Public Security Minister Zhao Kezhi", _known(kb, "Zhao Kezhi"))
    second = text.index("Antony", 5)
    blinken2 = Mention("a1", "Antony Blinken", second, second + 14, 1, blinken.actor)
    clean_event = _event(text, text[:27], blinken, wang)
    flagged_event = _event(text, text[second:], blinken2, zhao)
    coded = _story(
        text, mentions=(blinken, wang, blinken2, zhao), events=(clean_event, flagged_event)
    )
    flags = find_flags(coded, kb)
    assert [f.kind for f in flags] == ["office_date"]
    checked = attach_flags(coded, flags)
    assert checked.flags == flags
    assert checked.events[0].flags == ()
    assert checked.events[1].flags == (flags[0].id,)


def test_a_short_phrase_echoed_in_a_longer_quotation_is_not_a_conflict(kb: KnowledgeBase) -> None:
    short = "the most important election in a generation"
    long_ = f"ten days until {short}, ten days until the closest election in a generation"
    text = f'Wang Yi called it "{short}." Antony Blinken spoke of "{long_}."'
    wang = Participant("Wang Yi", _known(kb, "Wang Yi"), 0, 7)
    blinken_at = text.index("Antony")
    blinken = Participant(
        "Antony Blinken", _known(kb, "Antony Blinken"), blinken_at, blinken_at + 14
    )
    quotes = (
        Quote("a1", short, text.index(short), text.index(short) + len(short), wang),
        Quote("a1", long_, text.index(long_), text.index(long_) + len(long_), blinken),
    )
    assert find_flags(_story(text, quotes=quotes), kb) == ()


@pytest.mark.parametrize(
    ("text", "phrase", "name"),
    [
        # a former president keeps the title by courtesy
        ("President Barack Obama criticised the plan.", "President Barack Obama", "Barack Obama"),
        # a lower-case title is a description, not a claim about the office
        (
            "The hawkish foreign minister Qin Gang admires visited Paris on Monday.",
            "foreign minister Qin Gang",
            "Qin Gang",
        ),
    ],
)
def test_courtesy_titles_and_descriptions_are_not_office_claims(
    kb: KnowledgeBase, text: str, phrase: str, name: str
) -> None:
    mention = _mention(text, phrase, _known(kb, name))
    assert find_flags(_story(text, mentions=(mention,)), kb) == ()
    # the same words with a capitalised, non-courtesy title are flagged
    if name == "Qin Gang":
        titled = text.replace("foreign minister", "Foreign Minister")
        mention = _mention(titled, "Foreign Minister Qin Gang", _known(kb, name))
        flags = find_flags(_story(titled, mentions=(mention,)), kb)
        assert [f.kind for f in flags] == ["office_date"]


def test_a_headline_read_as_a_name_is_not_an_office_claim(kb: KnowledgeBase) -> None:
    body = "Foreign Minister Wang Yi arrived in Cairo on Monday for talks."
    headline = "Update at 8 a.m. Chinese Foreign Minister Predicts Calm Today."
    right = _mention(body, "Foreign Minister Wang Yi", _known(kb, "Wang Yi"))
    text = f"{body}\n\n{headline}"
    phrase = "Chinese Foreign Minister Predicts Calm"
    junk = _mention(text, phrase, _titled("Predicts Calm", "Foreign Minister"), "title")
    assert find_flags(_story(text, mentions=(right, junk)), kb) == ()
    # the same unknown name in an ordinary sentence is a conflict
    text = f"{body}\n\nLater, Chinese Foreign Minister Predicts Calm told reporters it went well."
    junk = _mention(text, phrase, _titled("Predicts Calm", "Foreign Minister"), "title")
    assert [f.kind for f in find_flags(_story(text, mentions=(right, junk)), kb)] == [
        "name_conflict"
    ]


@pytest.mark.parametrize(
    "phrase",
    ["company President Michael Furseth", "AFL-CIO President Richard Trumka"],
)
def test_a_bare_title_with_a_country_from_context_claims_no_office(
    kb: KnowledgeBase, phrase: str
) -> None:
    day = dt.date(2018, 10, 22)  # Trump in office: a real conflict would be flagged
    text = f"{phrase} criticised the tariffs, and President Donald Trump replied."
    name = " ".join(phrase.split()[-2:])
    # the resolver's mention starts at the title word; the country came from the story
    other = _mention(text, f"President {name}", _titled(name, "President", "USA"), "title")
    trump = _mention(text, "President Donald Trump", kb.lookup_name("Donald Trump", day)[0])
    assert find_flags(_story(text, day, mentions=(other, trump)), kb) == ()
    # the same office given to another name with the country spelt out is still a conflict
    spelt = text.replace(phrase, f"US President {name}")
    named = _mention(spelt, f"US President {name}", _titled(name, "President", "USA"), "title")
    trump = replace(trump, start=spelt.index("President Donald"))
    trump = replace(trump, end=trump.start + len("President Donald Trump"))
    kinds = [f.kind for f in find_flags(_story(spelt, day, mentions=(named, trump)), kb)]
    assert kinds == ["name_conflict"]


def test_a_bare_title_still_counts_when_the_name_is_close_to_a_holder(kb: KnowledgeBase) -> None:
    text = "Public Security Minister Zhao Kezi visited the border."
    mention = _mention(
        text,
        "Public Security Minister Zhao Kezi",
        _titled("Zhao Kezi", "Minister of Public Security"),
        basis="title",
    )
    kinds = [f.kind for f in find_flags(_story(text, mentions=(mention,)), kb)]
    assert "name_variant" in kinds


@pytest.mark.parametrize("cue", ["ousted", "toppled", "deposed"])
def test_a_removed_leader_is_history_not_a_conflict(kb: KnowledgeBase, cue: str) -> None:
    text = (
        f"Protesters who {cue} Ukrainian President Viktor Yanukovych met Ukrainian President "
        "Volodymyr Zelensky."
    )
    old = _mention(
        text,
        "Ukrainian President Viktor Yanukovych",
        _titled("Viktor Yanukovych", "President", "UKR"),
        basis="title",
    )
    now = _mention(
        text, "Ukrainian President Volodymyr Zelensky", kb.lookup_name("Volodymyr Zelensky", DAY)[0]
    )
    assert [f.kind for f in find_flags(_story(text, mentions=(old, now)), kb)] == []


@pytest.mark.parametrize(
    "text",
    [
        'Trump wrote: "Our Secretary of State Hillary Clinton started the talks."',
        "It was different when the talks were led by Secretary of State Hillary Clinton.",
        "He worked under Obama's first Secretary of State Hillary Clinton.",
        "An adviser to Secretary of State Hillary Clinton during the Obama administration spoke "
        "on Monday.",
    ],
)
def test_quoted_or_past_framed_offices_are_history(kb: KnowledgeBase, text: str) -> None:
    phrase = "Secretary of State Hillary Clinton"
    mention = _mention(text, phrase, kb.lookup_name("Hillary Clinton", dt.date(2012, 1, 1))[0])
    story = _story(text, dt.date(2018, 5, 8), mentions=(mention,))
    assert find_flags(story, kb) == ()
    # the same title in plain present copy of 2018 is flagged
    plain = f"{phrase} visited Paris on Monday."
    plain_mention = _mention(plain, phrase, mention.actor)
    kinds = [
        f.kind
        for f in find_flags(_story(plain, dt.date(2018, 5, 8), mentions=(plain_mention,)), kb)
    ]
    assert kinds == ["office_date"]


def test_a_passage_is_set_by_its_last_time_expression_within_three_paragraphs() -> None:
    published = dt.date(2013, 5, 14)

    def setting(text: str) -> tuple[dt.date, dt.date] | None:
        at = text.index("Secretary")
        return passage_setting(text, at, at + 9, published)

    told = "The diplomat spoke with Secretary Clinton."
    year_2012 = (dt.date(2012, 1, 1), dt.date(2012, 12, 31))
    assert setting(f"We were told last year.\n\nA.\n\n{told}") == year_2012
    # the sentence's own time expression wins over the passage's
    assert setting(f"In 2012 we were told.\n\n{told[:-1]} on Friday.") == (
        dt.date(2013, 5, 10),
        dt.date(2013, 5, 10),
    )
    # the latest expression before the mention sets the time
    assert setting(f"In 2012 we were told. On Monday it changed.\n\n{told}") == (
        dt.date(2013, 5, 13),
        dt.date(2013, 5, 13),
    )
    # three paragraphs back is too far; a story without dates has no setting
    assert setting(f"In 2012 we were told.\n\nA.\n\nB.\n\n{told}") is None
    assert passage_setting(told, 24, 33, None) is None


def test_a_caption_s_date_sets_no_passage(kb: KnowledgeBase) -> None:
    caption = "Clinton visits Libya in 2011. Photo: Jane Roe/AFP"
    text = (
        "The committee met on Monday.\n\n"
        f"{caption}\n\n"
        "The diplomat spoke with Secretary of State Hillary Clinton."
    )
    phrase = "Secretary of State Hillary Clinton"
    mention = _mention(text, phrase, kb.lookup_name("Hillary Clinton", dt.date(2012, 1, 1))[0])
    at = text.index(caption)
    blanked = text[:at] + " " * len(caption) + text[at + len(caption) :]
    clean = CleanText("a1", blanked, (Removed("caption", caption, at, at + len(caption)),))
    story = _story(text, dt.date(2014, 6, 10), clean=clean, mentions=(mention,))
    # the story's Monday sets the passage, not the removed caption's 2011
    assert [f.kind for f in find_flags(story, kb)] == ["office_date"]
    # read with the caption, the passage would be set in her term
    kept = _story(text, dt.date(2014, 6, 10), mentions=(mention,))
    assert find_flags(kept, kb) == ()
