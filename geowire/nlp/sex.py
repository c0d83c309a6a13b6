"""What a text says of a person's sex: the words beside a name and the pronoun that follows it.

The linker reads it to tell namesakes apart ("Mrs. Clinton" among Hillary and Bill Clinton),
the phrase resolver to check a "he"/"she" against the person it would stand for. No model or
name list does it here: spaCy has none, and first-name lists (gender-guesser, names-dataset)
are other countries' names and other licences'. Kept apart from geowire.nlp.parse, which
imports the gazetteer, so that the linker can use it too.
"""
from __future__ import annotations

from typing import Iterable, Optional

from spacy.tokens import Doc, Token

# What the text says of a person's sex: an honorific, a word of kinship or rank, a pronoun
# ("Mrs. Clinton" after "Hillary Clinton" and "her husband, Bill Clinton"; "Mr. Le Pen").
FEMININE = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "mme", "mme.", "dame", "lady", "she",
                      "her", "herself", "wife", "widow", "daughter", "mother", "sister", "queen", "princess",
                      "girlfriend", "grandmother", "congresswoman", "chairwoman", "spokeswoman", "businesswoman"})
MASCULINE = frozenset({"mr", "mr.", "sir", "lord", "monsieur", "he", "him", "his", "himself", "husband", "widower",
                       "son", "father", "brother", "king", "prince", "boyfriend", "grandfather", "congressman",
                       "chairman", "spokesman", "businessman"})


def sex_word(tok: Token) -> Optional[str]:
    """"f" or "m" for a word that says a person's sex, else None."""
    low = tok.lower_
    return "f" if low in FEMININE else "m" if low in MASCULINE else None


def mention_sex(doc: Doc, start: int, end: int, beside: Iterable[Optional[Token]]) -> set[str]:
    """What the text says of the sex of the person named at doc[start:end]: a word beside the
    name that is no pronoun (the caller's choice: "Mrs. [Hillary Clinton]", "[Bill Clinton],
    her husband"), and the first he/she of its sentence after it when the name is its clause's
    one subject ("Hillary Clinton said she …"; not "Mrs. Clinton and Bill Clinton feared she …")."""
    said = {x for t in beside if t is not None and t.tag_ not in ("PRP", "PRP$") and (x := sex_word(t))}
    heads = [t for t in doc[start:end] if not start <= t.head.i < end]
    if any(t.dep_ in ("nsubj", "nsubjpass") and not t.conjuncts for t in heads):
        sent_end = doc[start].sent.end if doc.has_annotation("SENT_START") else len(doc)
        pronoun = next((x for t in doc[end:sent_end] if t.tag_ in ("PRP", "PRP$") and (x := sex_word(t))), None)
        if pronoun:
            said.add(pronoun)
    return said
