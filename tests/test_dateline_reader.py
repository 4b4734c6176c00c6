"""The one calendar and the one dateline reader: what ingest reads and the clean stage keeps."""

from __future__ import annotations

import datetime as dt

from communique.calendar import CALENDAR_WORDS, month_number
from communique.clean import clean_article
from communique.ingest import article_from_text, read_dateline
from communique.quotations import find_quote_groups, quoted_regions, quoted_within
from communique.records import Article
from communique.serialize import from_jsonable, to_jsonable


def test_calendar_knows_names_and_abbreviations() -> None:
    assert [month_number(n) for n in ("Sept.", "SEP", "may", "December")] == [9, 9, 5, 12]
    assert month_number("Mayor") is None
    assert {"march", "sunday"} <= CALENDAR_WORDS


def test_reads_place_date_agency_and_where_the_body_opens() -> None:
    text = "KYIV, Ukraine, April 26, 2024 (Reuters) - Sirens sounded."
    dateline = read_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.date, dateline.agency) == (
        "Kyiv, Ukraine",
        dt.date(2024, 4, 26),
        "Reuters",
    )
    assert text[dateline.body_start :] == " Sirens sounded."


def test_an_agency_alone_is_a_dateline_without_a_place() -> None:
    dateline = read_dateline("(CNN) -- Lawmakers voted.")
    assert dateline is not None and (dateline.place, dateline.agency) == (None, "CNN")
    assert dateline.body_start == len("(CNN) --")


def test_a_dateline_below_a_headline_does_not_open_the_body() -> None:
    dateline = read_dateline("Envoys meet in Beijing\nMOSCOW, Jan. 5, 2024 — A statement said.")
    assert dateline is not None and dateline.place == "Moscow"
    assert dateline.date == dt.date(2024, 1, 5) and dateline.body_start == 0


def test_ingest_keeps_the_dateline_and_its_date_on_the_article() -> None:
    article = article_from_text("BEIJING, April 26, 2024 — The minister arrived.")
    assert article.dateline is not None and article.dateline.place == "Beijing"
    assert (article.published, article.published_basis) == (dt.date(2024, 4, 26), "dateline")
    assert from_jsonable(Article, to_jsonable(article)) == article


def test_cleaning_keeps_the_dateline_when_the_opening_is_untouched() -> None:
    article = article_from_text("BEIJING (AP) — Xi met Blinken.\n\nThe talks went on.")
    assert clean_article(article).dateline is article.dateline


def test_cleaning_rereads_the_opening_it_blanked() -> None:
    text = (
        "Envoys meet\n\nBy John Smith\n\nPhoto: Getty Images\n\n"
        "BEIJING (AP) — Xi met Blinken in the Great Hall."
    )
    article = article_from_text(text, title="Envoys meet")
    clean = clean_article(article)
    assert article.dateline is None  # three other lines open the text as read
    assert clean.dateline is not None and clean.dateline.place == "Beijing"
    assert clean.text[clean.dateline.body_start :].startswith(" Xi met")


def regions(text: str) -> list[tuple[int, int]]:
    return quoted_regions(find_quote_groups(text))


def test_quoted_regions_follow_the_quotation_finder() -> None:
    text = '“We will go on. We never stopped in 2019,” he said. "Fine" she said.'
    assert regions(text) == [
        (0, text.index("”")),
        (text.index('"Fine'), text.index('" she')),
    ]
    # a quotation that runs on into the next paragraph is open to its paragraph's end
    assert regions("“We met in May.\n\n“Then in June.”") == [(0, 15), (17, 31)]


def test_a_sentence_inside_a_longer_quotation_is_quoted() -> None:
    text = "“The talks failed. We met in Geneva in May. Nothing came of it,” she said."
    middle = "We met in Geneva in May."
    offset = text.index(middle)
    assert quoted_within(middle, offset, regions(text)) == [(-offset, len(text) - offset - 11)]
    assert quoted_within(middle, offset, None) == []  # the sentence alone shows no marks


def test_cleaning_finds_the_quotations_once() -> None:
    clean = clean_article(article_from_text('BEIJING (AP) — "We are ready," Wang said.'))
    assert clean.quotations == find_quote_groups(clean.text)
    assert clean.quotations is not None and len(clean.quotations) == 1
