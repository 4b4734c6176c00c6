"""Issue tagging of articles and events: counts, word boundaries, negative terms, contexts."""

from __future__ import annotations

import dataclasses

import pytest

from communique.issues import IssueSet, load_issues, tag_article, tag_events
from communique.issues.tagging import find_issue_matches
from communique.records import Event


@pytest.fixture(scope="module")
def issues() -> IssueSet:
    return load_issues()


def _event(sentence: str, start: int, context: tuple[str, ...] = ()) -> Event:
    return Event(
        id=f"e{start}",
        article_id="art",
        event="CONSULT",
        mode=None,
        context=context,
        cameo="040",
        goldstein=1.0,
        quad_code=1,
        actors=(),
        recipients=(),
        trigger="met",
        sentence=sentence,
        start=start,
        end=start + len(sentence),
    )


def test_counts_sorted_most_first(issues: IssueSet) -> None:
    text = (
        "Tariffs on steel rose. The tariff row spilled over into talks on the Taiwan Strait, "
        "and a new trade deal was shelved."
    )
    assert tag_article(text, issues) == (("trade_tariffs", 3), ("taiwan", 1))


def test_matching_is_case_insensitive_and_whitespace_tolerant(issues: IssueSet) -> None:
    text = "the SOUTH CHINA\nsea and the south china sea"
    assert tag_article(text, issues) == (("south_china_sea", 2),)


def test_word_boundaries(issues: IssueSet) -> None:
    assert tag_article("Taiwanese voters went to the polls.", issues)[0] == ("taiwan", 1)
    assert not any(i == "artificial_intelligence" for i, _ in tag_article("AIrline", issues))
    assert tag_article("Rules for AI were agreed.", issues) == (("artificial_intelligence", 1),)
    assert tag_article("Syrians returned home.", issues) == (("syria", 1),)
    assert tag_article("the Syriac church", issues) == ()


def test_negative_terms_cancel_overlapping_matches(issues: IssueSet) -> None:
    assert tag_article("They ate potato chips at the summit.", issues) == ()
    assert tag_article("Exports of chips were restricted.", issues) == (("semiconductors", 1),)


def test_match_offsets(issues: IssueSet) -> None:
    text = "Talks on TikTok resumed."
    ((issue_id, start, end),) = find_issue_matches(text, issues)
    assert (issue_id, text[start:end]) == ("tiktok", "TikTok")


def test_event_gets_the_issues_of_its_sentence(issues: IssueSet) -> None:
    first = "The envoys met to discuss the war in Ukraine."
    second = "They also met again later."
    text = first + " " + second
    article = tag_article(text + " Gaza. Gaza. TikTok.", issues)
    own, inherited = tag_events(
        [_event(first, 0, ("diplomatic",)), _event(second, len(first) + 1)],
        text,
        issues,
        article,
    )
    assert own.issues == ("russia_ukraine_war",)
    assert own.context == ("diplomatic", "military", "territory")
    assert inherited.issues == ("israel_gaza_war", "russia_ukraine_war", "tiktok")


def test_events_inherit_at_most_three_article_issues(issues: IssueSet) -> None:
    article = (("taiwan", 5), ("tiktok", 4), ("syria", 3), ("brexit", 1))
    (event,) = tag_events([_event("They met.", 0)], "They met.", issues, article)
    assert event.issues == ("taiwan", "tiktok", "syria")
    assert len(event.context) == len(set(event.context))


def test_existing_event_issues_are_kept(issues: IssueSet) -> None:
    event = dataclasses.replace(_event("Talks on Tibet.", 0), issues=("custom",))
    (tagged,) = tag_events([event], "Talks on Tibet.", issues, ())
    assert tagged.issues == ("custom", "tibet")


@pytest.mark.shared
def test_seed_story_issues(issues: IssueSet, seed_text: str) -> None:
    found = {issue_id for issue_id, _ in tag_article(seed_text, issues)}
    assert {"taiwan", "south_china_sea", "russia_ukraine_war", "tiktok", "semiconductors"} <= found
