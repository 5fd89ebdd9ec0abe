"""What a Flywheel card carries in its buttons' custom ids: whose plan it shows, through which lens.

A card is read back from itself (its components come with every message the bot can see), so a
reply to it, a form on it or a thread under it works in any process and after a restart:

- `plan:save:<shown>:<lens>:<owner>`: a lens answer; the plan is the stored shown plan `<shown>`.
- `scn:discuss:<scenario>:<version>`: a shared scenario card, at the version it showed.
- `scn:fork:<scenario>`: a shared scenario card (the current version).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import discord

# A stable number per lens for custom ids: never renumber one, only add.
LENS_CODES = {"margin": 1, "services": 2, "critical-mass": 3, "direct-sales": 4, "growth": 5}
LENSES_BY_CODE = {code: name for name, code in LENS_CODES.items()}

SHOWN, SCENARIO, DEFAULTS = 1, 2, 0  # where a card's plan is kept

_PATTERNS = (
    (SHOWN, re.compile(r"plan:save:(?P<number>\d+)(?::(?P<lens>\d+)(?::\d+)?)?")),
    (SCENARIO, re.compile(r"scn:discuss:(?P<number>\d+)(?::(?P<version>\d+))?")),
    (SCENARIO, re.compile(r"scn:fork:(?P<number>\d+)(?::\d+)?")),  # then the card's snapshot
)


@dataclass(frozen=True)
class CardRef:
    """Where a card's plan is (a shown plan or a scenario, by number) and its lens, if said.

    `version` 0 means the scenario as it is now; `lens` None means the plan's usual lens.
    """

    source: int  # SHOWN, SCENARIO or DEFAULTS
    number: int = 0
    lens: str | None = None
    version: int = 0

    def args(self) -> tuple[int, int, int, int]:
        """As the integer arguments of a form's custom id."""
        return (self.source, self.number, LENS_CODES.get(self.lens or "", 0), self.version)

    @classmethod
    def from_args(cls, source: int, number: int, lens: int, version: int) -> CardRef:
        return cls(source, number, LENSES_BY_CODE.get(lens), version)


def lens_code(lens: str) -> int:
    return LENS_CODES[lens]


def card_ref(message: discord.Message) -> CardRef | None:
    """The plan behind a card, from its buttons; None when the message is not a card."""
    return ref_of_custom_ids(_custom_ids(message.components))


def ref_of_custom_ids(custom_ids: Iterable[str]) -> CardRef | None:
    """The first pattern that matches wins: a shown plan, a scenario version, a scenario."""
    found: list[tuple[int, CardRef]] = []
    for custom_id in custom_ids:
        for rank, (source, pattern) in enumerate(_PATTERNS):
            if match := pattern.fullmatch(custom_id):
                groups = match.groupdict()
                lens = LENSES_BY_CODE.get(int(groups.get("lens") or 0))
                version = int(groups.get("version") or 0)
                found.append((rank, CardRef(source, int(groups["number"]), lens, version)))
    return min(found, key=lambda ranked: ranked[0])[1] if found else None


def _custom_ids(components: Iterable[Any]) -> Iterator[str]:
    for component in components:
        custom_id = getattr(component, "custom_id", None)
        if isinstance(custom_id, str):
            yield custom_id
        yield from _custom_ids(getattr(component, "children", ()))
