"""The CAMEO/PLOVER ontology files: content, cross-checks and error messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from communique.errors import DataFileError
from communique.events.ontology import default_ontology, load_ontology

_HEADER = "code\tname\tgoldstein\tquad_class\tplover\tmode\tcontext\n"


def test_consult_codes() -> None:
    ontology = default_ontology()
    host = ontology.cameo("043")
    assert (host.name, host.goldstein, host.quad_class, host.plover) == (
        "Host a visit",
        2.8,
        1,
        "CONSULT",
    )
    assert ontology.cameo("041").mode == "phone"
    assert ontology.cameo("046").contexts == ("diplomatic",)


def test_quad_classes_follow_the_root() -> None:
    ontology = default_ontology()
    expected = {"010": 1, "057": 1, "072": 2, "084": 2, "112": 3, "138": 3, "145": 4, "190": 4}
    assert {code: ontology.cameo(code).quad_class for code in expected} == expected


def test_statements_have_no_plover_type_and_unknown_codes_fail() -> None:
    ontology = default_ontology()
    assert ontology.cameo("010").plover is None
    with pytest.raises(KeyError, match="999"):
        ontology.cameo("999")


def test_plover_has_sixteen_types_with_consult_modes() -> None:
    ontology = default_ontology()
    assert len(ontology.types) == 16
    assert set(ontology.plover("CONSULT").modes) == {
        "visit",
        "host",
        "meet",
        "third-party",
        "multilateral",
        "phone",
    }


def test_goldstein_values_are_gdelts(shared_dir: Path) -> None:
    table = shared_dir / "reference" / "gdelt" / "cameo_goldstein.tsv"
    ontology = default_ontology()
    for line in table.read_text("utf-8").splitlines()[1:]:
        code, value = line.split("\t")
        assert ontology.cameo(code).goldstein == float(value), code


def test_plover_types_follow_the_crosswalk(shared_dir: Path) -> None:
    crosswalk = shared_dir / "reference" / "plover" / "CAMEO2PLOVER-2021.txt"
    ontology = default_ontology()
    checked = 0
    for line in crosswalk.read_text("utf-8").splitlines():
        hit = re.match(r"^(\d{3,4}):\s*([A-Z]+)", line)
        if hit and hit.group(1) in ontology.codes:
            assert ontology.cameo(hit.group(1)).plover == hit.group(2), line
            checked += 1
    assert checked > 200


def _write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "cameo.tsv"
    path.write_text("# test table\n" + _HEADER + rows, "utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("040\tConsult\tlots\t1\tCONSULT\t\t\n", "not a number"),
        ("040\tConsult\t1.0\t5\tCONSULT\t\t\n", "quad_class"),
        ("040\tConsult\t1.0\t1\tGOSSIP\t\t\n", "unknown PLOVER type"),
        ("040\tConsult\t1.0\t1\tCONSULT\tdance\t\n", "not a mode of CONSULT"),
        ("040\tConsult\t1.0\t1\tCONSULT\t\tpoetry\n", "unknown PLOVER context"),
        ("040\tConsult\t1.0\n", "columns"),
        ("4x0\tConsult\t1.0\t1\tCONSULT\t\t\n", "2 to 4 digits"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = _write(tmp_path, "010\tMake statement\t0.0\t1\t\t\t\n" + row)
    with pytest.raises(DataFileError, match=message) as caught:
        load_ontology(cameo_path=path)
    assert (caught.value.path, caught.value.line) == (str(path), 4)


def test_duplicate_codes_are_rejected(tmp_path: Path) -> None:
    row = "040\tConsult\t1.0\t1\tCONSULT\t\t\n"
    with pytest.raises(DataFileError, match="twice"):
        load_ontology(cameo_path=_write(tmp_path, row + row))


def test_bad_plover_file(tmp_path: Path) -> None:
    path = tmp_path / "plover.yaml"
    path.write_text("event_types:\n  consult:\n    modes: []\ncontexts: [diplomatic]\n", "utf-8")
    with pytest.raises(DataFileError, match="upper-case") as caught:
        load_ontology(plover_path=path)
    assert caught.value.line == 3
