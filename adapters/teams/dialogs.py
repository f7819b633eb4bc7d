"""How a turn's replies answer a dialog invoke (Teams task modules), without I/O.

A dialog is private to the person using it, even in a channel: whatever they type in it reaches
only the bot, and what the bot shows in it only them. So:

* a reply carrying a form is shown in the dialog (``continue``), errors included, until the form
  is accepted;
* a reply that repeats flagged text (``sensitive``) is shown in the dialog too, never posted;
* otherwise the dialog closes (a short ``message`` for ``task/submit``, nothing for a message
  action, as Microsoft documents) and the replies are posted as a turn's replies always are
  (private ones to the person's 1:1 chat).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.teams import render
from adapters.teams.translate import SHARE_FETCH, SHARE_SUBMIT
from bot import texts
from bot.replies import Reply

Json = dict[str, Any]
DIALOG_WIDTH, DIALOG_HEIGHT = "medium", "large"


@dataclass(frozen=True, slots=True)
class DialogAnswer:
    """The invoke's response body, and the replies still to post in the conversation."""

    body: Json
    rest: list[Reply]


def _continue(reply: Reply) -> Json:
    form = reply.form
    title = form.title if form is not None else texts.DIALOG_TITLE
    card = {"contentType": render.CARD_CONTENT_TYPE, "content": render.card(reply)}
    value = {"title": render.guard(title), "width": DIALOG_WIDTH, "height": DIALOG_HEIGHT, "card": card}
    return {"task": {"type": "continue", "value": value}}


def dialog_answer(name: str, replies: list[Reply]) -> DialogAnswer:
    """Answer a dialog invoke named ``name`` with the turn's ``replies`` (see the module docstring)."""
    shown = next((r for r in replies if r.form is not None), None) or next((r for r in replies if r.sensitive), None)
    if shown is not None:
        return DialogAnswer(_continue(shown), [r for r in replies if r is not shown and not r.sensitive])
    if name in (SHARE_FETCH, SHARE_SUBMIT):
        return DialogAnswer({}, list(replies))
    summary = render.summary(replies[0]) if replies else ""
    return DialogAnswer({"task": {"type": "message", "value": summary or texts.DIALOG_DONE}}, list(replies))
