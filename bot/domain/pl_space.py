"""The PL space as replies (pure, issue 18): the weekly PL digest, the "how we've fared" question and
form, and the one-page summary posted in the county PL group's channel before a County PL meeting.

The digest lists only the titles of stories a practice leader approved (they passed the identifier guard
to be shared and were approved), with their locality: never their text, never a name. The summary
repeats each locality's one line, which passed the guard when it was written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import texts
from bot.domain.nudge_messages import nudge_controls
from bot.ids import ActionId, FormId, row_id
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FormBlock,
    FormField,
    Link,
    Plain,
    Reply,
    TextBlock,
    Visibility,
    text,
)

FARED_LIMIT = 280
"""One line: as long as a short paragraph, no longer."""
MAX_STORIES = 12
"""How many stories the PL digest lists before "…and N more"."""
TITLE_LIMIT = 150


@dataclass(frozen=True, slots=True)
class ApprovedStory:
    """A story approved in the PL digest's week: its title and locality, never its text."""

    story_id: int
    title: str
    locality: str
    published: bool = False


@dataclass(frozen=True, slots=True)
class FaredRow:
    """A locality in the summary, with its line ("" when it sent none)."""

    locality: str
    line: str = ""


def _clip(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def pl_digest(stories: Sequence[ApprovedStory], intranet_url: str = "") -> Reply | None:
    """The weekly PL digest: the stories approved this week across the county (None when there are none).

    Args:
        stories: The stories approved this week, oldest first.
        intranet_url: The organisation's intranet page, linked when a story listed is published there.

    Returns:
        The channel post, or None: nothing new, nothing posted.
    """
    if not stories:
        return None
    parts: list[Plain | Bold | Link] = [Bold(text=texts.PL_DIGEST_HEADER.format(count=len(stories)))]
    for story in stories[:MAX_STORIES]:
        where = texts.PL_DIGEST_LINE.format(locality=_clip(story.locality or texts.PL_DIGEST_COUNTY, 80))
        published = texts.PL_DIGEST_PUBLISHED if story.published else ""
        parts.append(Plain(text=f"\n• {_clip(story.title, TITLE_LIMIT)}{where}{published}"))
    hidden = len(stories) - MAX_STORIES
    if hidden > 0:
        parts.append(Plain(text="\n" + texts.PL_DIGEST_MORE.format(count=hidden)))
    blocks: list[TextBlock] = [text(texts.PL_DIGEST_INTRO), TextBlock(parts=tuple(parts))]
    if intranet_url.startswith(("https://", "http://")) and any(s.published for s in stories):
        blocks.append(text(Link(url=intranet_url, label=texts.PL_DIGEST_INTRANET)))
    return Reply(blocks=tuple(blocks), visibility=Visibility.CHANNEL)


def fared_value(occurrence_id: int, locality_id: int) -> str:
    """The button value and form context naming an occurrence and a locality: ``<occurrence>:<locality>``."""
    return f"{occurrence_id}:{locality_id}"


def parse_fared_value(value: str) -> tuple[int, int] | None:
    """The (occurrence id, locality id) of :func:`fared_value`; None when it is not one."""
    occurrence, _, locality = value.partition(":")
    found = row_id(occurrence), row_id(locality)
    return (found[0], found[1]) if found[0] is not None and found[1] is not None else None


def fared_prompt(*, locality: str, title: str, when: str, occurrence_id: int, locality_id: int) -> Reply:
    """The direct message asking a locality's practice leader for one line before a County PL meeting."""
    write = Button(
        label=texts.FARED_WRITE,
        action_id=ActionId.FARED_WRITE,
        value=fared_value(occurrence_id, locality_id),
        style="primary",
        opens_form=True,
    )
    return Reply(
        blocks=(
            text(Bold(text=texts.FARED_QUESTION.format(locality=locality))),
            text(texts.FARED_CONTEXT.format(title=title, when=when)),
            ButtonsBlock(buttons=(write,)),
            nudge_controls(),
        )
    )


def fared_form(occurrence_id: int, locality_id: int, locality: str, *, initial: str = "", error: str = "") -> FormBlock:
    """The one-line form."""
    return FormBlock(
        form_id=FormId.FARED_LINE,
        title=texts.FARED_FORM_TITLE,
        submit_label=texts.FARED_FORM_SUBMIT,
        context=fared_value(occurrence_id, locality_id),
        fields=(
            FormField(
                name="line",
                label=texts.FARED_FORM_FIELD.format(locality=locality),
                kind="text",
                max_length=FARED_LIMIT,
                initial=initial,
                hint=texts.FARED_FORM_HINT,
                error=error,
            ),
        ),
    )


def fared_summary(*, title: str, when: str, rows: Sequence[FaredRow]) -> Reply:
    """The one-page summary before the meeting: each locality with its line, or "no update"."""
    parts: list[Plain | Bold] = []
    for row in rows:
        parts += [Plain(text="\n" if parts else ""), Bold(text=_clip(row.locality, 80)), Plain(text=": ")]
        parts.append(Plain(text=_clip(row.line, FARED_LIMIT)) if row.line else Plain(text=texts.FARED_NO_UPDATE))
    answered = sum(1 for row in rows if row.line)
    return Reply(
        blocks=(
            text(Bold(text=texts.FARED_SUMMARY_HEADER.format(title=title, when=when))),
            text(texts.FARED_SUMMARY_INTRO),
            TextBlock(parts=tuple(parts)),
            text(texts.FARED_SUMMARY_COUNT.format(answered=answered, total=len(rows))),
        ),
        visibility=Visibility.CHANNEL,
    )
