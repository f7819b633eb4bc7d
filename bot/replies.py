"""Normalized outbound replies: one model rendered to Block Kit, Adaptive Cards, HTML and plain text.

User text is always data: it lives in :class:`Plain` parts or form values, which every renderer
escapes for its medium. Only the bot's own wording uses :class:`Bold`, :class:`PersonRef` or
:class:`Link`. The models are pydantic so that an outgoing message can be stored in the outbox as
JSON and read back unchanged.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot import i18n, texts


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Plain(_Model):
    """Text shown exactly as written (user text always goes here)."""

    kind: Literal["plain"] = "plain"
    text: str


class Bold(_Model):
    """Emphasised bot wording."""

    kind: Literal["bold"] = "bold"
    text: str


class PersonRef(_Model):
    """A person, shown as a mention when the platform user id is known, else by name."""

    kind: Literal["person"] = "person"
    name: str
    user_id: str = ""


class Link(_Model):
    """A link the bot itself built (never a URL taken from user text)."""

    kind: Literal["link"] = "link"
    url: str
    label: str


Inline = Annotated[Plain | Bold | PersonRef | Link, Field(discriminator="kind")]


class TextBlock(_Model):
    """A paragraph made of inline parts."""

    kind: Literal["text"] = "text"
    parts: tuple[Inline, ...]


class FieldsBlock(_Model):
    """Label/value pairs, shown as a two-column list."""

    kind: Literal["fields"] = "fields"
    items: tuple[tuple[str, str], ...]


ButtonStyle = Literal["default", "primary", "danger"]


class Button(_Model):
    """A clickable button; clicking it sends ``ActionInvoked(action_id, value)``."""

    label: str
    action_id: str
    value: str = ""
    style: ButtonStyle = "default"
    opens_form: bool = False
    """The button's answer is a form: Teams opens it in a dialog (typed privately, even in a channel);
    Slack opens forms in a modal whatever this says."""


class ButtonsBlock(_Model):
    """A row of buttons."""

    kind: Literal["buttons"] = "buttons"
    buttons: tuple[Button, ...]


class Option(_Model):
    """One choice in a select or a form field."""

    label: str
    value: str


class SelectBlock(_Model):
    """A drop-down; choosing sends ``ActionInvoked(action_id, value)``."""

    kind: Literal["select"] = "select"
    action_id: str
    placeholder: str
    options: tuple[Option, ...]


FieldKind = Literal["text", "multiline", "select", "multiselect", "confirm"]
"""``confirm``: one checkbox whose label is a statement the person makes; never pre-selected,
submitted as ``"yes"`` only when ticked (the identifier guard's "I've checked" statement)."""


class FormField(_Model):
    """One input of a form. ``error`` is shown inline after a failed submission."""

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = True
    max_length: int = 3000
    initial: str = ""
    hint: str = ""
    error: str = ""
    options: tuple[Option, ...] = ()


class FormBlock(_Model):
    """A form: a modal in Slack, a card in Teams, a prompt sequence in the console."""

    kind: Literal["form"] = "form"
    form_id: str
    title: str
    fields: tuple[FormField, ...]
    submit_label: str = ""
    """The button's own label; empty: :attr:`submit_text` says "Submit" in the reader's language."""
    context: str = ""

    @property
    def submit_text(self) -> str:
        """The submit button's label: the form's own, else "Submit" in the current language."""
        return self.submit_label or texts.FORM_SUBMIT


class DividerBlock(_Model):
    """A horizontal rule."""

    kind: Literal["divider"] = "divider"


Block = Annotated[
    TextBlock | FieldsBlock | ButtonsBlock | SelectBlock | FormBlock | DividerBlock,
    Field(discriminator="kind"),
]


class Visibility(StrEnum):
    """Who sees a reply."""

    ONLY_ACTOR = "only_actor"
    CHANNEL = "channel"
    THREAD = "thread"


class Reply(_Model):
    """What the bot says. ``replace_original`` asks the adapter to update the clicked message."""

    blocks: tuple[Block, ...]
    visibility: Visibility = Visibility.ONLY_ACTOR
    replace_original: bool = False
    sensitive: bool = False
    """True when the reply repeats text the identifier guard flagged: it may only ever reach its
    author privately (never a channel, a thread or anyone else), whatever the platform."""

    def as_plain_text(self) -> str:
        """The reply as plain text: notification fallbacks, the console, logs-free previews."""
        return render_plain(self)

    @property
    def form(self) -> FormBlock | None:
        """The form this reply carries, if any."""
        return next((b for b in self.blocks if isinstance(b, FormBlock)), None)


TargetKind = Literal["channel", "person"]


class Target(_Model):
    """Where an outgoing message goes.

    ``kind="channel"``: ``address`` is the platform channel id. ``kind="person"``: ``address`` is our
    person id and the sender opens (or reuses) a direct conversation with them.
    """

    platform: str
    kind: TargetKind
    address: str
    thread_id: str = ""


class OutgoingMessage(_Model):
    """A message to send later or to someone other than the actor, stored in the outbox."""

    target: Target
    reply: Reply
    idempotency_key: str
    purpose: str = "message"
    retract: str = ""
    """When set, the platform message id of an earlier post of ours to delete (erasure); ``reply`` is unused.
    Senders that can delete say so with ``can_retract = True``; for others the deliverer skips the row."""
    headline: str = ""
    """When set, a short sentence that a platform which threads (Slack) posts first, with ``reply`` in a
    thread under it (a long weekly digest); the headline's id is the message id. Other platforms
    (Teams, the console) ignore it and post ``reply`` as it is."""
    update_of: str = ""
    """When set, the idempotency key of an earlier outbox row whose posted message ``reply`` replaces
    (an answered prompt, a decided approval, a vote's turnout). The deliverer looks the posted message up
    and hands it to the sender as ``updates``; while the earlier row is not sent yet, the update waits.
    Senders that can edit say so with ``can_update = True``; for others the deliverer skips the row."""
    updates: str = ""
    """The platform message id an update replaces (filled in by the deliverer from ``update_of``)."""
    urgent: bool = False
    """Filled in by the deliverer: a person's own action queued this (not background fan-out), so the
    sender lets it through the platform's rate limits before background posts still waiting."""
    locale: str = Field(default_factory=i18n.current)
    """The language it was written in (the one current when it was built): the deliverer renders it in
    that language, so a renderer's own words (a form's "Submit", "(optional)") match the message's."""


# --- construction helpers ---------------------------------------------------------------------


def retraction(platform: str, address: str, message_id: str, key: str) -> OutgoingMessage:
    """The outbox row that deletes a channel post of ours (erasure, an edit or a withdrawal).

    Args:
        platform: Where the post is.
        address: Its channel.
        message_id: The platform message id the sender stored for it.
        key: The idempotency key (``bot.keys.retraction``).
    """
    target = Target(platform=platform, kind="channel", address=address)
    return OutgoingMessage(target=target, reply=say("-"), idempotency_key=key, purpose="retract", retract=message_id)


def text(*parts: str | Plain | Bold | PersonRef | Link) -> TextBlock:
    """A text block; bare strings are bot wording shown as plain text."""
    return TextBlock(parts=tuple(Plain(text=p) if isinstance(p, str) else p for p in parts))


def say(
    *blocks: TextBlock | FieldsBlock | ButtonsBlock | SelectBlock | FormBlock | DividerBlock | str,
    visibility: Visibility = Visibility.ONLY_ACTOR,
    replace_original: bool = False,
) -> Reply:
    """A reply from blocks; a bare string becomes a text block."""
    built = tuple(text(b) if isinstance(b, str) else b for b in blocks)
    return Reply(blocks=built, visibility=visibility, replace_original=replace_original)


# --- plain text rendering --------------------------------------------------------------------


def _inline_plain(part: Plain | Bold | PersonRef | Link) -> str:
    if isinstance(part, PersonRef):
        return part.name
    if isinstance(part, Link):
        return f"{part.label} ({part.url})"
    return part.text


def _block_plain(block: Block, button_numbers: list[Button]) -> str:
    if isinstance(block, TextBlock):
        return "".join(_inline_plain(p) for p in block.parts)
    if isinstance(block, FieldsBlock):
        return "\n".join(f"{label}: {value}" for label, value in block.items)
    if isinstance(block, ButtonsBlock):
        labels = []
        for button in block.buttons:
            button_numbers.append(button)
            labels.append(f"[{len(button_numbers)}] {button.label}")
        return "  ".join(labels)
    if isinstance(block, SelectBlock):
        return f"{block.placeholder}: " + ", ".join(o.label for o in block.options)
    if isinstance(block, FormBlock):
        return f"{block.title} (form: " + ", ".join(f.label for f in block.fields) + ")"
    return "—" * 20


def render_plain(reply: Reply) -> str:
    """Render a reply as plain text; buttons are numbered in order so a terminal can pick them."""
    numbered: list[Button] = []
    return "\n".join(_block_plain(b, numbered) for b in reply.blocks)


def _block_sentence(block: Block) -> str:
    if isinstance(block, TextBlock):
        return "".join(_inline_plain(p) for p in block.parts)
    if isinstance(block, FieldsBlock):
        return "\n".join(f"{label}: {value}" if label else value for label, value in block.items)
    if isinstance(block, SelectBlock):
        return block.placeholder
    if isinstance(block, FormBlock):
        return block.title
    return ""  # buttons and dividers: nothing a notification can say


def notification_text(reply: Reply) -> str:
    """What a notification or a screen reader shows of a reply: its sentences, without buttons.

    Platforms show this where the blocks cannot be (Slack's ``text`` fallback in notifications, a Teams
    summary), so it is never console button numbering like "[1] 0  [2] 1".
    """
    lines = (_block_sentence(b).strip() for b in reply.blocks)
    return "\n".join(line for line in lines if line)


def buttons_of(reply: Reply) -> list[Button]:
    """All buttons of a reply, in the order :func:`render_plain` numbers them."""
    return [btn for b in reply.blocks if isinstance(b, ButtonsBlock) for btn in b.buttons]


def shown_texts(reply: Reply) -> list[str]:
    """Every piece of text a reply shows that may come from a person (for the identifier guard).

    Plain and bold parts, the values of label/value pairs and the labels of select options.
    """
    shown: list[str] = []
    for block in reply.blocks:
        if isinstance(block, TextBlock):
            shown += [part.text for part in block.parts if isinstance(part, Plain | Bold)]
        elif isinstance(block, FieldsBlock):
            shown += [value for _, value in block.items]
        elif isinstance(block, SelectBlock):
            shown += [option.label for option in block.options]
    return shown
