"""The annual gathering: the county's list of nominations and a printable booklet of them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web

from adapters.web.auth import Viewer, signed_in
from adapters.web.responses import message_page, page
from adapters.web.state import WEB_KEY
from bot import texts
from bot.intents.gathering import READY_STATUSES
from bot.store.models import Celebration, PracticeStory
from bot.store.uow import UnitOfWork


@dataclass
class Nominee:
    """A nominated celebration or story, with who nominated it."""

    kind: str
    object_id: int
    celebration: Celebration | None = None
    story: PracticeStory | None = None
    nominator_ids: list[int] = field(default_factory=list)
    nominators: list[str] = field(default_factory=list)
    team: str = ""


@dataclass
class Gathering:
    """Everything the county page and the booklet show."""

    nominees: list[Nominee]
    names: dict[int, str]
    counts: Counter[str]


async def _attach(uow: UnitOfWork, nominee: Nominee) -> set[int] | None:
    """Load what was nominated (a story only while approved); the people it names, or None when gone."""
    if nominee.kind == "celebration":
        celebration = await uow.celebrations.get(nominee.object_id)
        if celebration is None:
            return None
        nominee.celebration = celebration
        named = {r.person_id for r in celebration.recipients}
        if celebration.author_id:
            named.add(celebration.author_id)
        return named
    story = await uow.stories.get(nominee.object_id)
    if story is None or story.status not in READY_STATUSES:
        return None
    nominee.story = story
    return {story.author_id} if story.author_id else set()


async def load_gathering(uow: UnitOfWork, organisation_id: int) -> Gathering:
    """Nominations grouped by what was nominated, most nominated first."""
    grouped: dict[tuple[str, int], Nominee] = {}
    for nomination in await uow.web.nominations.listing(organisation_id):
        nominee = grouped.setdefault(
            (nomination.object_type, nomination.object_id), Nominee(nomination.object_type, nomination.object_id)
        )
        if nomination.nominated_by_id is not None:
            nominee.nominator_ids.append(nomination.nominated_by_id)
    teams = {t.id: t.name for t in await uow.orgs.teams()}
    people: set[int] = set()
    kept: list[Nominee] = []
    for nominee in grouped.values():
        named = await _attach(uow, nominee)
        if named is None:
            continue
        found = nominee.story or nominee.celebration
        nominee.team = teams.get(found.team_id or 0, "") if found else ""
        people |= named | set(nominee.nominator_ids)
        kept.append(nominee)
    names = await uow.web.activity.names(people)
    for nominee in kept:
        nominee.nominators = [names.get(i, "") for i in nominee.nominator_ids]
    kept.sort(key=lambda n: (-len(n.nominator_ids), n.kind, n.object_id))
    return Gathering(kept, names, Counter(n.kind for n in kept))


@signed_in
async def gathering_page(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """The county's page of nominations."""
    if not viewer.scope.is_county:
        return message_page(request, texts.WEB_NOT_YOURS_TITLE, texts.WEB_GATHERING_COUNTY_ONLY, status=403)
    state = request.app[WEB_KEY]
    async with state.uow_factory() as uow:
        data = await load_gathering(uow, viewer.org.id)
    return page(request, "dashboard/gathering.html", viewer=viewer, data=data, section="gathering")


@signed_in
async def booklet(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """The nominations as a printable HTML booklet."""
    if not viewer.scope.is_county:
        return message_page(request, texts.WEB_NOT_YOURS_TITLE, texts.WEB_GATHERING_COUNTY_ONLY, status=403)
    state = request.app[WEB_KEY]
    async with state.uow_factory() as uow:
        data = await load_gathering(uow, viewer.org.id)
    return page(request, "booklet.html", viewer=viewer, data=data, organisation=viewer.org.name)


def add_routes(app: web.Application) -> None:
    """Mount the gathering pages."""
    app.router.add_get("/dashboard/gathering", gathering_page)
    app.router.add_get("/dashboard/gathering/booklet", booklet)
