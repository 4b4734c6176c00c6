"""Importers of user knowledge bases: PETRARCH dictionaries and a CSV of dated roles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from communique.actors import KnowledgeBase, load_knowledge_base
from communique.actors.petrarch import import_petrarch
from communique.actors.petrarch_read import parse_date
from communique.actors.roles_csv import import_roles_csv
from communique.actors.userfile import write_user_file
from communique.errors import DataFileError

ACTORS = """\
# a comment line
<!-- an XML comment line -->
FREEDONIA_  [FDN]
+FREEDONIAN_
RUFUS_T._FIREFLY_  # CountryInfo.txt
+PRESIDENT_RUFUS_FIREFLY
+FIREFLY_
\t[FDNELI 19000101-330630]
\t[FDNGOV 330702-20040308]  # Prime Minister
\t[FDNGOV >20040309]
\t[FDNOPP]
JANE_QUARTERMAIN_
\t[GBRMIL <991231]
TRENTINO_
\t[SYLGOV 330101-400101]
SLOPPY_DATES_
\t[FRAGOV 20101350-20111231]
\t[FRAGOV 20120101-20110101]
WORLD_WIDGET_COUNCIL_  [IGOWWC]
+WWC
FREEDONIA_ARMY_ [FDNMIL]
MARX_BROTHERS_INC_ [MNC]
DUCK_SOUP_ASSOCIATION_(DSA)_ [NGOHLH]
NOBODY_
NOT_AN_ACTOR_ [---]
ORPHAN_REGION_ [MEA]
VLADIMIR_PUTIN_
\t[RUSGOV >991231]
"""

AGENTS = """\
!MINIST! = MINISTER, MINISTRY
WIDGET_!MINIST! [~GOV]
GOAT_HERDER {GOAT_HERDERS_OF_OLD} [~AGR]
FOREIGN_MINISTER [~GOV]
MONK [~BUD]
MYSTERY [~XYZ]
NO_CODE_HERE
"""


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture
def imported(tmp_path: Path, kb: KnowledgeBase) -> tuple[KnowledgeBase, object]:
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "Test.actors.txt").write_text(ACTORS, "utf-8")
    (folder / "Test.agents.txt").write_text(AGENTS, "utf-8")
    (folder / "README.txt").write_text("not a dictionary", "utf-8")
    entries, report = import_petrarch([folder], kb)
    out = tmp_path / "user.yaml"
    write_user_file(out, entries, ["test import"])
    return load_knowledge_base([out]), report


def test_dates_use_petrarchs_century_pivot() -> None:
    assert parse_date("300101") == dt.date(2030, 1, 1)
    assert parse_date("310101") == dt.date(1931, 1, 1)
    assert parse_date("991231") == dt.date(1999, 12, 31)
    assert parse_date("20040309") == dt.date(2004, 3, 9)
    with pytest.raises(ValueError):
        parse_date("2004039")


def test_dated_codes_become_dated_roles_over_the_shipped_base(imported: tuple) -> None:
    layered, _ = imported
    assert "FDN" in layered.countries and layered.country_of("Freedonia") == "FDN"

    def coded(day: dt.date) -> tuple[str | None, str | None]:
        (actor,) = layered.lookup_name("Rufus T. Firefly", day)
        return actor.code, actor.role

    assert coded(dt.date(1920, 5, 1)) == ("FDNELI", "elite")
    assert coded(dt.date(1960, 5, 1)) == ("FDNGOV", "Prime Minister")
    # 20040308 is the last day of the range (1933-07-02 to 2004-03-08) ...
    assert coded(dt.date(2004, 3, 8)) == ("FDNGOV", "Prime Minister")
    # ... and the open-ended role starts the next day
    assert coded(dt.date(2004, 3, 9)) == ("FDNGOV", "government official")
    # the undated default code only applies outside every dated range: the 1933-07-01 gap
    assert coded(dt.date(1933, 6, 30)) == ("FDNELI", "elite")
    assert coded(dt.date(1933, 7, 1)) == ("FDNOPP", "opposition figure")
    (quartermain,) = layered.lookup_name("Jane Quartermain", dt.date(1990, 1, 1))
    assert quartermain.code == "GBRMIL"
    (former,) = layered.lookup_name("Jane Quartermain", dt.date(2000, 1, 1))
    assert (former.sector, former.role) == ("ELI", "former military officer")


def test_aliases_organisations_and_agents(imported: tuple) -> None:
    layered, _ = imported
    # a multi-word synonym is an alias; a one-word one ("FIREFLY") is left to surname linking
    assert layered.lookup_name("President Rufus Firefly")[0].name == "Rufus T. Firefly"
    assert "firefly" not in layered.names
    (council,) = layered.lookup_name("WWC")
    assert (council.kind, council.country, council.code) == ("organisation", "IGO", "IGOWWC")
    (army,) = layered.lookup_name("Freedonia Army")
    assert (army.country, army.sector, army.code) == ("FDN", "MIL", "FDNMIL")
    (dsa,) = layered.lookup_name("DSA")
    assert (dsa.name, dsa.country, dsa.sector) == ("Duck Soup Association", "NGO", "NGO")
    assert layered.agent("widget ministry") == ("GOV", None)
    assert layered.agent("goat herders of old") == ("AGR", None)
    assert layered.agent("monk") == ("REL", None)
    # a shipped term is never replaced: it keeps its office
    assert layered.agent("foreign minister") == ("GOV", "foreign_minister")


def test_shipped_people_are_not_shadowed(imported: tuple) -> None:
    layered, report = imported
    (putin,) = layered.lookup_name("Vladimir Putin", dt.date(2009, 1, 1))
    assert (putin.id, putin.role) == ("Q7747", "Prime Minister")
    assert report.skipped["person already in the shipped knowledge base"] == 1


def test_report_counts_and_reasons(imported: tuple) -> None:
    _, report = imported
    assert report.written["people"] == 2  # Firefly, Quartermain
    assert report.written["organisations"] == 3  # WWC, Freedonia Army, DSA
    assert report.written["countries"] == 1
    skipped = report.skipped
    assert skipped["unknown country code"] == 1  # SYL
    assert skipped["unreadable date range"] == 2  # month 13; ends before it starts
    assert skipped["company code without a home country"] == 1
    # NOBODY_; NOT_AN_ACTOR_ once [---] is out; SLOPPY_DATES_ once both ranges are out
    assert skipped["entry without a code"] == 3
    assert skipped["person without a usable code"] == 1  # TRENTINO_
    assert skipped["not an actor code (e.g. [---])"] == 1
    assert skipped["region code, not a country"] == 1
    assert skipped["agent code with an unknown sector"] == 1
    assert skipped["agent without a code"] == 1
    assert skipped["agent term already defined"] == 1
    assert skipped["not an .actors or .agents file"] == 0  # folders only take dictionaries
    assert report.examples["unknown country code"] == ["Test.actors.txt:15"]
    assert report.entries_read == 13 + 6


def test_missing_path_is_a_data_file_error(tmp_path: Path, kb: KnowledgeBase) -> None:
    with pytest.raises(DataFileError, match="no such file"):
        import_petrarch([tmp_path / "nope"], kb)


# PETRARCH's validation fixtures hold fictional states; invented here in the same shape.
FIXTURE = """\
ENGLAND  [UNK]
GONDOR  [GON]
+GONDORIAN
"""
REAL = "FREEDONIA_  [FDN]\n"


def test_validation_fixtures_are_left_out_unless_asked(tmp_path: Path, kb: KnowledgeBase) -> None:
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "PETR.Validate.actors.txt").write_text(FIXTURE, "utf-8")
    (folder / "Real.actors.txt").write_text(REAL, "utf-8")
    entries, report = import_petrarch([folder], kb)
    assert [c.code for c in entries.countries] == ["FDN"]
    fixture = str(folder / "PETR.Validate.actors.txt")
    assert list(report.files_skipped) == [fixture]
    assert "fixture" in report.files_skipped[fixture]
    assert report.entries_read == 1
    # named on its own, a fixture is still left out: the report says how to take it in
    entries, report = import_petrarch([folder / "PETR.Validate.actors.txt"], kb)
    assert not entries.countries and list(report.files_skipped) == [fixture]

    entries, report = import_petrarch([folder], kb, include_fixtures=True)
    assert {c.code for c in entries.countries} == {"FDN", "UNK", "GON"}
    assert not report.files_skipped
    out = tmp_path / "with-fixtures.yaml"
    write_user_file(out, entries)
    assert load_knowledge_base([out]).country_of("England") == "UNK"


def test_a_file_named_twice_is_read_once(tmp_path: Path, kb: KnowledgeBase) -> None:
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "Test.actors.txt").write_text(ACTORS, "utf-8")
    copy = tmp_path / "Copy.actors.txt"
    copy.write_text(ACTORS, "utf-8")
    link = tmp_path / "Link.actors.txt"
    link.symlink_to(folder / "Test.actors.txt")
    read_once, once = import_petrarch([folder], kb)
    entries, report = import_petrarch([folder, folder / "Test.actors.txt", copy, link], kb)
    assert entries == read_once
    assert report.entries_read == once.entries_read == 13
    assert report.written == once.written and report.skipped == once.skipped
    assert report.notes["duplicate entries merged"] == 0
    assert set(report.files_skipped) == {str(folder / "Test.actors.txt"), str(copy), str(link)}
    assert "read once" in report.files_skipped[str(copy)]


# ------------------------------------------------------------------------- CSV
CSV = """\
name,country,sector,title,office,start,end,id,aliases
Jane Example,GBR,GOV,Minister of State,other,2024-07-05,,,Jane Q. Example; J. Example
Jane Example,GBR,LEG,Member of Parliament,,2019-12-12,2024-07-05,,
Bad Date,FRA,GOV,Minister,,2020-13-01,,,
No Land,XXX,GOV,Minister,,2020-01-01,,,
Bad Sector,FRA,FOO,Minister,,2020-01-01,,,
Wang Yi,CHN,GOV,Foreign Minister,foreign_minister,2023-07-25,,cq:person:wang-yi,
"""


def test_csv_rows_become_people_with_dated_roles(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "roles.csv"
    path.write_text(CSV, "utf-8")
    entries, report = import_roles_csv(path, kb)
    assert report.entries_read == 6 and report.written["people"] == 2
    assert report.skipped["country not in countries.yaml"] == 1
    assert report.examples["country not in countries.yaml"] == ["roles.csv:5"]
    invalid = [r for r in report.skipped if r.startswith("invalid row")]
    assert len(invalid) == 2
    out = tmp_path / "user.yaml"
    write_user_file(out, entries)
    layered = load_knowledge_base([out])
    (jane,) = layered.lookup_name("J. Example", dt.date(2022, 1, 1))
    assert (jane.code, jane.role) == ("GBRLEG", "Member of Parliament")
    (jane,) = layered.lookup_name("Jane Example", dt.date(2025, 1, 1))
    assert (jane.code, jane.role) == ("GBRGOV", "Minister of State")
    # a row with a shipped id replaces that person (here: only the 2023 role is left)
    (wang,) = layered.lookup_name("Wang Yi", dt.date(2015, 1, 1))
    assert wang.sector is None


def test_csv_header_is_checked(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "roles.csv"
    path.write_text("name,country,title,colour\nX,FRA,Minister,blue\n", "utf-8")
    with pytest.raises(DataFileError, match=r"roles\.csv:1: .*missing \['sector'\]"):
        import_roles_csv(path, kb)


# ------------------------------------------------------------- real dictionaries
@pytest.mark.shared
@pytest.mark.slow
def test_real_petrarch_dictionaries_import_and_resolve(
    shared_dir: Path, tmp_path: Path, kb: KnowledgeBase
) -> None:
    folder = shared_dir / "reference" / "petrarch2" / "dictionaries"
    entries, report = import_petrarch([folder], kb)
    assert sorted(Path(f).name for f in report.files_skipped) == [
        "PETR.Validate.actors.txt",
        "PETR.Validate.agents.txt",
    ]
    assert report.entries_read > 25_000
    assert report.written["people"] > 10_000 and report.written["organisations"] > 3_000
    assert report.written["agents"] > 1_000
    assert 0 < report.lines_skipped < report.entries_read / 5
    out = tmp_path / "petrarch.yaml"
    write_user_file(out, entries)
    layered = load_knowledge_base([out])

    def code(name: str, day: str) -> str:
        (actor,) = layered.lookup_name(name, dt.date.fromisoformat(day))
        return actor.code

    # [DZAELI 550101-000101] [DZAGOV >990427] [DZAELI]
    assert code("Abdelaziz Bouteflika", "1980-01-01") == "DZAELI"
    assert code("Abdelaziz Bouteflika", "2010-01-01") == "DZAGOV"
    # [DZAELI 500101-650619] [DZAGOV 650619-781227]: former after the last day
    assert code("Houari Boumedienne", "1970-01-01") == "DZAGOV"
    assert code("Houari Boumedienne", "1979-01-01") == "DZAELI"
    # [IGOUNOBUS 030801-090731]: an international official
    assert code("Taieb Cherif", "2005-01-01") == "IGOIGO"
    # the shipped people still win over their PETRARCH entries
    assert layered.lookup_name("Vladimir Putin", dt.date(2009, 1, 1))[0].id == "Q7747"
    # no fictional state from the validation fixtures ("ENGLAND [UNK]", Gondor)
    assert layered.country_of("England") != "UNK" and "GON" not in layered.countries
