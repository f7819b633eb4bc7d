"""Idempotency keys: built and parsed back in one place.

An outbox row's or a nudge's key makes a send happen at most once; some keys are read back later
(a deleted Slack message finds the celebration it carried through its post's key).
"""

from __future__ import annotations

from datetime import date, datetime

CELEBRATION_PREFIX = "celebration:"


def celebration(celebration_id: int) -> str:
    """The key of a celebration's channel post: ``celebration:<id>``."""
    return f"{CELEBRATION_PREFIX}{celebration_id}"


def celebration_id(key: str) -> int | None:
    """The celebration id in a :func:`celebration` key; None for any other key."""
    if not key.startswith(CELEBRATION_PREFIX):
        return None
    rest = key.removeprefix(CELEBRATION_PREFIX).split(":", 1)[0]
    return int(rest) if rest.isdigit() else None


def digest(platform: str, channel_id: str, week: str) -> str:
    """The key of a channel's weekly digest: ``digest:<platform>:<channel>:<iso-week>``."""
    return f"digest:{platform}:{channel_id}:{week}"


def meeting_nudge(kind: str, meeting_id: int, day: str) -> str:
    """The key of a meeting's prompt or reminder: ``<kind>:<meeting>:<date>`` (``agenda-prompt:3:2026-12-07``)."""
    return f"{kind}:{meeting_id}:{day}"


def per_target(key: str, platform: str, address: str) -> str:
    """A post's key for one of several channels it goes to: ``<key>:<platform>:<address>``."""
    return f"{key}:{platform}:{address}"


# --- stories, ideas, publishing -------------------------------------------------------------------


STORY_PREFIX = "story:"


def story_id(key: str) -> int | None:
    """The story id in a story post's key (``story:<id>:shared``, any version); None for another key."""
    if not key.startswith(STORY_PREFIX):
        return None
    rest = key.removeprefix(STORY_PREFIX).split(":", 1)[0]
    return int(rest) if rest.isdigit() else None


def story_shared(story_id: int) -> str:
    """A story's post in the channel it was shared in."""
    return f"story:{story_id}:shared"


def story_review(story_id: int, submitted_at: datetime, reviewer_id: int) -> str:
    """A reviewer's approve/decline message for one submission of a story (a resubmission is new)."""
    return f"story:{story_id}:review:{submitted_at.isoformat()}:{reviewer_id}"


def story_approved(story_id: int) -> str:
    """The author's note that their story was approved."""
    return f"story:{story_id}:approved"


def story_declined(story_id: int, decided_at: datetime) -> str:
    """The author's note that their story was declined (each decision once)."""
    return f"story:{story_id}:declined:{decided_at.isoformat()}"


def idea(idea_id: int, manager_id: int) -> str:
    """An idea's message to one project manager."""
    return f"idea:{idea_id}:{manager_id}"


def idea_status(idea_id: int, status: str) -> str:
    """The sender's note that their idea moved to ``status`` (each status once)."""
    return f"idea:{idea_id}:status:{status}"


def idea_shared(idea_id: int) -> str:
    """An idea shared with every practice leader (per channel through :func:`per_target`)."""
    return f"idea:{idea_id}:shared"


def webhook_story(story_id: int, action: str, publication_id: int) -> str:
    """The intranet webhook's call for a story published or taken down."""
    return f"webhook:story:{story_id}:{action}:{publication_id}"


def retraction(platform: str, message_id: str) -> str:
    """The retraction of a posted message (erasure)."""
    return f"retract:{platform}:{message_id}"


# --- meetings, pulse, review ------------------------------------------------------------------------


def agenda_item(occurrence_id: int, item_digest: str, platform: str, channel_id: str) -> str:
    """A meeting's Signs of Safety item posted in one channel (a changed item is a new post)."""
    return f"agenda-item:{occurrence_id}:{item_digest}:{platform}:{channel_id}"


def pulse(person_id: int, month: str) -> str:
    """A practice leader's monthly pulse question."""
    return f"pulse:{person_id}:{month}"


def review(locality_id: int, period: tuple[date, date], platform: str, channel_id: str, now: datetime) -> str:
    """A locality review of ``period`` (first and last day) posted to one channel (each time someone posts it)."""
    start, end = period
    return f"review:{locality_id}:{start}:{end}:{platform}:{channel_id}:{now:%Y%m%d%H%M}"


# --- seminars, events, case maps --------------------------------------------------------------------


def seminar_topic(topic_id: int) -> str:
    """A proposed topic's announcement (per channel through :func:`per_target`)."""
    return f"seminar-topic:{topic_id}"


def vote_opened(vote_id: int) -> str:
    """A vote's announcement (per channel through :func:`per_target`)."""
    return f"seminar-vote:{vote_id}:opened"


def vote_result(vote_id: int, platform: str, address: str) -> str:
    """A closed vote's result in one channel."""
    return f"seminar-vote:{vote_id}:result:{platform}:{address}"


def event_announced(event_id: int) -> str:
    """An event's announcement (per channel through :func:`per_target`)."""
    return f"event:{event_id}:announced"


def event_cancelled(event_id: int, person_id: int) -> str:
    """An event's cancellation notice to one person who was going."""
    return f"event:{event_id}:cancelled:{person_id}"


def event_reminder(event_id: int, minutes: int, platform: str, channel_id: str) -> str:
    """An event's reminder ``minutes`` before it, in one channel."""
    return f"event-reminder:{event_id}:{minutes}:{platform}:{channel_id}"


def case_map_opened(map_id: int) -> str:
    """A case map's opening post (per channel through :func:`per_target`)."""
    return f"map:{map_id}:opened"


def case_map_export(map_id: int) -> str:
    """A finished case map sent to the person who finished it."""
    return f"map:{map_id}:export"


# --- edits and withdrawals of posts -------------------------------------------------------------------


def celebration_edited(celebration_id: int, version: int) -> str:
    """Version ``version`` (2, 3, …) of a celebration's channel post, after an edit (the earlier one is retracted)."""
    return f"{celebration(celebration_id)}:v{version}"


def story_shared_edited(story_id: int, version: int) -> str:
    """Version ``version`` (2, 3, …) of a story's channel post, after an edit (the earlier one is retracted)."""
    return f"{story_shared(story_id)}:v{version}"


# --- answered messages: updates of earlier posts (issue 14) -------------------------------------------


def answered(key: str, version: str) -> str:
    """An update of the post with ``key`` once it is answered (``version``: what the answer was)."""
    return f"{key}:answered:{version}"


def vote_count(vote_id: int, platform: str, address: str, slot: int) -> str:
    """A vote post's turnout update in one channel, one per vote and channel per time slot (coalescing)."""
    return f"seminar-vote:{vote_id}:count:{platform}:{address}:{slot}"


def vote_closed_post(vote_id: int, platform: str, address: str) -> str:
    """A vote post in one channel updated to say the vote has closed (its button gone)."""
    return f"seminar-vote:{vote_id}:closed-post:{platform}:{address}"


def vote_reminder(vote_id: int, person_id: int) -> str:
    """A person's reminder to vote (the same format as ``scheduler.seminar_jobs.reminder_key``)."""
    return f"vote-reminder:{vote_id}:{person_id}"


# --- the PL space: the weekly PL digest, "how we've fared" (issue 18) ---------------------------------


def pl_digest(platform: str, channel_id: str, week: str) -> str:
    """The weekly PL digest in the county PL group's channel: ``pl-digest:<platform>:<channel>:<iso-week>``."""
    return f"pl-digest:{platform}:{channel_id}:{week}"


def fared_prompt(occurrence_id: int, locality_id: int) -> str:
    """A locality's "how we've fared" question (to one of its PLs) before a County PL meeting occurrence."""
    return f"fared-prompt:{occurrence_id}:{locality_id}"


def fared_summary(occurrence_id: int, platform: str, channel_id: str) -> str:
    """The "how we've fared" summary of a County PL meeting occurrence in one PL channel."""
    return f"fared-summary:{occurrence_id}:{platform}:{channel_id}"


# --- the trainer pathway (issue 18) ---------------------------------------------------------------------


def pathway_request(milestone_id: int, recorded_at: datetime, confirmer_id: int) -> str:
    """A trainer pathway step's request for confirmation to one county role (a step recorded again asks again)."""
    return f"pathway:{milestone_id}:request:{recorded_at.isoformat()}:{confirmer_id}"


def pathway_confirmed(milestone_id: int) -> str:
    """The person's note that their trainer pathway step was confirmed (once)."""
    return f"pathway:{milestone_id}:confirmed"
