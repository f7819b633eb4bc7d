"""How a turn's replies answer a dialog invoke (Teams task modules), without I/O.

A dialog is private to the person using it, even in a channel: whatever they type in it reaches
only the bot, and what the bot shows in it only them. So:

* a form posted in a channel or group chat is a button carrying the form: its ``task/fetch`` shows it
  (:func:`form_answer`), no turn needed;
* a reply carrying a form is shown in the dialog (``continue``), errors included, until the form
  is accepted;
* a reply that repeats flagged text (``sensitive``) is shown in the dialog too, never posted;
* otherwise the dialog closes (a short ``message`` for ``task/submit``, nothing for a message
  action, as Microsoft documents) and the replies are posted as a turn's replies always are
  (private ones to the person's 1:1 chat).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from adapters.teams import render
from adapters.teams.render import DIALOG_FORM
from adapters.teams.translate import SHARE_FETCH, SHARE_SUBMIT
from bot import texts
from bot.replies import FormBlock, Reply

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


def form_answer(activity: Mapping[str, Any]) -> DialogAnswer | None:
    """The answer to a ``task/fetch`` from a form posted in a shared conversation: the form itself,
    carried in the button's data (None when the invoke is not one; a malformed form says it expired)."""
    data = _obj(_obj(activity.get("value")).get("data"))
    if DIALOG_FORM not in data:
        return None
    try:
        form = FormBlock.model_validate(data[DIALOG_FORM])
    except ValidationError:
        return DialogAnswer({"task": {"type": "message", "value": texts.DIALOG_EXPIRED}}, [])
    return DialogAnswer(_continue(Reply(blocks=(form,))), [])


def _obj(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def dialog_answer(name: str, replies: list[Reply]) -> DialogAnswer:
    """Answer a dialog invoke named ``name`` with the turn's ``replies`` (see the module docstring)."""
    shown = next((r for r in replies if r.form is not None), None) or next((r for r in replies if r.sensitive), None)
    if shown is not None:
        return DialogAnswer(_continue(shown), [r for r in replies if r is not shown and not r.sensitive])
    if name == SHARE_FETCH and replies:  # a message action always opens a dialog: show the first reply in it
        return DialogAnswer(_continue(replies[0]), [r for r in replies[1:] if not r.sensitive])
    if name in (SHARE_FETCH, SHARE_SUBMIT):
        return DialogAnswer({}, list(replies))
    summary = render.summary(replies[0]) if replies else ""
    return DialogAnswer({"task": {"type": "message", "value": summary or texts.DIALOG_DONE}}, list(replies))
