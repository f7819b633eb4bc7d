"""The dashboard's ideas page: every idea sent with ``/idea``, and where each one is.

The county roles see it; the project manager moves an idea on (thanked, shared with all practice
leaders, in progress, done) with one button, which is a chat action through the one handler
(:mod:`bot.intents.idea_status`), so the sender's note and the locality posts go through the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from aiohttp import web

from adapters.web import dispatch
from adapters.web.auth import Viewer, posted_form, set_flash, signed_in
from adapters.web.responses import page, redirect
from adapters.web.state import WEB_KEY
from bot import texts
from bot.constants import IdeaStatus, Role
from bot.i18n import formats
from bot.ids import ActionId, row_id
from bot.intents.idea_status import status_value

MOVES = (IdeaStatus.THANKED, IdeaStatus.SHARED, IdeaStatus.IN_PROGRESS, IdeaStatus.DONE)


@dataclass(frozen=True, slots=True)
class IdeaRow:
    """One idea as the page lists it (its text is user text: the template escapes it)."""

    id: int
    sent_on: str
    author: str
    text: str
    status: str
    status_label: str


@signed_in
async def ideas_page(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """``/dashboard/ideas``: the county roles' list; anyone else is told it is for the project team."""
    state = request.app[WEB_KEY]
    if not viewer.scope.is_county:
        return page(request, "dashboard/ideas.html", viewer=viewer, section="ideas", rows=None, can_move=False)
    zone = ZoneInfo(state.timezone)
    async with state.uow_factory() as uow:
        ideas = await uow.ideas.newest(viewer.org.id)
        names = {p.id: p.display_name for p in await uow.people.all(viewer.org.id)}
    rows = [
        IdeaRow(
            id=idea.id,
            sent_on=formats.day_month_year(idea.created_at.astimezone(zone)),
            author=names.get(idea.author_id or 0) or texts.IDEA_FROM_SOMEONE,
            text=idea.text,
            status=idea.status,
            status_label=texts.IDEA_STATUS_LABELS.get(idea.status, idea.status),
        )
        for idea in ideas
    ]
    can_move = Role.PROJECT_MANAGER in {r.role for r in viewer.person.roles}
    moves = [(status, texts.IDEA_STATUS_LABELS[status]) for status in MOVES]
    return page(
        request, "dashboard/ideas.html", viewer=viewer, section="ideas", rows=rows, can_move=can_move, moves=moves
    )


@signed_in
async def move_idea(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """``POST /dashboard/ideas/{id}/{status}``: move an idea on (the handler checks the role)."""
    state = request.app[WEB_KEY]
    await posted_form(request, viewer)
    raw_id, raw_status = request.match_info["idea_id"], request.match_info["status"]
    if row_id(raw_id) is None or raw_status not in set(MOVES):
        raise web.HTTPBadRequest(text="Unknown idea or status.")
    message = await dispatch.click(
        state, viewer.person, ActionId.IDEA_STATUS, status_value(int(raw_id), IdeaStatus(raw_status))
    )
    await set_flash(request, viewer, message)
    return redirect(f"/dashboard/ideas#idea-{raw_id}")


def add_routes(app: web.Application) -> None:
    """Mount the ideas page and its one action."""
    app.router.add_get("/dashboard/ideas", ideas_page)
    app.router.add_post("/dashboard/ideas/{idea_id}/{status}", move_idea)
