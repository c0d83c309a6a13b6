"""The dev set's gold files (benchmarks/devset/): well formed, in a part, listed in its README.
These read only the gold files, not the pages, so they run without $GEOWIRE_DATA."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

DEVSET = Path(__file__).resolve().parent.parent / "benchmarks" / "devset"
GOLDS = sorted(DEVSET.glob("*.gold.yaml"))
STATUSES = {"proposed", "negotiated", "signed", "ratified", "in-force", "suspended", "withdrawn", "expired"}
CONFIDENCES = {"asserted", "alleged", "suspected"}


def test_the_dev_set_has_its_pages():
    assert len(GOLDS) >= 37


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.name[:24])
def test_a_gold_file_is_well_formed(path):
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert gold["schema"] == "geowire.gold/1"
    assert path.name.startswith(Path(gold["source"]).name.split(".")[0])
    assert isinstance(gold["agreements"], list) and isinstance(gold["attributions"], list)
    if gold["source"].startswith("data/polnear-train/"):
        assert gold.get("part") in ("tune", "held") and "document" not in gold
    names = {a["name"] for a in gold.get("actors") or []} | {x for a in gold.get("actors") or []
                                                              for x in a.get("aliases", [])}
    for agreement in gold["agreements"]:
        assert agreement.get("parties") or agreement.get("name_contains"), agreement  # something to match on
        assert agreement.get("status", "signed") in STATUSES
        # a party is an actor the file lists, so that the scorer knows its aliases
        assert all(p in names for p in agreement.get("parties", []) if len(agreement["parties"]) > 1), agreement
    for attribution in gold["attributions"]:
        assert attribution["kind"] in ("cyber", "influence")
        assert attribution.get("confidence", "asserted") in CONFIDENCES
        assert attribution.get("operator") or attribution.get("sponsor")


def test_every_page_is_a_row_of_the_readme():
    readme = (DEVSET / "README.md").read_text(encoding="utf-8")
    for path in GOLDS:
        stem = path.name.split(".")[0]
        assert f"`{stem[:12]}" in readme, stem
