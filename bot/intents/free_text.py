"""The registry of free text: every form field and command argument a person types into.

Each entry is either scanned by the identifier guard (``SCANNED``) or structured input that its
intent validates against a strict shape before storing it (``STRUCTURED``: times, dates, numbers,
time zone names), so it can hold no prose. ``tests/bot/test_free_text.py`` fails when a routable
form, a text field of a form, or a command is missing here, and sends an identifying text through
every scanned entry to prove that nothing is stored or posted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.ids import FormId

SCANNED: Final[Mapping[str, tuple[str, ...]]] = {
    FormId.GUARD_EDIT: ("text",),
    FormId.CELEBRATE: ("what",),
    FormId.CELEBRATION_EDIT: ("what",),
    FormId.IDEA: ("text",),
    FormId.STORY: ("title", "situation", "what_we_did", "difference"),
    FormId.STORY_DECLINE: ("reason",),
    FormId.AGENDA_ITEM: ("item",),
    FormId.PULSE_MORE: ("more",),
    FormId.SEMINAR_PROPOSE: ("topic", "why"),
    FormId.EVENT_NEW: ("title", "place", "link"),
    FormId.MAP_ADD: ("text",),
    FormId.FARED_LINE: ("line",),
    FormId.LEARNING_LOG: ("note",),
}
"""Form id → the fields the guard scans before anything is stored or posted."""

STRUCTURED: Final[Mapping[str, tuple[str, ...]]] = {
    FormId.SETTINGS: ("timezone", "hours", "leave"),
    FormId.SEMINAR_VOTE_OPEN: ("closes",),
    FormId.SEMINAR_BALLOT: (),
    FormId.EVENT_NEW: ("date", "time", "minutes", "capacity"),
    FormId.LEARNING_LOG: ("minutes", "day"),
}
"""Form id → text fields validated against a strict shape (a time, a date, a number, a zone)."""

COMMANDS: Final[Mapping[str, str]] = {
    "celebrate": "what the people mentioned are thanked for",
    "goodpractice": "the story's opening line (pre-fills the form, scanned there)",
    "agenda": "an item (`set`) or a meeting title (`meeting`)",
    "seminar": "a topic and why (`propose`)",
    "idea": "the idea",
    "map": "the case map's title",
    "sofs": (
        "a partner's name and kind (`partner`), a learning note (`learning add`); `pathway` keeps a step, "
        "a day and minutes only (other words are dropped, never stored or sent); no other free text"
    ),
}
"""Command → which of its text the guard scans (each intent calls the guard on it)."""


def free_text_fields(form_id: str) -> tuple[str, ...]:
    """The fields of a form that the identifier guard scans."""
    return SCANNED.get(form_id, ())
