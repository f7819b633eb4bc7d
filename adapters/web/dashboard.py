"""The practice dashboard: overview, celebrations, the good-practice library and its approval queue.

Staff see their own activity, practice leaders their team and locality, the county roles
everything (:mod:`bot.domain.access`). Approve, decline and nominate are chat actions sent through
the one handler (:mod:`adapters.web.dispatch`); publish and unpublish use
:mod:`bot.services.publishing`.
"""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from adapters.web import dispatch
from adapters.web.auth import Viewer, posted_form, set_flash, signed_in
from adapters.web.responses import page, redirect
from adapters.web.state import WEB_KEY, WebState
from bot import texts
from bot.errors import UserError
from bot.ids import ActionId, row_id
from bot.intents import gathering
from bot.services import publishing
from bot.store.models import PracticeStory
from bot.store.uow import UnitOfWork

RECENT = timedelta(weeks=4)


async def _names_and_teams(uow: UnitOfWork, person_ids: set[int]) -> tuple[dict[int, str], dict[int, str]]:
    names = await uow.web.activity.names(person_ids)
    teams = {t.id: t.name for t in await uow.orgs.teams()}
    return names, teams


@signed_in
async def overview(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """Counts for the last four weeks and where to go next."""
    state = request.app[WEB_KEY]
    since = state.clock.now() - RECENT
    async with state.uow_factory() as uow:
        activity = uow.web.activity
        celebrations = await activity.celebrations(viewer.org.id, viewer.scope, since=since, limit=1000)
        stories = await activity.stories(viewer.org.id, viewer.scope)
        queue = await activity.queue(viewer.org.id, viewer.scope)
    figures = [
        (texts.WEB_FIGURE_CELEBRATIONS, len(celebrations)),
        (texts.WEB_FIGURE_STORIES, sum(1 for s in stories if s.created_at >= since)),
        (texts.WEB_FIGURE_QUEUE, len(queue)),
        (texts.WEB_FIGURE_PUBLISHED, sum(1 for s in stories if s.status == "published")),
    ]
    return page(request, "dashboard/overview.html", viewer=viewer, figures=figures, section="overview")


@signed_in
async def celebrations_page(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """Celebrations the viewer may see, newest first, each with a nominate button."""
    state = request.app[WEB_KEY]
    async with state.uow_factory() as uow:
        celebrations = await uow.web.activity.celebrations(viewer.org.id, viewer.scope)
        people = {c.author_id for c in celebrations if c.author_id} | {
            r.person_id for c in celebrations for r in c.recipients
        }
        names, teams = await _names_and_teams(uow, people)
        nominated = await uow.web.nominations.mine(viewer.person.id)
        led = set(await uow.people.teams_led_by(viewer.person.id))
    removable = {
        c.id for c in celebrations if c.author_id == viewer.person.id or viewer.scope.is_county or c.team_id in led
    }
    return page(
        request,
        "dashboard/celebrations.html",
        viewer=viewer,
        celebrations=celebrations,
        names=names,
        teams=teams,
        nominated=nominated,
        removable=removable,
        section="celebrations",
    )


@signed_in
async def remove_celebration(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """Remove a celebration from its channel: its author, a practice leader of its team or a county role
    (the chat action ``celebration.withdraw``, which checks who may)."""
    state = request.app[WEB_KEY]
    await posted_form(request, viewer)
    raw = request.match_info["celebration_id"]
    if row_id(raw) is None:
        raise web.HTTPNotFound
    message = await dispatch.click(state, viewer.person, ActionId.CELEBRATION_WITHDRAW, raw)
    await set_flash(request, viewer, message)
    return redirect("/dashboard/celebrations")


@signed_in
async def stories_page(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """The approval queue, the library of approved and published stories, and the viewer's own."""
    state = request.app[WEB_KEY]
    async with state.uow_factory() as uow:
        activity = uow.web.activity
        queue = await activity.queue(viewer.org.id, viewer.scope)
        library = await activity.stories(viewer.org.id, viewer.scope, ("approved", "published"))
        mine = await uow.stories.by_author(viewer.person.id, limit=50)
        everyone = [*queue, *library, *mine]
        names, teams = await _names_and_teams(uow, {s.author_id for s in everyone if s.author_id})
        nominated = await uow.web.nominations.mine(viewer.person.id)
    return page(
        request,
        "dashboard/stories.html",
        viewer=viewer,
        queue=queue,
        library=library,
        mine=mine,
        names=names,
        teams=teams,
        nominated=nominated,
        may_publish=lambda story: viewer.scope.may_publish(story.team_id),
        sections=_sections,
        section="stories",
    )


def _sections(story: PracticeStory) -> list[tuple[str, str]]:
    items = [
        (texts.STORY_SECTION_SITUATION, story.situation),
        (texts.STORY_SECTION_DID, story.what_we_did),
        (texts.STORY_SECTION_DIFFERENCE, story.difference),
    ]
    if story.tools:
        items.append((texts.STORY_SECTION_TOOLS, ", ".join(story.tools)))
    return items


def _story_id(request: web.Request) -> int:
    found = row_id(request.match_info["story_id"])
    if found is None:
        raise web.HTTPNotFound
    return found


@signed_in
async def story_action(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """Approve, decline, publish or take down a story, then go back to the library."""
    state = request.app[WEB_KEY]
    form = await posted_form(request, viewer)
    story_id, action = _story_id(request), request.match_info["action"]
    if action == "approve":
        message = await dispatch.click(state, viewer.person, "story.approve", str(story_id))
    elif action == "decline":
        reason = form.get("reason", "").strip()
        message = (
            await dispatch.submit(state, viewer.person, "story.decline", {"reason": reason}, str(story_id))
            if reason
            else texts.WEB_DECLINE_NEEDS_REASON
        )
    elif action == "withdraw":
        message = await dispatch.click(state, viewer.person, ActionId.STORY_WITHDRAW, str(story_id))
    elif action in {"publish", "unpublish"}:
        message = await _publish(state, viewer, story_id, action)
        if state.webhook:
            await state.deliverer.deliver_due()
    else:
        raise web.HTTPNotFound
    await set_flash(request, viewer, message)
    return redirect(f"/dashboard/stories#story-{story_id}")


async def _publish(state: WebState, viewer: Viewer, story_id: int, action: str) -> str:
    operation = publishing.publish if action == "publish" else publishing.unpublish
    async with state.uow_factory() as uow:
        try:
            message = await operation(uow, viewer.org, viewer.scope, story_id, state.clock.now(), webhook=state.webhook)
        except UserError as error:
            return str(error)
        await uow.commit()
    return message


@signed_in
async def nominate(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """Nominate a celebration or a story for the gathering."""
    state = request.app[WEB_KEY]
    form = await posted_form(request, viewer)
    kind, object_id = form.get("kind", ""), form.get("id", "")
    if kind not in NOMINATION_KINDS or row_id(object_id) is None:
        raise web.HTTPBadRequest(text="Unknown nomination.")
    message = await dispatch.click(state, viewer.person, gathering.ACTION_ID, f"{kind}:{object_id}")
    await set_flash(request, viewer, message)
    back = "/dashboard/celebrations" if kind == "celebration" else "/dashboard/stories"
    return redirect(f"{back}#{kind}-{object_id}")


NOMINATION_KINDS = frozenset({"celebration", "story"})


def add_routes(app: web.Application) -> None:
    """Mount the dashboard's main pages."""
    app.router.add_get("/dashboard", overview)
    app.router.add_get("/dashboard/celebrations", celebrations_page)
    app.router.add_get("/dashboard/stories", stories_page)
    app.router.add_post("/dashboard/stories/{story_id}/{action}", story_action)
    app.router.add_post("/dashboard/nominate", nominate)
    app.router.add_post("/dashboard/celebrations/{celebration_id}/remove", remove_celebration)
