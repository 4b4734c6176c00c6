"""The actor knowledge base: shipped files, date-aware lookups, validation and user layering."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from communique.actors import KnowledgeBase, load_knowledge_base
from communique.errors import DataFileError

STORY_DAY = dt.date(2024, 4, 26)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def only(actors: list) -> object:
    assert len(actors) == 1, actors
    return actors[0]


# ------------------------------------------------------------------ shipped data
def test_countries_cover_un_members_and_extra_states(kb: KnowledgeBase) -> None:
    assert len(kb.countries) >= 196
    for code in ("CHN", "USA", "TWN", "PSE", "XKX", "SSD", "TLS", "FSM"):
        assert code in kb.countries
    china = kb.countries["CHN"]
    assert china.fips == "CH"
    assert "Beijing" in china.capitals
    assert kb.countries["NOR"].fips == "NO"  # quoted in YAML, not read as false
    assert kb.countries["XKX"].cameo == "KSV"


def test_shipped_base_is_cached(kb: KnowledgeBase) -> None:
    assert load_knowledge_base() is kb


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Chinese", "CHN"),
        ("Beijing", "CHN"),
        ("the US", "USA"),
        ("U.S.", "USA"),
        ("Americans", "USA"),
        ("Washington", "USA"),
        ("Kosovo", "XKX"),
        ("Taiwanese", "TWN"),
        ("People's Republic of China", "CHN"),
        ("us", None),  # the pronoun is not the country
        ("Narnia", None),
    ],
)
def test_country_of(kb: KnowledgeBase, word: str, code: str | None) -> None:
    assert kb.country_of(word) == code


def test_agent_terms(kb: KnowledgeBase) -> None:
    assert kb.agent("Foreign Minister") == ("GOV", "foreign_minister")
    assert kb.agent("minister of public security") == ("GOV", "interior_minister")
    assert kb.agent("secretary of state") == ("GOV", "foreign_minister")
    # "secretary of state" names the foreign minister only in the United States
    assert kb.agent("secretary of state", "USA") == ("GOV", "foreign_minister")
    assert kb.agent("secretary of state", "GBR") == ("GOV", None)
    assert kb.agent("troops") == ("MIL", None)
    assert kb.agent("police") == ("COP", None)
    assert kb.agent("protesters") == ("OPP", None)
    assert kb.agent("teapot") is None


# ------------------------------------------------------------------ date-aware lookups
def test_putin_as_prime_minister_in_2009(kb: KnowledgeBase) -> None:
    putin = only(kb.lookup_name("Vladimir Putin", dt.date(2009, 1, 1)))
    assert (putin.country, putin.sector, putin.code) == ("RUS", "GOV", "RUSGOV")
    assert putin.role == "Prime Minister"
    assert only(kb.lookup_name("Vladimir Putin", dt.date(2015, 1, 1))).role == "President"


def test_blinken_in_office_and_after(kb: KnowledgeBase) -> None:
    serving = only(kb.lookup_name("Antony Blinken", STORY_DAY))
    assert (serving.code, serving.role, serving.kind) == ("USAGOV", "Secretary of State", "person")
    later = only(kb.lookup_name("Antony Blinken", dt.date(2026, 1, 1)))
    assert later.sector == "ELI"
    assert later.country == "USA"
    assert later.role == "former Secretary of State"
    assert later.code == "USAELI"


def test_person_before_any_role_has_no_sector(kb: KnowledgeBase) -> None:
    rubio = only(kb.lookup_name("Marco Rubio", dt.date(2005, 1, 1)))
    assert rubio.sector is None
    assert rubio.role is None


def test_office_preference_picks_the_matching_role(kb: KnowledgeBase) -> None:
    xi = only(kb.lookup_name("Xi Jinping", STORY_DAY))
    assert (xi.code, xi.role) == ("CHNGOV", "President")
    as_party_chief = only(kb.lookup_name("Xi Jinping", STORY_DAY, office="party_chief"))
    assert as_party_chief.code == "CHNPTY"


def test_aliases_and_normalisation(kb: KnowledgeBase) -> None:
    assert only(kb.lookup_name("Xi Jin-ping", STORY_DAY)).name == "Xi Jinping"
    assert only(kb.lookup_name("Antony Blinken's", STORY_DAY)).name == "Antony Blinken"
    assert only(kb.lookup_name("ANTONY BLINKEN", STORY_DAY)).name == "Antony Blinken"
    # an editor's brackets inside a quotation: "[Secretary of State Antony] Blinken"
    assert only(kb.lookup_name("Antony] Blinken", STORY_DAY)).name == "Antony Blinken"


def test_organisations_and_states(kb: KnowledgeBase) -> None:
    congress = only(kb.lookup_name("US Congress"))
    assert (congress.code, congress.kind) == ("USALEG", "organisation")
    assert only(kb.lookup_name("TikTok")).code == "CHNBUS"
    assert only(kb.lookup_name("the UN")).code == "IGOUNO"
    assert only(kb.lookup_name("WHO")).name == "World Health Organization"
    assert kb.lookup_name("who") == []
    china = only(kb.lookup_name("China"))
    assert (china.kind, china.code) == ("state", "CHN")


@pytest.mark.parametrize(
    ("day", "holder"),
    [
        (dt.date(2020, 1, 1), "Wang Yi"),
        (dt.date(2023, 6, 18), "Qin Gang"),
        (dt.date(2023, 7, 25), "Wang Yi"),  # the successor holds the office from the handover day
        (STORY_DAY, "Wang Yi"),
    ],
)
def test_chinese_foreign_minister_by_date(kb: KnowledgeBase, day: dt.date, holder: str) -> None:
    assert [a.name for a in kb.holder("CHN", "foreign_minister", day)] == [holder]


def test_holders_of_other_offices(kb: KnowledgeBase) -> None:
    assert [a.name for a in kb.holder("CHN", "leader", STORY_DAY)] == ["Xi Jinping"]
    assert [a.name for a in kb.holder("CHN", "party_chief", STORY_DAY)] == ["Xi Jinping"]
    shanghai = kb.holder("CHN", "party_chief", STORY_DAY, place="Shanghai")
    assert [(a.name, a.code) for a in shanghai] == [("Chen Jining", "CHNPTY")]
    assert [a.name for a in kb.holder("CHN", "party_chief", dt.date(2020, 1, 1), "Shanghai")] == [
        "Li Qiang"
    ]
    assert [a.name for a in kb.holder("CHN", "interior_minister", dt.date(2020, 1, 1))] == [
        "Zhao Kezhi"
    ]
    assert [a.name for a in kb.holder("USA", "head_of_state", dt.date(2021, 1, 20))] == [
        "Joe Biden"
    ]
    # in a parliamentary system "the leader" is the head of government
    assert kb.holder("GBR", "leader", STORY_DAY) == kb.holder(
        "GBR", "head_of_government", STORY_DAY
    )


# ------------------------------------------------------------------ validation
def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


PERSON_OK = """\
people:
  - id: cq:person:ada-example
    name: Ada Example
    roles:
      - {country: CHN, sector: GOV, title: Example Minister, office: other, start: 2020-01-01}
"""


def error_for(tmp_path: Path, text: str) -> DataFileError:
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as caught:
        load_knowledge_base([path])
    assert caught.value.path == str(path)
    return caught.value


def test_unknown_key_names_file_line_and_allowed_keys(tmp_path: Path) -> None:
    error = error_for(tmp_path, PERSON_OK.replace("    name: Ada", "    nmae: Ada"))
    assert error.line == 2
    assert "nmae" in str(error)
    assert "allowed" in str(error) and "'aliases'" in str(error)


def test_missing_required_key(tmp_path: Path) -> None:
    error = error_for(tmp_path, PERSON_OK.replace("    name: Ada Example\n", ""))
    assert error.line == 2
    assert "'name'" in str(error)


def test_unknown_country_code(tmp_path: Path) -> None:
    error = error_for(tmp_path, PERSON_OK.replace("country: CHN", "country: XYZ"))
    assert error.line == 2
    assert "XYZ" in str(error)


def test_bad_date_reports_the_role_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, PERSON_OK.replace("start: 2020-01-01", "start: 2020-13-45"))
    assert error.line == 5
    assert "start" in str(error)


def test_end_before_start(tmp_path: Path) -> None:
    error = error_for(tmp_path, PERSON_OK.replace("start: 2020-01-01", "start: 2020, end: 2019-05"))
    assert error.line == 5
    assert "before it starts" in str(error)


def test_bad_sector_office_and_id(tmp_path: Path) -> None:
    assert "sector" in str(error_for(tmp_path, PERSON_OK.replace("sector: GOV", "sector: XXX")))
    assert "office" in str(error_for(tmp_path, PERSON_OK.replace("office: other", "office: boss")))
    error = error_for(tmp_path, PERSON_OK.replace("cq:person:ada-example", "ada"))
    assert error.line == 2 and "id" in str(error)


def test_invalid_yaml_and_unknown_section(tmp_path: Path) -> None:
    error = error_for(tmp_path, "people:\n  - {id: Q1, name: [unclosed\n")
    assert error.line is not None and "invalid YAML" in str(error)
    error = error_for(tmp_path, "persons: []\n")
    assert "persons" in str(error) and "people" in str(error)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_knowledge_base([tmp_path / "absent.yaml"])


# ------------------------------------------------------------------ layering
def test_user_files_are_laid_over_the_shipped_base(tmp_path: Path, kb: KnowledgeBase) -> None:
    extra = write(
        tmp_path,
        PERSON_OK
        + """\
  - id: cq:person:wang-yi
    name: Wang Yi
    roles:
      - {country: CHN, sector: GOV, title: Test Envoy, office: top_diplomat, start: 2024-01-01}
organisations:
  - {id: cq:org:example-works, name: Example Works, aliases: [EW], country: CHN, sector: BUS,
     kind: company}
countries:
  - {code: ATL, name: Atlantis, demonyms: [Atlantean], capitals: [Poseidonia]}
agents:
  - {terms: [harbour master], sector: GOV}
""",
    )
    before = extra.read_bytes()
    layered = load_knowledge_base([extra])
    assert extra.read_bytes() == before  # user files are never written
    assert only(layered.lookup_name("Ada Example", STORY_DAY)).code == "CHNGOV"
    assert only(layered.lookup_name("Wang Yi", STORY_DAY)).role == "Test Envoy"  # replaced
    assert only(layered.lookup_name("Example Works")).code == "CHNBUS"
    assert layered.country_of("Atlantean") == "ATL"
    assert layered.agent("harbour master") == ("GOV", None)
    assert layered.agent("foreign minister") == ("GOV", "foreign_minister")  # shipped kept
    assert only(layered.lookup_name("Xi Jinping", STORY_DAY)).code == "CHNGOV"
    # the shipped base is untouched
    assert load_knowledge_base() is kb
    assert kb.lookup_name("Ada Example") == []
    assert only(kb.lookup_name("Wang Yi", STORY_DAY)).role == "Foreign Minister"


def test_later_user_files_win(tmp_path: Path) -> None:
    first = write(tmp_path, PERSON_OK, "a.yaml")
    second = write(tmp_path, PERSON_OK.replace("sector: GOV", "sector: BUS"), "b.yaml")
    assert only(load_knowledge_base([first, second]).lookup_name("Ada Example")).code == "CHNBUS"


def test_duplicate_id_in_one_layer(tmp_path: Path) -> None:
    twice = PERSON_OK + PERSON_OK.removeprefix("people:\n")
    error = error_for(tmp_path, twice)
    assert error.line == 6
    assert "already defined" in str(error) and ":2" in str(error)


def test_a_cached_base_names_the_files_of_the_copy_it_was_read_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    from importlib import resources

    from communique.actors import knowledge

    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", str(tmp_path / "cache"))
    shipped = Path(str(resources.files("communique").joinpath("data", "actors")))
    copy = tmp_path / "elsewhere" / "actors"
    shutil.copytree(shipped, copy, ignore=shutil.ignore_patterns("base"))
    try:
        for root in (shipped, copy):  # the same bytes in two places, one cache folder
            monkeypatch.setattr(knowledge, "_shipped_root", lambda root=root: root)
            knowledge._shipped_entries.cache_clear()  # the files parsed once per process
            kb = knowledge.cached(
                knowledge._fingerprint((), False), lambda: knowledge._build((), False)
            )
            assert kb.agents["government"].source.startswith(str(root))
    finally:
        knowledge._shipped_entries.cache_clear()
