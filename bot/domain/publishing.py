"""Intranet publishing: approved stories become published; unpublishing takes them down everywhere.

Only a story a practice leader approved, and that the identifier guard finds nothing in, is
published. The feed and the static export read the publications table, so a take-down removes the
story from both at once; the optional webhook is told through the outbox.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot import texts
from bot.domain.access import Scope
from bot.domain.feed import PublishedStory
from bot.errors import NotAllowed, UserError
from bot.replies import OutgoingMessage, Target, say
from bot.store.models import Organisation, PracticeStory
from bot.store.models_web import Publication
from bot.store.uow import UnitOfWork

WEBHOOK_PLATFORM = "webhook"
Scanner = Callable[[str, Any], Sequence[object]]


def _guard() -> tuple[Scanner, Callable[..., Any]] | None:
    """The identifier guard's ``scan`` and its rules type, once ``bot.privacy`` exists."""
    try:
        privacy = importlib.import_module("bot.privacy")
    except ImportError:
        return None
    scan, rules = getattr(privacy, "scan", None), getattr(privacy, "GuardRules", None)
    return (scan, rules) if callable(scan) and callable(rules) else None


def guard_findings(story: PracticeStory, org: Organisation) -> int:
    """How many identifying details the identifier guard finds in a story (0 without a guard)."""
    guard = _guard()
    if guard is None:
        return 0
    scan, rules_type = guard
    configured = org.guard_rules or {}
    patterns = configured.get("extra_patterns") or {}
    rules = rules_type(
        extra_patterns=tuple((str(k), str(v)) for k, v in dict(patterns).items()),
        allowed_words=frozenset(str(w) for w in configured.get("allowed_words") or ()),
    )
    parts = (story.title, story.situation, story.what_we_did, story.difference)
    return sum(len(scan(part, rules)) for part in parts)


def webhook_message(story: PracticeStory, publication: Publication, action: str) -> OutgoingMessage:
    """The outbox row that tells the intranet's webhook about a publication or a take-down."""
    note = texts.WEBHOOK_NOTE_PUBLISH if action == "publish" else texts.WEBHOOK_NOTE_UNPUBLISH
    return OutgoingMessage(
        target=Target(platform=WEBHOOK_PLATFORM, kind="channel", address=str(publication.id)),
        reply=say(note.format(id=story.id)),
        idempotency_key=f"webhook:story:{story.id}:{action}:{publication.id}",
        purpose=f"intranet-{action}",
    )


async def _story_for(uow: UnitOfWork, org: Organisation, scope: Scope, story_id: int) -> PracticeStory:
    story = await uow.stories.get(story_id)
    if story is None or story.organisation_id != org.id:
        raise UserError(texts.STORY_NOT_FOUND)
    if not scope.may_publish(story.team_id):
        raise NotAllowed(texts.PUBLISH_NOT_ALLOWED)
    return story


async def publish(
    uow: UnitOfWork, org: Organisation, scope: Scope, story_id: int, now: datetime, *, webhook: bool
) -> str:
    """Publish an approved story; returns the confirmation to show.

    Raises:
        UserError: the story is missing, not approved, or the identifier guard found something.
        NotAllowed: the person is not a PL of the story's locality nor a county lead.
    """
    story = await _story_for(uow, org, scope, story_id)
    if story.status != "approved":
        raise UserError(texts.PUBLISH_NOT_APPROVED.format(status=story.status))
    if guard_findings(story, org):
        raise UserError(texts.PUBLISH_GUARD)
    publication = await uow.web.publications.add(story.id, scope.person_id, now)
    story.status, story.published_at, story.updated_at = "published", now, now
    await uow.audit.record(
        at=now, actor_id=scope.person_id, action="story.published", object_type="story", object_id=story.id
    )
    if webhook:
        await uow.outbox.enqueue(webhook_message(story, publication, "publish"), due_at=now, now=now)
    return texts.PUBLISH_DONE.format(title=story.title)


async def unpublish(
    uow: UnitOfWork, org: Organisation, scope: Scope, story_id: int, now: datetime, *, webhook: bool
) -> str:
    """Take a published story down from the feed, the export and the webhook; it stays approved."""
    story = await _story_for(uow, org, scope, story_id)
    publication = await uow.web.publications.active(story.id)
    if story.status != "published" or publication is None:
        raise UserError(texts.PUBLISH_NOT_PUBLISHED)
    publication.unpublished_at, publication.unpublished_by_id = now, scope.person_id
    story.status, story.published_at, story.updated_at = "approved", None, now
    await uow.audit.record(
        at=now, actor_id=scope.person_id, action="story.unpublished", object_type="story", object_id=story.id
    )
    if webhook:
        await uow.outbox.enqueue(webhook_message(story, publication, "unpublish"), due_at=now, now=now)
    return texts.UNPUBLISH_DONE.format(title=story.title)


async def published_stories(uow: UnitOfWork, org: Organisation) -> list[PublishedStory]:
    """Every story on the intranet now, as the intranet sees it, newest first."""
    rows = await uow.web.publications.published(org.id)
    names = await uow.web.activity.names({s.author_id for s, _ in rows if s.author_id})
    teams = {t.id: t.name for t in await uow.orgs.teams()}
    return [
        PublishedStory(
            id=story.id,
            title=story.title,
            situation=story.situation,
            what_we_did=story.what_we_did,
            difference=story.difference,
            tools=tuple(story.tools or ()),
            team=teams.get(story.team_id or 0, ""),
            author=names.get(story.author_id or 0, ""),
            published_at=publication.published_at,
            updated_at=story.updated_at,
        )
        for story, publication in rows
    ]
