"""The data model: the checked-in JSON Schema is the one the models generate, and dossiers validate against it."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from geowire.model import Actor, Document, Dossier, Event, Quote, document_id, json_schema

SCHEMA_FILE = Path(__file__).parent.parent / "geowire" / "schema" / "dossier.schema.json"


def test_checked_in_schema_is_current():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema(), \
        "geowire/schema/dossier.schema.json is stale: run `make schema`"


def test_a_full_dossier_validates_against_the_schema():
    body = "Japan and South Korea held talks in Seoul."
    dossier = Dossier(
        document=Document(id=document_id(body), body=body, title="Talks", date="2024-05-01", date_source="text"),
        actors=[Actor(id="japan", name="Japan", kind="state", country="JPN", mentions=[(0, 5)])],
        events=[Event(type="CONSULT", actors=["japan", "south-korea"], trigger="held talks", span=(0, 42))],
        quotes=[Quote(speaker_text="an official", text="talks", kind="indirect", span=(27, 32))],
        related=[Dossier(document=Document(kind="teaser", body="Another story.", title="Another"))],
    )
    data = dossier.to_dict()
    jsonschema.validate(data, json_schema())
    assert data["schema"] == "geowire.dossier/1"
    assert data["related"][0]["document"]["kind"] == "teaser"
    assert Dossier.model_validate(data) == dossier


def test_the_schema_rejects_what_the_contract_forbids():
    data = Dossier(document=Document(body="x")).to_dict()
    data["events"] = [{"type": "INVADE", "trigger": "x", "span": [0, 1]}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())
    with pytest.raises(ValidationError):
        Actor(id="x", name="X", kind="planet")


def test_document_id_ignores_whitespace_and_unicode_form_but_not_words():
    assert document_id("Russia  and\nGeorgia") == document_id("Russia and Georgia")
    assert document_id("ﬁnal deal") == document_id("final deal")  # NFKC folds the ligature
    assert document_id("Russia and Georgia") != document_id("Russia or Georgia")
    assert len(document_id("x")) == 64
