"""Declared extractors: the registry, the order check, and the annotated document writing into the dossier."""
import pytest

from geowire.extract import EXTRACTORS, ExtractorOrderError, check_order, default_order, extractor
from geowire.extract.registry import Extractor
from geowire.model import Amount, Document, Dossier
from geowire.nlp.document import AnnotatedDocument


def test_every_extractor_declares_a_dossier_section_and_the_default_order_is_valid():
    assert set(EXTRACTORS) == {"amounts", "times", "quotes", "agreements", "attributions", "events"}
    order = default_order()
    assert [e.name for e in check_order(order)] == order  # every requirement comes first
    assert order.index("amounts") < order.index("times") < order.index("agreements") < order.index("events")
    chosen = check_order(order)
    assert EXTRACTORS["agreements"].requires == ("amounts", "times")
    assert all(e.assigns in Dossier.model_fields for e in chosen)


def test_a_requirement_missing_before_an_extractor_is_one_clear_message():
    with pytest.raises(ExtractorOrderError, match=r"extractor 'agreements' requires 'amounts', 'times' to run before it"):
        check_order(["agreements"])
    with pytest.raises(ExtractorOrderError, match="requires 'amounts'"):
        check_order(["times", "amounts"])  # present, but after
    with pytest.raises(ExtractorOrderError, match="no extractor named 'sentiment'"):
        check_order(["amounts", "sentiment"])


def test_the_pipeline_checks_its_extractors_before_loading_any_model(monkeypatch):
    import geowire.pipeline as pipeline

    monkeypatch.setattr(pipeline, "load_nlp", lambda: pytest.fail("the model was loaded before the check"))
    with pytest.raises(ExtractorOrderError):
        pipeline.Pipeline(extractors=["events"])


def test_registering_an_extractor_for_something_not_in_the_dossier_fails():
    with pytest.raises(ValueError, match="not a dossier section"):
        extractor("sentiment")
    with pytest.raises(ValueError, match="registered already"):
        extractor("amounts")(lambda ann: [])


def test_an_extractor_writes_its_section_of_the_dossier_and_later_ones_read_it():
    import spacy

    body = "It cost $5 million."
    dossier = Dossier(document=Document(body=body))
    ann = AnnotatedDocument(document=dossier.document, doc=spacy.blank("en")(body), dossier=dossier)
    found = Amount(text="$5 million", value=5e6, currency="USD", span=(8, 18))
    Extractor("amounts", lambda a: [found], assigns="amounts")(ann)
    assert dossier.amounts == [found] and ann.amounts is dossier.amounts  # the same list, not a copy
    seen = []
    Extractor("times", lambda a: seen.extend(a.amounts) or [], requires=("amounts",), assigns="times")(ann)
    assert seen == [found] and dossier.times == []
