"""The nudges as replies (pure): the pre-meeting prompt and its reminder, the agenda item post, the pulse,
event reminders. Every direct-message nudge ends with "Snooze 1 week" and "Stop these".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot import texts
from bot.domain.seminar_views import BRING_A_CASE_KINDS, rsvp_buttons
from bot.i18n import formats
from bot.ids import ActionId, FormId
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FieldsBlock,
    FormBlock,
    FormField,
    Link,
    PersonRef,
    Plain,
    Reply,
    TextBlock,
    Visibility,
    text,
)

ITEM_LIMIT = 300
PULSE_SCORES = range(11)


def month_day(month: str) -> date:
    """The first day of a month key: ``2026-12`` → 1 December 2026."""
    year, number = (int(p) for p in month.split("-"))
    return date(year, number, 1)


def month_label(month: str) -> str:
    """``2026-12`` → ``December 2026``."""
    return formats.month_year(month_day(month))


def nudge_controls() -> ButtonsBlock:
    """The "Snooze 1 week" and "Stop these" buttons every DM nudge carries."""
    return ButtonsBlock(
        buttons=(
            Button(label=texts.NUDGE_SNOOZE, action_id=ActionId.SETTINGS_SNOOZE, value="1w"),
            Button(label=texts.NUDGE_STOP, action_id=ActionId.SETTINGS_STOP, style="danger"),
        )
    )


def meeting_label(unit: str, title: str) -> str:
    """``Dereham Family Support — Team meeting``: a meeting with its team or locality (the title alone when
    there is no unit or the title already names it)."""
    if not unit or unit.casefold() in title.casefold():
        return title
    return texts.MEETING_LABEL.format(unit=unit, title=title)


def prompt_reply(
    *,
    title: str,
    when: str,
    occurrence_id: int,
    suggestions: Sequence[str],
    reminder: bool = False,
    instead_of: str = "",
    reason: str = "",
) -> Reply:
    """The DM asking the chair (or, while the chair is on leave, a stand-in) for the meeting's Signs of Safety item.

    Args:
        title: The meeting, named with its team (:func:`meeting_label`).
        when: ``Tue 10:00`` in the chair's zone.
        occurrence_id: The occurrence the answer is for.
        suggestions: Suggestion keys offered as one-click answers.
        reminder: The one gentle reminder rather than the first prompt.
        instead_of: The name of the chair on leave, when a stand-in is asked (said first, as the reason).
        reason: Why this person is asked, said first (the rotation: "It's your turn…", "…as the back-up").

    Returns:
        The reply: question, hint, suggestion buttons plus "Write my own", snooze / stop.
    """
    question = (texts.PROMPT_REMINDER if reminder else texts.PROMPT_QUESTION).format(title=title, when=when)
    picks = [
        Button(label=texts.SUGGESTIONS[key][0], action_id=ActionId.AGENDA_PICK, value=f"{occurrence_id}:{key}")
        for key in suggestions
        if key in texts.SUGGESTIONS
    ]
    picks.append(
        Button(label=texts.PROMPT_WRITE_OWN, action_id=ActionId.AGENDA_WRITE, value=str(occurrence_id), style="primary")
    )
    why: tuple[TextBlock, ...] = (text(texts.PROMPT_STAND_IN.format(chair=instead_of)),) if instead_of else ()
    why += (text(reason),) if reason else ()
    return Reply(
        blocks=(
            *why,
            text(Bold(text=question)),
            text(texts.PROMPT_HINT),
            ButtonsBlock(buttons=tuple(picks)),
            nudge_controls(),
        )
    )


def agenda_form(occurrence_id: int, *, initial: str = "", error: str = "") -> FormBlock:
    """The free-text answer to a prompt."""
    return FormBlock(
        form_id=FormId.AGENDA_ITEM,
        title=texts.AGENDA_FORM_TITLE,
        submit_label=texts.AGENDA_FORM_SUBMIT,
        context=str(occurrence_id),
        fields=(
            FormField(
                name="item",
                label=texts.AGENDA_FORM_FIELD,
                kind="multiline",
                max_length=ITEM_LIMIT,
                initial=initial,
                hint=texts.AGENDA_FORM_HINT,
                error=error,
            ),
        ),
    )


def agenda_item_post(*, title: str, when: str, item: str, by: PersonRef) -> Reply:
    """The channel post announcing a meeting's Signs of Safety item."""
    return Reply(
        blocks=(
            text(
                texts.AGENDA_ITEM_POST.format(title=title, when=when),
                Plain(text=item),
                texts.AGENDA_ITEM_POST_BY,
                by,
            ),
        ),
        visibility=Visibility.CHANNEL,
    )


def pulse_reply(month: str) -> Reply:
    """The monthly scaling question with one-click answers 0–10."""
    scores = tuple(
        Button(label=str(score), action_id=ActionId.PULSE_ANSWER, value=f"{month}:{score}") for score in PULSE_SCORES
    )
    return Reply(
        blocks=(
            text(Bold(text=texts.PULSE_QUESTION.format(month=month_label(month)))),
            ButtonsBlock(buttons=scores),
            nudge_controls(),
        )
    )


def pulse_more_form(month: str, *, initial: str = "") -> FormBlock:
    """The optional "what would move it one point up?" form."""
    return FormBlock(
        form_id=FormId.PULSE_MORE,
        title=texts.PULSE_FORM_TITLE,
        submit_label=texts.PULSE_FORM_SUBMIT,
        context=month,
        fields=(
            FormField(name="more", label=texts.PULSE_FORM_FIELD, kind="multiline", max_length=1000, initial=initial),
        ),
    )


def event_reminder_post(
    *,
    kind: str,
    title: str,
    when: str,
    lead: str,
    place: str = "",
    link: str = "",
    capacity: int | None = None,
    event_id: int | None = None,
) -> Reply:
    """A channel reminder of an event a week or a day ahead.

    Args:
        kind: The event kind (``seminar``, ``group_supervision``…).
        title: The event title (user text).
        when: ``Tue 3 Mar, 10:00``.
        lead: ``in a week`` / ``tomorrow``.
        place: Where (user text).
        link: A joining link the organiser gave (shown as a bot-built link only when it is http(s)).
        capacity: Places available.
        event_id: When given, the Going / Maybe / Can't buttons (and, for group supervision and case
            mapping, the reminder to bring an anonymised case).

    Returns:
        The reply.
    """
    label = texts.EVENT_KINDS.get(kind, texts.EVENT_KINDS["other"])
    blocks: list[TextBlock | FieldsBlock | ButtonsBlock] = [
        text(Bold(text=texts.EVENT_REMINDER.format(kind=label)), Plain(text=title), f" ({lead})")
    ]
    items = [("", texts.EVENT_WHEN.format(when=when))]
    if place:
        items.append(("", texts.EVENT_WHERE + place))
    if capacity:
        items.append(("", texts.EVENT_CAPACITY.format(capacity=capacity)))
    blocks.append(text("\n".join(value for _, value in items)))
    if link.startswith(("https://", "http://")):
        blocks.append(text(Link(url=link, label=texts.EVENT_JOIN)))
    if event_id is not None:
        if kind in BRING_A_CASE_KINDS:
            blocks.append(text(texts.EVENT_BRING_A_CASE))
        blocks.append(rsvp_buttons(event_id))
    return Reply(blocks=tuple(blocks), visibility=Visibility.CHANNEL)
