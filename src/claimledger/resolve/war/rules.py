"""A tiny registry of the war locale's rules, and the typed evidence they yield.

Each rule is a small function registered by family and versioned name
(``@rule("scene", "title.v1")``); a reader runs every rule of a family and combines what
they yield. Which evidence is which is told by its ``kind``, never by its weight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_REGISTRY: dict[str, dict[str, Callable[..., Any]]] = {}


def rule(family: str, name: str) -> Callable[[F], F]:
    """Register ``fn`` as rule ``name`` ("title.v1") of ``family`` ("scene", "date", "type")."""

    def register(fn: F) -> F:
        rules = _REGISTRY.setdefault(family, {})
        if name in rules and rules[name] is not fn:
            raise ValueError(f"rule {family}/{name} registered twice")
        rules[name] = fn
        return fn

    return register


def rules(family: str) -> dict[str, Callable[..., Any]]:
    """The rules of a family, by name, in a fixed order (sorted names)."""
    return dict(sorted(_REGISTRY.get(family, {}).items()))


def rule_names() -> tuple[str, ...]:
    """Every registered rule as "family/name": what a version of the locale's results depends on."""
    return tuple(sorted(f"{fam}/{n}" for fam, rs in _REGISTRY.items() for n in rs))


class EvidenceKind(str, Enum):
    """What a piece of place evidence is."""

    MENTION = "mention"  # the town named in the text
    TITLE = "title"  # ... in the headline
    SCENE = "scene"  # ... where the text says the attack happened ("a strike on X", "the city of X")
    SPEAKER = "speaker"  # ... as a government speaking ("Korvana said", "Borovgrad denied"): not the scene
    DATELINE = "dateline"  # ... where the agency filed from ("KORVANA, April 8 (Wire) -")
    REGION = "region"  # an oblast / region ("the X region", "X oblast")
    TOLL = "toll"  # ... in the sentence of a casualty figure
    LOCATOR = "locator"  # ... locating another place ("30 km south of X"): not the scene
    AREA = "area"  # a district, a military direction, a unit named after a town: not the town


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence a rule found: of a kind, about a name (folded), with a weight."""

    kind: EvidenceKind
    name: str  # the name as the text writes it
    weight: float
    start: int = -1  # where in the text (-1: the title or the address)
