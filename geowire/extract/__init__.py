"""The extractors: each reads the annotated document (and the sections of those it requires)
and writes one section of the dossier.

Importing a module registers its extractor (`geowire.extract.registry.extractor`); the
pipeline runs them all by default, each after those it requires (`default_order`). To add an extractor: write
`geowire/extract/NAME.py` with a function decorated `@extractor("NAME", requires=(...))`,
where NAME is a list section of `Dossier`, and import it below.
"""
from __future__ import annotations

from geowire.extract import amounts, times, quotes, agreements, attributions, events  # noqa: F401  (registration)
from geowire.extract.registry import EXTRACTORS, Extractor, ExtractorOrderError, check_order, default_order, extractor

__all__ = ["EXTRACTORS", "Extractor", "ExtractorOrderError", "check_order", "default_order", "extractor"]
