"""Pure rendering of :mod:`bot.replies` to Slack Block Kit.

Safety rules (reliability I1, C7):

- user text (``Plain`` parts, field values, names) is escaped (``&`` → ``&amp;``, ``<`` → ``&lt;``,
  ``>`` → ``&gt;``) in ``mrkdwn`` and every ``mrkdwn`` object is ``verbatim`` so Slack does not
  auto-link ``@here`` and the like; labels, options and form values go out as ``plain_text``;
- only a :class:`~bot.replies.PersonRef` with a well-formed user id becomes ``<@U…>`` and only a
  :class:`~bot.replies.Link` with a plain ``http(s)`` URL becomes ``<url|label>``;
- a message has at most 50 blocks and every text at most 3,000 characters: long text is split
  between whole characters or entities (never inside ``&amp;`` or ``<@U…>``), extra blocks are
  replaced by a short "more" note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from adapters.slack.metadata import FormMeta, encode_meta
from adapters.slack.translate import SUFFIX_SEPARATOR
from bot import texts
from bot.replies import (
    Block,
    Bold,
    Button,
    ButtonsBlock,
    DividerBlock,
    FieldsBlock,
    FormBlock,
    FormField,
    Link,
    Option,
    PersonRef,
    Plain,
    Reply,
    SelectBlock,
    TextBlock,
    notification_text,
)

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_TOTAL_TEXT = 12000
MAX_FIELDS = 10
MAX_ACTIONS = 25
MAX_OPTIONS = 100
BUTTON_TEXT = 75
OPTION_TEXT = 75
OPTION_VALUE = 150
BUTTON_VALUE = 2000
PLACEHOLDER_TEXT = 150
MODAL_TITLE = 24
LABEL_TEXT = 2000
ID_LIMIT = 255

MORE_NOT_SHOWN = "… and {count} more, not shown here."
FORM_CLOSE = "Cancel"

_USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")
_SAFE_URL = re.compile(r"https?://[^\s<>|\"']{1,2000}")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """A message ready for ``chat.postMessage``: Block Kit blocks and the notification text."""

    text: str
    blocks: list[Json]


# --- escaping and safe splitting -------------------------------------------------------------


def escape(text: str) -> str:
    """Escape user text for Slack ``mrkdwn`` (``&``, ``<``, ``>``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escaped_units(text: str) -> Iterator[str]:
    """Escaped text as indivisible units: one character or one entity each."""
    for char in text:
        yield _ESCAPES.get(char, char)


def _inline_units(part: Plain | Bold | PersonRef | Link) -> Iterator[str]:
    """An inline part as ``mrkdwn`` units; a unit is never split across two texts."""
    if isinstance(part, PersonRef):
        if _USER_ID.fullmatch(part.user_id):
            yield f"<@{part.user_id}>"
        else:
            yield from _escaped_units(part.name)
    elif isinstance(part, Link):
        label = escape(part.label.replace("|", "¦")) or escape(part.url)
        token = f"<{part.url}|{label}>"
        if _SAFE_URL.fullmatch(part.url) and len(token) <= 1000:
            yield token
        else:
            yield from _escaped_units(f"{part.label} ({part.url})")
    elif isinstance(part, Bold):
        inner = escape(part.text.replace("*", ""))
        if inner.strip() and len(inner) <= 500:
            yield f"*{inner}*"
        else:
            yield from _escaped_units(part.text)
    else:
        yield from _escaped_units(part.text)


def pack(units: Iterable[str], limit: int = MAX_TEXT) -> list[str]:
    """Join units into texts of at most ``limit`` characters, preferring to break at whitespace.

    Args:
        units: Indivisible pieces of ``mrkdwn`` (each at most ``limit`` characters).
        limit: The longest text allowed.

    Returns:
        The texts, without empty or whitespace-only ones.
    """
    units = list(units)
    whole_text = "".join(units)
    if len(whole_text) <= limit:
        return [whole_text.strip()] if whole_text.strip() else []
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for whole in units:
        unit = whole[:limit]
        while current and size + len(unit) > limit:
            cut = _break_point(current)
            pieces.append("".join(current[:cut]))
            current = current[cut:]
            size = sum(len(u) for u in current)
        current.append(unit)
        size += len(unit)
    pieces.append("".join(current))
    return [p.strip() for p in pieces if p.strip()]


def _break_point(units: list[str]) -> int:
    """Where to cut a full piece: after the last whitespace in its last fifth, else at the end."""
    floor = len(units) * 4 // 5
    for index in range(len(units) - 1, floor, -1):
        if units[index].isspace():
            return index + 1
    return len(units)


def truncate(units: Iterable[str], limit: int) -> str:
    """Units joined up to ``limit`` characters, ending with "…" when something was cut."""
    out: list[str] = []
    size = 0
    for unit in units:
        if size + len(unit) > limit - 1:
            return "".join(out) + "…"
        out.append(unit)
        size += len(unit)
    return "".join(out)


def plain(text: str, limit: int) -> Json:
    """A ``plain_text`` object, clipped to ``limit`` characters and never empty."""
    shown = text if text.strip() else "-"
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return {"type": "plain_text", "text": shown, "emoji": True}


def mrkdwn(text: str) -> Json:
    """A ``verbatim`` ``mrkdwn`` object (the caller has escaped the text)."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


# --- blocks ------------------------------------------------------------------------------------


def _sections(units: Iterable[str]) -> list[Json]:
    return [{"type": "section", "text": mrkdwn(text)} for text in pack(units)]


def _text_block(block: TextBlock) -> list[Json]:
    return _sections(unit for part in block.parts for unit in _inline_units(part))


def _field_units(label: str, value: str) -> Iterator[str]:
    bold = escape(label.replace("*", ""))
    if bold.strip():
        yield f"*{bold}*" if len(bold) <= 500 else bold[:500]
        yield "\n"
    yield from _escaped_units(value)


def _fields_block(block: FieldsBlock) -> list[Json]:
    rendered = ["".join(_field_units(label, value)) for label, value in block.items]
    if 0 < len(rendered) <= MAX_FIELDS and all(0 < len(t) <= MAX_FIELD_TEXT for t in rendered):
        return [{"type": "section", "fields": [mrkdwn(t) for t in rendered]}]
    blocks: list[Json] = []
    for label, value in block.items:
        blocks.extend(_sections(_field_units(label, value)))
    return blocks


def _unique_action_ids(action_ids: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique: list[str] = []
    for action_id in action_ids:
        count = seen.get(action_id, 0)
        seen[action_id] = count + 1
        unique.append(action_id if not count else f"{action_id}{SUFFIX_SEPARATOR}{count + 1}")
    return [a[:ID_LIMIT] for a in unique]


def _button(button: Button, action_id: str) -> Json:
    element: Json = {
        "type": "button",
        "text": plain(button.label, BUTTON_TEXT),
        "action_id": action_id,
    }
    if button.value:
        element["value"] = button.value[:BUTTON_VALUE]
    if button.style != "default":
        element["style"] = button.style
    return element


def _buttons_block(block: ButtonsBlock) -> list[Json]:
    blocks: list[Json] = []
    for start in range(0, len(block.buttons), MAX_ACTIONS):
        row = block.buttons[start : start + MAX_ACTIONS]
        ids = _unique_action_ids([b.action_id for b in row])
        blocks.append({"type": "actions", "elements": [_button(b, i) for b, i in zip(row, ids, strict=True)]})
    return blocks


def option(item: Option) -> Json:
    """A select option (plain text label, value clipped to Slack's limit)."""
    return {"text": plain(item.label, OPTION_TEXT), "value": item.value[:OPTION_VALUE] or "-"}


def _select_block(block: SelectBlock) -> list[Json]:
    if not block.options:
        return []
    element = {
        "type": "static_select",
        "action_id": block.action_id[:ID_LIMIT],
        "placeholder": plain(block.placeholder, PLACEHOLDER_TEXT),
        "options": [option(o) for o in block.options[:MAX_OPTIONS]],
    }
    return [{"type": "actions", "elements": [element]}]


def render_block(block: Block) -> list[Json]:
    """One reply block as zero or more Block Kit blocks (a form is opened as a modal instead)."""
    if isinstance(block, TextBlock):
        return _text_block(block)
    if isinstance(block, FieldsBlock):
        return _fields_block(block)
    if isinstance(block, ButtonsBlock):
        return _buttons_block(block)
    if isinstance(block, SelectBlock):
        return _select_block(block)
    if isinstance(block, DividerBlock):
        return [{"type": "divider"}]
    return []


def _text_size(value: object) -> int:
    """Characters of every ``text`` string inside a block."""
    if isinstance(value, dict):
        return sum(len(v) if k == "text" and isinstance(v, str) else _text_size(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(_text_size(v) for v in value)
    return 0


def limit_blocks(blocks: list[Json], max_blocks: int = MAX_BLOCKS, max_total: int = MAX_TOTAL_TEXT) -> list[Json]:
    """Keep at most ``max_blocks`` blocks and ``max_total`` characters; say how many were left out.

    Args:
        blocks: Rendered blocks.
        max_blocks: Slack's block limit for the surface (50 in messages, 100 in views).
        max_total: The most text characters across all blocks.

    Returns:
        ``blocks`` unchanged when within limits, else a prefix plus a "more" note.
    """
    if len(blocks) <= max_blocks and _text_size(blocks) <= max_total:
        return blocks
    kept: list[Json] = []
    budget = max_total - 100
    for block in blocks[: max_blocks - 1]:
        size = _text_size(block)
        if size > budget:
            break
        kept.append(block)
        budget -= size
    note = MORE_NOT_SHOWN.format(count=len(blocks) - len(kept))
    kept.append({"type": "context", "elements": [mrkdwn(escape(note))]})
    return kept


def render_blocks(blocks: Iterable[Block], max_blocks: int = MAX_BLOCKS) -> list[Json]:
    """Reply blocks as Block Kit, within Slack's limits."""
    rendered = [out for block in blocks for out in render_block(block)]
    return limit_blocks(rendered, max_blocks)


def fallback_text(reply: Reply) -> str:
    """The notification text of a reply: plain, escaped, at most 3,000 characters."""
    return truncate(_escaped_units(notification_text(reply)), MAX_TEXT) or " "


def render_message(reply: Reply) -> SlackMessage:
    """A reply as a Slack message (its form, if any, is left for a modal).

    Args:
        reply: What the bot says.

    Returns:
        Blocks (at most 50) and a fallback text (at most 3,000 characters).
    """
    blocks = [b for b in reply.blocks if not isinstance(b, FormBlock)]
    return SlackMessage(text=fallback_text(reply), blocks=render_blocks(blocks))


def home_view(blocks: Iterable[Block]) -> Json:
    """An App Home view from reply blocks (at most 100 blocks)."""
    return {"type": "home", "blocks": render_blocks(blocks, MAX_HOME_BLOCKS)}


# --- forms as modals -----------------------------------------------------------------------------


def _input_element(field: FormField) -> Json:
    name = field.name[:ID_LIMIT]
    if field.kind == "confirm":  # one checkbox, never pre-selected (no initial_options)
        statement = {"text": plain(field.label, OPTION_TEXT), "value": "yes"}
        return {"type": "checkboxes", "action_id": name, "options": [statement]}
    if field.kind in {"select", "multiselect"} and field.options:
        options = [option(o) for o in field.options[:MAX_OPTIONS]]
        chosen = {v.strip() for v in field.initial.split(",") if v.strip()}
        initial = [o for o in options if o["value"] in chosen]
        if field.kind == "select":
            element: Json = {"type": "static_select", "action_id": name, "options": options}
            if initial:
                element["initial_option"] = initial[0]
            return element
        element = {"type": "multi_static_select", "action_id": name, "options": options}
        if initial:
            element["initial_options"] = initial
        return element
    limit = max(1, min(field.max_length, MAX_TEXT))
    element = {
        "type": "plain_text_input",
        "action_id": name,
        "multiline": field.kind == "multiline",
        "max_length": limit,
    }
    if field.initial:
        element["initial_value"] = field.initial[:limit]
    return element


def _input_block(field: FormField) -> Json:
    block: Json = {
        "type": "input",
        "block_id": field.name[:ID_LIMIT],
        "optional": not field.required,
        "label": plain(texts.GUARD_CONFIRM_LABEL if field.kind == "confirm" else field.label, LABEL_TEXT),
        "element": _input_element(field),
    }
    if field.hint:
        block["hint"] = plain(field.hint, LABEL_TEXT)
    return block


def modal_view(form: FormBlock, meta: FormMeta) -> Json:
    """A form as a Slack modal: ``callback_id`` is the form id, ``private_metadata`` its context.

    Args:
        form: The form to show.
        meta: Where the answer should go (the form's own context is taken from ``form``).

    Returns:
        The ``view`` for ``views.open`` / ``response_action: update``.
    """
    full_meta = FormMeta(
        context=form.context,
        channel_id=meta.channel_id,
        thread_ts=meta.thread_ts,
        response_url=meta.response_url,
    )
    return {
        "type": "modal",
        "callback_id": form.form_id[:ID_LIMIT],
        "private_metadata": encode_meta(full_meta),
        "title": plain(form.title, MODAL_TITLE),
        "submit": plain(form.submit_text, MODAL_TITLE),
        "close": plain(FORM_CLOSE, MODAL_TITLE),
        "blocks": [_input_block(f) for f in form.fields[:MAX_HOME_BLOCKS]],
    }


def form_errors(form: FormBlock) -> dict[str, str]:
    """Field errors of a form, keyed by block id (``response_action: errors``)."""
    return {f.name[:ID_LIMIT]: f.error[:LABEL_TEXT] for f in form.fields if f.error}
