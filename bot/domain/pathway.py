"""The trainer pathway: three milestones towards delivering the two-day training.

Shadowed a training day, co-delivered a module, delivered the two-day training. A person records
each step (its day and, if they like, the minutes it took); a county project manager or principal
social worker confirms it. The steps are usually taken in order, but the order is not enforced: a
person who co-delivered before the bot existed records that without inventing a shadowing day.

Pure: parsing what was typed, and where a person is, from plain facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from bot import texts
from bot.constants import PathwayStep
from bot.errors import UserError

STEPS: tuple[PathwayStep, ...] = (PathwayStep.SHADOWED, PathwayStep.CO_DELIVERED, PathwayStep.DELIVERED)
MAX_MINUTES = 2 * 24 * 60
"""The most minutes one step may take (two whole days; the training itself is two working days)."""
DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def step_named(word: str) -> PathwayStep | None:
    """The step a word names (``co-delivered``, ``codelivered``, ``co_delivered`` …), or None."""
    wanted = word.strip().lower().replace("_", "").replace("-", "")
    return next((s for s in STEPS if s.replace("-", "") == wanted), None)


def step_label(step: str) -> str:
    """A step in words ("Co-delivered a module")."""
    return texts.PATHWAY_STEPS.get(step, step)


@dataclass(frozen=True, slots=True)
class Record:
    """What ``/sofs pathway STEP [YYYY-MM-DD] [MINUTES]`` asks to record."""

    step: PathwayStep
    day: date
    minutes: int | None
    had_note: bool
    """True when other words were typed: they are not kept (the person is told)."""


def parse_record(step: PathwayStep, words: Iterable[str], today: date) -> Record:
    """Read the optional day and minutes after a step; any other word is a note, which is not kept.

    Raises:
        UserError: A day that is malformed or in the future, or minutes out of range.
    """
    day, minutes, note = today, None, False
    for word in words:
        if DATE_LIKE.match(word):
            try:
                day = date.fromisoformat("-".join(part.zfill(2) for part in word.split("-")))
            except ValueError:
                raise UserError(texts.PATHWAY_BAD_DATE) from None
        elif word.isascii() and word.isdigit():
            minutes = int(word)
            if not 1 <= minutes <= MAX_MINUTES:
                raise UserError(texts.PATHWAY_BAD_MINUTES.format(limit=MAX_MINUTES))
        else:
            note = True
    if day > today:
        raise UserError(texts.PATHWAY_BAD_DATE)
    return Record(step, day, minutes, note)


@dataclass(frozen=True, slots=True)
class Milestone:
    """One recorded step: its day, minutes, and who confirmed it when (``confirmed_at`` None: waiting)."""

    step: str
    day: date
    minutes: int | None = None
    confirmed_at: datetime | None = None
    confirmed_by: str = ""

    @property
    def confirmed(self) -> bool:
        """True once a county role has confirmed it."""
        return self.confirmed_at is not None


def rank(step: str) -> int:
    """The step's place in the usual order (0, 1, 2; -1 for an unknown step)."""
    return STEPS.index(PathwayStep(step)) if step in set(STEPS) else -1


def furthest(milestones: Iterable[Milestone], *, confirmed_only: bool = False) -> Milestone | None:
    """The furthest step recorded (or confirmed, with ``confirmed_only``), or None."""
    chosen = [m for m in milestones if rank(m.step) >= 0 and (m.confirmed or not confirmed_only)]
    return max(chosen, key=lambda m: rank(m.step), default=None)


def next_step(milestones: Iterable[Milestone]) -> PathwayStep | None:
    """The first step in order not recorded yet (None when all three are)."""
    done = {m.step for m in milestones}
    return next((s for s in STEPS if s not in done), None)


def minutes_text(minutes: int | None) -> str:
    """`` (420 minutes)``, or nothing when the minutes were not given."""
    return texts.PATHWAY_MINUTES.format(minutes=minutes) if minutes else ""
