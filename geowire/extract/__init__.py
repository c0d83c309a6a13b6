"""The extractors, in the order they run: each reads the annotated document
(and the facts of those before it) and returns a list of facts of one kind.

To add an extractor: write `geowire/extract/NAME.py` with a function
`extract_NAME(ann: AnnotatedDocument) -> list[Fact]`, where NAME is a list
field of both `AnnotatedDocument` and `Dossier`, and register it below.
"""
from __future__ import annotations

from typing import Callable

from geowire.extract.agreements import extract_agreements
from geowire.extract.amounts import extract_amounts
from geowire.extract.attributions import extract_attributions
from geowire.extract.events import extract_events
from geowire.extract.quotes import extract_quotes
from geowire.extract.times import extract_times

EXTRACTORS: dict[str, Callable] = {
    "amounts": extract_amounts,
    "times": extract_times,
    "quotes": extract_quotes,
    "agreements": extract_agreements,
    "attributions": extract_attributions,
    "events": extract_events,
}
