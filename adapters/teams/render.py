"""Pure rendering of :class:`bot.replies.Reply` as Teams messages carrying an Adaptive Card (schema 1.5).

Cards are built as Python dicts and serialised once; no templating is ever applied. User text is
data, and three rules keep it inert:

* every string written into a card has ``${`` replaced by :data:`~adapters.teams.translate.TEMPLATE_GUARD`
  (``$``, a zero-width space, ``{``), so no card can hold a template expression;
* text goes into ``RichTextBlock``/``TextRun`` elements, which Teams never reads as Markdown, so user
  text cannot become a link or formatting. The one exception is a paragraph that mentions people:
  Teams resolves ``<at>Name</at>`` only inside a ``TextBlock``, so the words up to the last mention are
  written there with Markdown escaped and links broken, and the rest of the paragraph follows in a
  ``RichTextBlock``;
* the whole message stays under Teams' 28 KB limit: the longest texts are shortened if needed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from adapters.teams.translate import FIELD_PREFIX, TEMPLATE_GUARD
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
    PersonRef,
    Plain,
    Reply,
    SelectBlock,
    TextBlock,
    notification_text,
)

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
MAX_MESSAGE_BYTES = 28 * 1024
"""Teams rejects bot messages larger than about 28 KB."""
CARD_BUDGET = MAX_MESSAGE_BYTES - 2048
"""Room left for the activity envelope (ids, summary, conversation) around the card."""
SUMMARY_LIMIT = 200

Json = dict[str, Any]
Inline = Plain | Bold | PersonRef | Link

_MARKDOWN_INLINE = re.compile(r"([\\*_\[\]`~<>|])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([-+#>]|\d+\.)", re.MULTILINE)
_NAME_UNSAFE = re.compile(r"[<>\[\]*_`~|\\]")
_BUTTON_STYLE = {"primary": "positive", "danger": "destructive"}
_TRUNCATABLE = {("TextRun", "text"), ("Input.Text", "value")}


def guard(text: str) -> str:
    """``text`` with every ``${`` broken, so it can never be read as a template expression."""
    return text.replace("${", TEMPLATE_GUARD)


def escape_markdown(text: str) -> str:
    """``text`` made literal inside a Markdown ``TextBlock``: no formatting, no links, no mentions."""
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", text)
    escaped = _MARKDOWN_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped)
    for pattern in ("://", "www.", "@"):
        escaped = escaped.replace(pattern, pattern[0] + "\u2060" + pattern[1:])
    return guard(escaped)


def mention_text(name: str) -> str:
    """The ``<at>…</at>`` tag for a person (the name cleaned of characters that break the tag)."""
    cleaned = _NAME_UNSAFE.sub("", name).strip() or "someone"
    return guard(f"<at>{cleaned}</at>")


# --- inline text ---------------------------------------------------------------------------------


def _run(text: str, **props: Any) -> Json:
    return {"type": "TextRun", "text": guard(text), **props}


def _runs(parts: tuple[Inline, ...] | list[Inline]) -> list[Json]:
    runs: list[Json] = []
    for part in parts:
        if isinstance(part, Bold):
            runs.append(_run(part.text, weight="Bolder"))
        elif isinstance(part, PersonRef):
            runs.append(_run(part.name))
        elif isinstance(part, Link):
            runs.append(_link_run(part))
        else:
            runs.append(_run(part.text))
    return [run for run in runs if run["text"]]


def _link_run(link: Link) -> Json:
    if link.url.startswith(("https://", "http://")):
        return _run(link.label, selectAction={"type": "Action.OpenUrl", "url": guard(link.url)})
    return _run(f"{link.label} ({link.url})")


def _rich(runs: list[Json], **props: Any) -> Json:
    return {"type": "RichTextBlock", "inlines": runs, **props}


class _Mentions:
    """The mention entities a card needs, one per person."""

    def __init__(self) -> None:
        self.entities: dict[tuple[str, str], Json] = {}

    def tag(self, person: PersonRef) -> str:
        text = mention_text(person.name)
        self.entities.setdefault(
            (person.user_id, text),
            {"type": "mention", "text": text, "mentioned": {"id": person.user_id, "name": person.name}},
        )
        return text


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _markdown(parts: list[Inline], mentions: _Mentions) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, PersonRef):
            out.append(mentions.tag(part) if part.user_id else escape_markdown(part.name))
        elif isinstance(part, Bold):
            out.append(f"**{escape_markdown(part.text)}**" if part.text.strip() else "")
        elif isinstance(part, Link) and part.url.startswith(("https://", "http://")):
            url = guard(part.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20"))
            out.append(f"[{escape_markdown(part.label)}]({url})")
        elif isinstance(part, Link):
            out.append(escape_markdown(f"{part.label} ({part.url})"))
        else:
            out.append(escape_markdown(part.text))
    return "".join(out)


def _text_block(block: TextBlock, mentions: _Mentions) -> list[Json]:
    parts = list(block.parts)
    tagged = [i for i, part in enumerate(parts) if isinstance(part, PersonRef) and part.user_id]
    if not tagged:
        return [_rich(_runs(parts))] if _runs(parts) else []
    head, tail = parts[: tagged[-1] + 1], parts[tagged[-1] + 1 :]
    while tail and isinstance(tail[0], Plain) and len(tail[0].text) <= 3 and not _has_word(tail[0].text):
        head.append(tail.pop(0))  # keep "Sam: " together; punctuation cannot carry a link
    elements: list[Json] = [{"type": "TextBlock", "text": _markdown(head, mentions), "wrap": True}]
    tail_runs = _runs(tail)
    if tail_runs:
        elements.append(_rich(tail_runs, spacing="None"))
    return elements


# --- blocks --------------------------------------------------------------------------------------


def _submit(title: str, data: dict[str, str], style: str = "default", *, dialog: bool = False) -> Json:
    action: Json = {
        "type": "Action.Submit",
        "title": guard(title),
        "data": {key: guard(value) for key, value in data.items()},
    }
    if dialog:  # Teams sends a ``task/fetch`` invoke instead of a message: the form opens in a dialog
        action["data"]["msteams"] = {"type": "task/fetch"}
    if style in _BUTTON_STYLE:
        action["style"] = _BUTTON_STYLE[style]
    return action


def _button(button: Button) -> Json:
    data = {"action_id": button.action_id, "value": button.value}
    return _submit(button.label, data, button.style, dialog=button.opens_form)


def _fields(block: FieldsBlock) -> list[Json]:
    return [
        _rich([_run(f"{label}: ", weight="Bolder"), *([_run(value)] if value else [])], spacing="Small")
        for label, value in block.items
    ]


def _select(block: SelectBlock) -> list[Json]:
    buttons = [_submit(option.label, {"action_id": block.action_id, "value": option.value}) for option in block.options]
    elements = [_rich([_run(block.placeholder)])] if block.placeholder else []
    return [*elements, {"type": "ActionSet", "actions": buttons}]


def _input(field: FormField) -> Json:
    element: Json = {"id": FIELD_PREFIX + field.name, "label": guard(field.label), "isRequired": field.required}
    if field.kind == "confirm":  # a toggle that starts off: the statement is never pre-selected
        element.update(
            type="Input.Toggle", label=texts.GUARD_CONFIRM_LABEL, title=guard(field.label), valueOn="yes", valueOff=""
        )
        return element
    if field.kind in ("select", "multiselect"):
        element.update(
            type="Input.ChoiceSet",
            choices=[{"title": guard(o.label), "value": guard(o.value)} for o in field.options],
            isMultiSelect=field.kind == "multiselect",
            style="expanded" if field.kind == "multiselect" and len(field.options) <= 8 else "compact",
        )
    else:
        element.update(type="Input.Text", isMultiline=field.kind == "multiline", maxLength=field.max_length)
    if field.initial:
        element["value"] = guard(field.initial)
    if field.hint:
        element["placeholder"] = guard(field.hint)
    if field.error:
        element["errorMessage"] = guard(field.error)
    return element


def _form(block: FormBlock) -> list[Json]:
    items: list[Json] = [_rich([_run(block.title, weight="Bolder", size="Medium")])]
    for field in block.fields:
        items.append(_input(field))
        if field.error:
            items.append(_rich([_run(field.error, color="Attention")], spacing="None"))
    submit = _submit(block.submit_text, {"form_id": block.form_id, "context": block.context}, "primary")
    items.append({"type": "ActionSet", "actions": [submit]})
    return [{"type": "Container", "items": items}]


DIALOG_FORM = "dialog_form"
"""Data key of the button that opens a form in a dialog (:func:`_form_in_dialog`)."""


def _guarded(value: object) -> object:
    if isinstance(value, str):
        return guard(value)
    if isinstance(value, dict):
        return {key: _guarded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_guarded(item) for item in value]
    return value


def _form_in_dialog(block: FormBlock) -> list[Json]:
    """A form posted in a shared conversation: its title and a button that opens it in a dialog, so what
    is typed into it is private to whoever fills it in (the form travels in the button's data)."""
    data = {"msteams": {"type": "task/fetch"}, DIALOG_FORM: _guarded(block.model_dump(mode="json"))}
    button = {"type": "Action.Submit", "title": guard(texts.DIALOG_OPEN), "data": data, "style": "positive"}
    return [_rich([_run(block.title, weight="Bolder")]), {"type": "ActionSet", "actions": [button]}]


def _block(block: Block, mentions: _Mentions, *, forms_in_dialogs: bool = False) -> list[Json]:
    if isinstance(block, TextBlock):
        return _text_block(block, mentions)
    if isinstance(block, FieldsBlock):
        return _fields(block)
    if isinstance(block, ButtonsBlock):
        return [{"type": "ActionSet", "actions": [_button(b) for b in block.buttons]}]
    if isinstance(block, SelectBlock):
        return _select(block)
    if isinstance(block, FormBlock):
        return _form_in_dialog(block) if forms_in_dialogs else _form(block)
    return []


# --- size ----------------------------------------------------------------------------------------


def encoded_size(value: object) -> int:
    """Bytes of ``value`` as sent: compact JSON in UTF-8."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _truncatable(node: object, found: list[tuple[Json, str]]) -> None:
    if isinstance(node, list):
        for item in node:
            _truncatable(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and (node.get("type"), key) in _TRUNCATABLE:
                found.append((node, key))
            elif isinstance(value, dict | list):
                _truncatable(value, found)


def _fit(card: Json, budget: int) -> Json:
    """Shorten the longest texts (then drop trailing elements) until the card fits ``budget`` bytes."""
    while encoded_size(card) > budget:
        leaves: list[tuple[Json, str]] = []
        _truncatable(card["body"], leaves)
        longest = max(leaves, key=lambda leaf: len(leaf[0][leaf[1]]), default=None)
        if longest is None or len(longest[0][longest[1]]) <= 64:
            break
        node, key = longest
        text = node[key]
        cut = text[: len(text) // 2].rstrip()
        node[key] = (cut[:-1] if cut.endswith("$") else cut) + "…"
    while encoded_size(card) > budget and len(card["body"]) > 1:
        card["body"] = card["body"][:-1]
    return card


# --- public --------------------------------------------------------------------------------------


def card(reply: Reply, *, budget: int = CARD_BUDGET, forms_in_dialogs: bool = False) -> Json:
    """The reply as an Adaptive Card (a JSON-ready dict), mentions included under ``msteams``.

    ``forms_in_dialogs``: a form becomes a button opening it in a dialog (for shared conversations).
    """
    mentions = _Mentions()
    body: list[Json] = []
    separator = False
    for block in reply.blocks:
        if isinstance(block, DividerBlock):
            separator = bool(body)
            continue
        elements = _block(block, mentions, forms_in_dialogs=forms_in_dialogs)
        if elements and separator:
            elements[0] = {**elements[0], "separator": True, "spacing": "Medium"}
            separator = False
        body.extend(elements)
    content: Json = {"type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": CARD_VERSION, "body": body}
    if mentions.entities:
        content["msteams"] = {"entities": list(mentions.entities.values())}
    return _fit(content, budget)


def summary(reply: Reply) -> str:
    """A short plain-text preview of the reply (notifications and clients that cannot show cards)."""
    first = next((line.strip() for line in notification_text(reply).splitlines() if line.strip()), "")
    return guard(first if len(first) <= SUMMARY_LIMIT else first[: SUMMARY_LIMIT - 1] + "…")


def message(reply: Reply, *, forms_in_dialogs: bool = False) -> Json:
    """The reply as the body of a Teams message activity (without conversation or ids); with
    ``forms_in_dialogs``, a form is a button that opens it in a dialog."""
    content = card(reply, forms_in_dialogs=forms_in_dialogs)
    activity: Json = {"type": "message", "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": content}]}
    preview = summary(reply)
    if preview:
        activity["summary"] = preview
    return activity


def invoke_card_response(reply: Reply) -> Json:
    """The body answering an ``adaptiveCard/action`` invoke with a card that replaces the clicked one."""
    return {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": card(reply)}


def invoke_message_response(text: str) -> Json:
    """The body answering an ``adaptiveCard/action`` invoke with a short message instead of a card."""
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": guard(text)}
