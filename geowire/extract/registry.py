"""The registry of extractors: each declares its name, what it requires and what it writes.

Modelled on spaCy's `@Language.component(name, requires=..., assigns=...)`: an extractor is a
function of the annotated document returning the facts of one dossier section, registered
with a decorator beside its code:

    @extractor("agreements", requires=("amounts", "times"))
    def extract_agreements(ann: AnnotatedDocument) -> list[Agreement]: ...

Its name is the `Dossier` section it writes (`assigns`, by default). `requires` names the
sections it reads, which must be written before it runs; `actors` is always there (the
actor linker runs before every extractor). `Pipeline` checks the order when it starts,
with `check_order`, and fails with one clear message when a requirement is missing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from geowire.model import Dossier

# Written by the pipeline before any extractor runs.
GIVEN_SECTIONS = ("actors",)


@dataclass(frozen=True)
class Extractor:
    name: str
    func: Callable
    requires: tuple[str, ...] = ()
    assigns: str = ""

    def __call__(self, ann) -> None:
        """Run on one annotated document; the result becomes the document's section."""
        setattr(ann, self.assigns, self.func(ann))


EXTRACTORS: dict[str, Extractor] = {}  # by name, in registration order (see `default_order`)


class ExtractorOrderError(ValueError):
    """The extractors asked for cannot run in the order given; str() says which is missing."""


def extractor(name: str, *, requires: Iterable[str] = (), assigns: str | None = None):
    """Register the decorated function as the extractor `name` (see the module docstring)."""
    assigns = assigns or name
    sections = set(Dossier.model_fields) - {"schema_id", "document", "related"}
    if assigns not in sections:
        raise ValueError(f"extractor {name!r} assigns {assigns!r}, which is not a dossier section "
                         f"({', '.join(sorted(sections))})")

    def register(func: Callable) -> Callable:
        if name in EXTRACTORS and EXTRACTORS[name].func is not func:
            raise ValueError(f"an extractor named {name!r} is registered already")
        EXTRACTORS[name] = Extractor(name, func, tuple(requires), assigns)
        return func

    return register


def default_order() -> list[str]:
    """Every registered extractor, each after those it requires, otherwise in registration
    order (module imports register them, and one extractor module may import another)."""
    order: list[str] = []
    pending = list(EXTRACTORS)
    while pending:
        ready = next((n for n in pending if all(r in order or r in GIVEN_SECTIONS for r in EXTRACTORS[n].requires)), None)
        if ready is None:
            raise ExtractorOrderError(f"the requirements of {', '.join(pending)} form a cycle or name no extractor")
        order.append(ready)
        pending.remove(ready)
    return order


def check_order(names: Iterable[str]) -> list[Extractor]:
    """The extractors named, in that order, after checking that each one's requirements are
    written by one before it; raises ExtractorOrderError otherwise."""
    chosen: list[Extractor] = []
    written = set(GIVEN_SECTIONS)
    for name in names:
        if name not in EXTRACTORS:
            raise ExtractorOrderError(f"no extractor named {name!r} (known: {', '.join(EXTRACTORS)})")
        spec = EXTRACTORS[name]
        missing = [r for r in spec.requires if r not in written]
        if missing:
            raise ExtractorOrderError(
                f"extractor {name!r} requires {', '.join(map(repr, missing))} to run before it; "
                f"order given: {', '.join(e.name for e in chosen + [spec])}")
        chosen.append(spec)
        written.add(spec.assigns)
    return chosen
