"""Intranet publishing: approved stories become published; unpublishing takes them down everywhere.

Only a story a practice leader approved, and that the identifier guard finds nothing in, is
published. The feed and the static export read the publications table, so a take-down removes the
story from both at once; the optional webhook is told through the outbox.
"""

from __future__ import annotations

from datetime import datetime

from bot import keys, texts
from bot.constants import StoryStatus
from bot.domain.access import Scope
from bot.domain.feed import PublishedStory
from bot.errors import NotAllowed, UserError
from bot.privacy import GuardRules, scan
from bot.replies import OutgoingMessage, Target, say
from bot.services.guard_rules import load_guard_rules
from bot.store.models import Organisation, PracticeStory
from bot.store.models_web import Publication
from bot.store.uow import UnitOfWork

WEBHOOK_PLATFORM = "webhook"


def story_parts(story: PracticeStory) -> tuple[str, ...]:
    """Every free-text field of a story that the intranet would show."""
    return (story.title, story.situation, story.what_we_did, story.difference, *(story.tools or ()))


def guard_findings(story: PracticeStory, rules: GuardRules) -> int:
    """How many identifying details the identifier guard finds in a story, of either tier.

    The intranet is public, so a story is published only when the guard finds nothing at all:
    a ``check`` its author confirmed for the team channel is not enough for the county's pages.
    """
    return sum(len(scan(part, rules)) for part in story_parts(story) if part.strip())


def webhook_message(story: PracticeStory, publication: Publication, action: str) -> OutgoingMessage:
    """The outbox row that tells the intranet's webhook about a publication or a take-down."""
    note = texts.WEBHOOK_NOTE_PUBLISH if action == "publish" else texts.WEBHOOK_NOTE_UNPUBLISH
    return OutgoingMessage(
        target=Target(platform=WEBHOOK_PLATFORM, kind="channel", address=str(publication.id)),
        reply=say(note.format(id=story.id)),
        idempotency_key=keys.webhook_story(story.id, action, publication.id),
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
    if story.status != StoryStatus.APPROVED:
        raise UserError(texts.PUBLISH_NOT_APPROVED.format(status=story.status))
    if guard_findings(story, await load_guard_rules(uow, org)):
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
    if story.status != StoryStatus.PUBLISHED or publication is None:
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
    """Every story on the intranet now, as the intranet sees it, newest first.

    Each is scanned again as it is read, so a story published under older rules that the guard now
    flags is withheld from the feed, the pages and the export until someone edits it.
    """
    rules = await load_guard_rules(uow, org)
    rows = [(s, p) for s, p in await uow.web.publications.published(org.id) if not guard_findings(s, rules)]
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
