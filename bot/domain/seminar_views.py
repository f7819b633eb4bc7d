"""Seminar votes, results, the programme and events as replies (pure builders, the same on every platform).

Topic titles, places and other user text only ever go into plain text parts, which every renderer
escapes. Buttons carry ids only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot import texts
from bot.domain.vote_result import VoteResult
from bot.ids import ActionId, FormId
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FieldsBlock,
    FormBlock,
    FormField,
    Link,
    Option,
    Reply,
    TextBlock,
    Visibility,
    text,
)

MAX_RANKS = 5
Block = TextBlock | FieldsBlock | ButtonsBlock


def _titles(ids: Sequence[int], titles: Mapping[int, str]) -> str:
    names = [f"“{titles.get(i, '?')}”" for i in ids]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


# --- votes -------------------------------------------------------------------------------------


def vote_open_form(
    topics: Sequence[tuple[int, str]], values: Mapping[str, str], errors: Mapping[str, str] | None = None
) -> FormBlock:
    """The form a practice leader opens a vote with.

    Args:
        topics: The locality's open topics (id, title).
        values: Initial values (``topics``, ``closes``, ``method``, ``results``, ``partners``).
        errors: Inline errors by field.

    Returns:
        The form.
    """
    errors = errors or {}

    def select(name: str, label: str, options: Sequence[tuple[str, str]], kind: str = "select") -> FormField:
        return FormField.model_validate(
            {
                "name": name,
                "label": label,
                "kind": kind,
                "options": [{"label": lab, "value": val} for val, lab in options],
                "initial": values.get(name, ""),
                "error": errors.get(name, ""),
            }
        )

    return FormBlock(
        form_id=FormId.SEMINAR_VOTE_OPEN,
        title=texts.VOTE_FORM_TITLE,
        submit_label=texts.VOTE_FORM_SUBMIT,
        fields=(
            select("topics", texts.VOTE_FIELD_TOPICS, [(str(i), t[:75]) for i, t in topics], "multiselect"),
            FormField(
                name="closes",
                label=texts.VOTE_FIELD_CLOSES,
                max_length=40,
                initial=values.get("closes", ""),
                hint=texts.VOTE_FIELD_CLOSES_HINT,
                error=errors.get("closes", ""),
            ),
            select(
                "method",
                texts.VOTE_FIELD_METHOD,
                [("approval", texts.VOTE_METHOD_APPROVAL), ("ranked", texts.VOTE_METHOD_RANKED)],
            ),
            select(
                "results",
                texts.VOTE_FIELD_RESULTS,
                [("hidden", texts.VOTE_RESULTS_HIDDEN), ("live", texts.VOTE_RESULTS_LIVE)],
            ),
            select(
                "partners",
                texts.VOTE_FIELD_PARTNERS,
                [("no", texts.VOTE_PARTNERS_NO), ("yes", texts.VOTE_PARTNERS_INVITE)],
            ),
        ),
    )


@dataclass(frozen=True)
class VoteCard:
    """What a vote post shows.

    Attributes:
        vote_id: The vote.
        title: Its title.
        method: ``approval`` or ``ranked``.
        closes: When it closes, as shown.
        topics: The topics (id, title) in proposal order.
        voted: How many have voted.
        eligible: How many may vote.
        standings: (title, votes) when results are shown while it is open; None when hidden.
    """

    vote_id: int
    title: str
    method: str
    closes: str
    topics: Sequence[tuple[int, str]]
    voted: int
    eligible: int
    standings: Sequence[tuple[str, int]] | None = None


def vote_reply(card: VoteCard, *, lead: bool = False, visibility: Visibility = Visibility.ONLY_ACTOR) -> Reply:
    """A vote with its topics and the Vote button (practice leaders also get their buttons).

    Args:
        card: The vote.
        lead: Add "Who hasn't voted" and "Close now".
        visibility: Channel post or only the actor.

    Returns:
        The reply.
    """
    how = texts.VOTE_HOW_RANKED if card.method == "ranked" else texts.VOTE_HOW_APPROVAL
    blocks: list[Block] = [
        text(Bold(text=texts.VOTE_POST_HEADER.format(title=card.title))),
        text(how + " " + texts.VOTE_CLOSES.format(when=card.closes)),
        text("\n".join(f"{n}. {title}" for n, (_, title) in enumerate(card.topics, 1))),
    ]
    status = texts.VOTE_TURNOUT.format(voted=card.voted, eligible=card.eligible)
    if card.standings is None:
        blocks.append(text(f"{status} {texts.VOTE_HIDDEN}"))
    else:
        blocks.append(text(f"{status} {texts.VOTE_STANDINGS}"))
        blocks.append(FieldsBlock(items=tuple((title, str(votes)) for title, votes in card.standings)))
    value = str(card.vote_id)
    buttons = [Button(label=texts.SEMINAR_VOTE_BUTTON, action_id=ActionId.SEMINAR_BALLOT, value=value, style="primary")]
    if lead:
        buttons.append(Button(label=texts.VOTE_NONVOTERS_BUTTON, action_id=ActionId.SEMINAR_NONVOTERS, value=value))
        buttons.append(
            Button(label=texts.VOTE_CLOSE_BUTTON, action_id=ActionId.SEMINAR_CLOSE, value=value, style="danger")
        )
    blocks.append(ButtonsBlock(buttons=tuple(buttons)))
    return Reply(blocks=tuple(blocks), visibility=visibility)


def ballot_form(
    vote_id: int,
    method: str,
    topics: Sequence[tuple[int, str]],
    current: Sequence[int] = (),
    errors: Mapping[str, str] | None = None,
) -> FormBlock:
    """The ballot: a multiselect for approval, ordered choices for ranked choice; pre-filled.

    Args:
        vote_id: The vote.
        method: ``approval`` or ``ranked``.
        topics: The vote's topics (id, title).
        current: The person's current choices (topic ids; ranked: in order).
        errors: Inline errors by field.

    Returns:
        The form.
    """
    errors = errors or {}
    options = tuple(Option(label=title[:75], value=str(i)) for i, title in topics)
    if method == "ranked":
        fields = tuple(
            FormField(
                name=f"choice{n}",
                label=texts.VOTE_BALLOT_CHOICE.format(n=n),
                kind="select",
                required=n == 1,
                options=options,
                initial=str(current[n - 1]) if n <= len(current) else "",
                error=errors.get(f"choice{n}", ""),
            )
            for n in range(1, min(len(topics), MAX_RANKS) + 1)
        )
    else:
        fields = (
            FormField(
                name="topics",
                label=texts.VOTE_BALLOT_TOPICS,
                kind="multiselect",
                options=options,
                initial=",".join(str(i) for i in current),
                error=errors.get("topics", ""),
            ),
        )
    return FormBlock(
        form_id=FormId.SEMINAR_BALLOT,
        title=texts.VOTE_BALLOT_TITLE,
        submit_label=texts.VOTE_BALLOT_SUBMIT,
        context=str(vote_id),
        fields=fields,
    )


def vote_reminder(card: VoteCard, controls: ButtonsBlock) -> Reply:
    """The one direct-message reminder to someone who has not voted, 24 hours before the close."""
    vote = Button(
        label=texts.SEMINAR_VOTE_BUTTON, action_id=ActionId.SEMINAR_BALLOT, value=str(card.vote_id), style="primary"
    )
    return Reply(
        blocks=(
            text(Bold(text=texts.VOTE_REMINDER.format(title=card.title, when=card.closes))),
            ButtonsBlock(buttons=(vote,)),
            controls,
        )
    )


# --- results -----------------------------------------------------------------------------------


def _round_lines(result: VoteResult, titles: Mapping[int, str]) -> list[str]:
    lines: list[str] = []
    for n, rnd in enumerate(result.rounds, 1):
        counts = ", ".join(f"{titles.get(i, '?')} {c}" for i, c in rnd.counts)
        if rnd.exhausted:
            counts += "; " + texts.RESULT_EXHAUSTED.format(count=rnd.exhausted)
        lines.append(texts.RESULT_ROUND.format(n=n, counts=counts))
        if rnd.eliminated is None:
            continue
        name = titles.get(rnd.eliminated, "?")
        if rnd.tie_break == "earlier_round":
            lines.append(texts.RESULT_TIE_EARLIER.format(titles=_titles(list(rnd.tied), titles), title=name))
        elif rnd.tie_break == "proposal_order":
            lines.append(texts.RESULT_TIE_ORDER.format(titles=_titles(list(rnd.tied), titles), title=name))
        else:
            lines.append(texts.RESULT_ELIMINATED.format(title=name))
    if result.rounds and result.order:
        last = dict(result.rounds[-1].counts)
        winner = result.order[0]
        total = sum(last.values())
        lines.append(
            texts.RESULT_WINNER.format(
                title=titles.get(winner, "?"), votes=last.get(winner, 0), total=total, n=len(result.rounds)
            )
        )
    return lines


def result_blocks(result: VoteResult, title: str, titles: Mapping[int, str]) -> list[Block]:
    """A closed vote's result: turnout, the order of the topics, how ties were broken, the programme.

    Args:
        result: The vote's result.
        title: The vote's title.
        titles: Topic titles by id.

    Returns:
        The blocks.
    """
    blocks: list[Block] = [
        text(Bold(text=texts.RESULT_HEADER.format(title=title))),
        text(texts.RESULT_TURNOUT.format(voted=result.ballots, eligible=result.eligible)),
    ]
    order = list(result.order)
    if not order:
        blocks.append(text(texts.RESULT_NO_BALLOTS))
        return blocks
    if result.method == "ranked":
        blocks.append(text(texts.RESULT_ORDER))
        blocks.append(text("\n".join(f"{n}. {titles.get(i, '?')}" for n, i in enumerate(order, 1))))
        explanation = _round_lines(result, titles)
        if len(order) > 1:
            explanation.append(texts.RESULT_LATER_PLACES)
        blocks.append(text("\n".join(explanation)))
    else:
        totals = dict(result.totals)

        def ticks(n: int) -> str:
            return texts.RESULT_TICKS.format(votes=n)

        blocks.append(text(texts.RESULT_ORDER))
        lines = [f"{n}. {titles.get(i, '?')} — {ticks(totals.get(i, 0))}" for n, i in enumerate(order, 1)]
        blocks.append(text("\n".join(lines)))
        ties = [
            texts.RESULT_TIE_APPROVAL.format(titles=_titles(list(tie), titles), votes=totals.get(tie[0], 0))
            for tie in result.ties
        ]
        if ties:
            blocks.append(text("\n".join(ties)))
    if result.programme:
        blocks.append(text(texts.RESULT_PROGRAMME))
        blocks.append(text("\n".join(f"{when} — {topic}" for when, topic in result.programme)))
    notes = []
    if result.not_fitted:
        notes.append(texts.RESULT_NOT_FITTED.format(count=result.not_fitted))
    if result.default_rule:
        notes.append(texts.RESULT_DEFAULT_RULE.format(locality=result.locality, rule=result.default_rule))
    if notes:
        blocks.append(text("\n".join(notes)))
    return blocks


# --- events ------------------------------------------------------------------------------------

BRING_A_CASE_KINDS = frozenset({"group_supervision", "case_mapping"})


@dataclass(frozen=True)
class EventCard:
    """What an event post shows.

    Attributes:
        event_id: The event.
        kind: ``seminar``, ``group_supervision``…
        title: Its title (user text).
        when: When, as shown.
        place: Where (user text).
        link: A joining link the organiser gave.
        audience: ``team``, ``locality`` or ``partners``.
        capacity: Places, if limited.
        counts: Answers so far (going, maybe, cant).
        calendar_url: Where its ``.ics`` file is.
    """

    event_id: int
    kind: str
    title: str
    when: str
    place: str = ""
    link: str = ""
    audience: str = ""
    capacity: int | None = None
    counts: Mapping[str, int] | None = None
    calendar_url: str = ""


def counts_line(counts: Mapping[str, int], capacity: int | None) -> str:
    """``Going 3 · Maybe 1 · Can't 0 · 2 of 5 places left``."""
    line = texts.EVENT_COUNTS.format(
        going=counts.get("going", 0), maybe=counts.get("maybe", 0), cant=counts.get("cant", 0)
    )
    if capacity:
        line += texts.EVENT_PLACES_LEFT.format(left=max(0, capacity - counts.get("going", 0)), capacity=capacity)
    return line


def rsvp_buttons(event_id: int, extra: Sequence[Button] = ()) -> ButtonsBlock:
    """Going / Maybe / Can't (and any extra buttons)."""
    answers = tuple(
        Button(
            label=label,
            action_id=ActionId.EVENT_RSVP,
            value=f"{event_id}:{answer}",
            style="primary" if n == 0 else "default",
        )
        for n, (answer, label) in enumerate(texts.EVENT_ANSWERS.items())
    )
    return ButtonsBlock(buttons=answers + tuple(extra))


def event_blocks(card: EventCard, extra: Sequence[Button] = ()) -> list[Block]:
    """An event: kind and title, when, where, who for, counts, the calendar link, RSVP buttons."""
    kind = texts.EVENT_KINDS.get(card.kind, texts.EVENT_KINDS["other"])
    details = [texts.EVENT_POST_WHEN.format(when=card.when)]
    if card.place:
        details.append(texts.EVENT_POST_WHERE + card.place)
    if card.audience in texts.EVENT_AUDIENCES:
        details.append(texts.EVENT_POST_FOR.format(audience=texts.EVENT_AUDIENCES[card.audience]))
    details.append(counts_line(card.counts or {}, card.capacity))
    blocks: list[Block] = [
        text(Bold(text=texts.EVENT_POST_HEADER.format(kind=kind)), card.title),
        text("\n".join(details)),
    ]
    links: list[str | Link] = []
    if card.link.startswith(("https://", "http://")):
        links.append(Link(url=card.link, label=texts.EVENT_JOIN_ONLINE))
    if card.calendar_url:
        if links:
            links.append(" · ")
        links.append(Link(url=card.calendar_url, label=texts.EVENT_ADD_TO_CALENDAR))
    if links:
        blocks.append(text(*links))
    if card.kind in BRING_A_CASE_KINDS:
        blocks.append(text(texts.EVENT_BRING_A_CASE))
    blocks.append(rsvp_buttons(card.event_id, extra))
    return blocks


def event_post(card: EventCard) -> Reply:
    """The channel post announcing an event."""
    return Reply(blocks=tuple(event_blocks(card)), visibility=Visibility.CHANNEL)
