"""Settings: defaults, environment overrides, and the analysis limits they bound."""
import time

import pytest

from geowire.clean import AnalysisError, clean
from geowire.model import RawDocument
from geowire.settings import Settings, configure, overridden, settings

ARTICLE = "Russia and Georgia signed an agreement in Moscow on Tuesday. " * 3


def plain(text: str, name: str = "page.txt") -> RawDocument:
    return RawDocument(content=text, source_path=name, content_type="text/plain")


def test_each_setting_is_read_from_its_environment_variable():
    env = {"GEOWIRE_MAX_TOKENS": "1_000", "GEOWIRE_FETCH_TIMEOUT_S": "2.5", "GEOWIRE_USER_AGENT": "probe/1"}
    s = Settings.from_env(env)
    assert (s.max_tokens, s.fetch_timeout_s, s.user_agent) == (1000, 2.5, "probe/1")
    assert s.max_body_chars == Settings().max_body_chars  # the others keep their defaults


@pytest.mark.parametrize("value, message", [("many", "not a valid int"), ("-3", "must be positive")])
def test_a_bad_environment_value_names_the_variable(value, message):
    with pytest.raises(ValueError, match=f"GEOWIRE_MAX_TOKENS='{value}': {message}"):
        Settings.from_env({"GEOWIRE_MAX_TOKENS": value})


def test_overrides_apply_at_once_and_are_restored():
    before = settings()
    with overridden(max_tokens=7) as inside:
        assert settings() is inside and settings().max_tokens == 7
    assert settings() is before
    try:
        assert configure(shard_size=3).shard_size == 3 and settings().shard_size == 3
    finally:
        configure(shard_size=before.shard_size)


def test_a_punctuation_flood_is_dropped_cheaply_with_a_note():
    started = time.perf_counter()
    page = clean(plain(ARTICLE + "( " * 100_000 + "\n\n" + ARTICLE))
    assert time.perf_counter() - started < 5  # linear: a regex pass, no spaCy
    body = page.document.body
    assert "( (" not in body and body.count("Russia and Georgia") == 6
    assert any("punctuation marks without a word" in n for n in page.document.notes)


def test_short_runs_of_punctuation_in_prose_are_kept():
    text = ARTICLE + "Scores: - - - . ... ! ? -- (see above) * * *\n\n" + ARTICLE
    page = clean(plain(text))
    assert "- - - . ... ! ? -- (see above) * * *" in page.document.body and not page.document.notes


def test_a_body_with_more_tokens_than_the_limit_is_one_line_naming_the_input():
    with overridden(max_tokens=50):
        with pytest.raises(AnalysisError, match=r"^flood\.txt: text too long to analyse "
                                                r"\(120 words and punctuation marks after cleaning, at most 50\)$"):
            clean(plain("(a) " * 40, name="flood.txt"))
        assert clean(plain("(a) " * 10)).document.body  # under the limit
