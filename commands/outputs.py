"""What a worker hands back to the bot: a rendered chart and the answer it illustrates.

A leaf module (model only): the bot's process unpickles these from the workers and must not
import matplotlib to do so (that took 0.7 s on the first answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from model.results import Simulation

R = TypeVar("R")


@dataclass(frozen=True)
class Chart:
    """A rendered chart: the PNG, its one-sentence alt text, and the finding as a title."""

    png: bytes
    alt_text: str
    title: str


@dataclass(frozen=True)
class Answer(Generic[R]):
    """A result (a lens's `model.results` value, or what a command computed) and its chart."""

    result: R
    chart: Chart
    simulation: Simulation | None = None
