"""Loading the issue lists: the shipped file, user files over it, and validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import DataFileError
from communique.issues import load_issues, tag_article
from communique.issues.loader import load_contexts


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my_issues.yaml"
    path.write_text(text, "utf-8")
    return path


def test_shipped_issues_are_many_and_valid() -> None:
    issues = load_issues()
    assert len(issues.issues) >= 60
    wanted = {
        "taiwan", "south_china_sea", "russia_ukraine_war", "tiktok", "semiconductors",
        "trade_tariffs", "fentanyl", "iran_nuclear", "north_korea", "climate_change",
        "human_rights", "israel_gaza_war", "artificial_intelligence", "cyber", "sanctions",
        "migration", "hong_kong", "xinjiang", "tibet", "nato_expansion", "arms_control",
        "energy", "food_security", "covid19", "debt", "syria", "yemen_red_sea", "afghanistan",
        "venezuela", "kashmir", "brexit", "terrorism", "space", "arctic",
    }  # fmt: skip
    assert wanted <= set(issues.ids)
    contexts = load_contexts()
    assert all(set(issue.contexts) <= contexts and issue.contexts for issue in issues.issues)


def test_user_file_adds_a_new_issue(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "- id: lithium_triangle\n  name: Lithium triangle\n"
        "  terms: [Atacama salt flats]\n  contexts: [natural_resource]\n",
    )
    issues = load_issues([path])
    assert issues.get("lithium_triangle") is not None
    assert tag_article("Mining in the Atacama salt flats grew.", issues) == (
        ("lithium_triangle", 1),
    )


def test_user_entry_with_an_existing_id_extends_it(tmp_path: Path) -> None:
    path = _write(tmp_path, "- id: taiwan\n  terms: [Kinmen]\n  contexts: [military]\n")
    issue = load_issues([path]).get("taiwan")
    assert issue is not None
    assert issue.name == "Taiwan"
    assert "Taiwan Strait" in issue.terms and "Kinmen" in issue.terms
    assert issue.contexts == ("territory", "diplomatic", "military")


def test_user_entry_with_replace_overrides_it(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "- id: taiwan\n  replace: true\n  name: Formosa\n  terms: [Formosa]\n",
    )
    issues = load_issues([path])
    issue = issues.get("taiwan")
    assert issue is not None and issue.terms == ("Formosa",) and issue.contexts == ()
    assert tag_article("Taiwan and Formosa", issues) == (("taiwan", 1),)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- id: ok_one\n  name: One\n  terms: [one]\n- id: Bad Id\n  name: x\n", 4, "slug"),
        ("- id: new_issue\n  terms: [x]\n", 1, "needs a `name`"),
        ("- id: x1\n  name: X\n  terms: []\n", 1, "non-empty list `terms`"),
        ("- id: x1\n  name: X\n  terms: [a, 3]\n", 1, "list of non-empty strings"),
        ("- id: x1\n  name: X\n  terms: [a]\n  contexts: [weather]\n", 1, "unknown PLOVER"),
        ("\n\n- id: x1\n  name: X\n  terms: [a]\n  colour: red\n", 3, "unknown keys"),
        ("- id: x1\n  name: X\n  terms: [a]\n- id: x1\n  name: X\n  terms: [b]\n", 4, "twice"),
        ("- id: x1\n  name: X\n  terms: [a\n", None, "not valid YAML"),
        ("id: x1\n", 1, "YAML list"),
    ],
)
def test_validation_errors_name_file_and_line(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError, match=message) as caught:
        load_issues([path])
    assert caught.value.path == str(path)
    if line is not None:
        assert caught.value.line == line
        assert f"my_issues.yaml:{line}:" in str(caught.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_issues([tmp_path / "absent.yaml"])
