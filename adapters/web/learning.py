"""``/dashboard/learning``: the signed-in person's own learning record, and groups' totals without names.

Everyone sees their own record (this quarter and the last, in the three bands). Practice leaders also
see each team of their localities as totals, county roles each locality; a group of fewer than
:data:`bot.domain.quarters.MIN_GROUP` people is not shown, so nobody's record can be read off it.
There is no page for another named person's record.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from aiohttp import web

from adapters.web.auth import Viewer, signed_in
from adapters.web.responses import page
from adapters.web.state import WEB_KEY
from bot import texts
from bot.domain.learning import BANDS, GroupLearning, LearningTotals
from bot.domain.quarters import MIN_GROUP, Quarter
from bot.intents.learning import spoken_minutes
from bot.services.learning import group_record, locality_groups, record_of, team_groups

Row = tuple[str, ...]


def _band_rows(quarter: Quarter, totals: LearningTotals) -> list[Row]:
    return [
        (
            quarter.label,
            texts.LEARNING_BANDS[band],
            spoken_minutes(totals.bands[band].minutes),
            str(totals.bands[band].count),
        )
        for band in BANDS
    ]


def _group_rows(groups: list[GroupLearning]) -> list[Row]:
    rows: list[Row] = []
    for group in groups:
        if group.totals is None:
            rows.append((group.name, str(group.people), "—", texts.WEB_LEARNING_SMALL.format(n=MIN_GROUP), "", ""))
            continue
        minutes = [spoken_minutes(group.totals.bands[band].minutes) for band in BANDS]
        rows.append((group.name, str(group.people), str(group.active), *minutes))
    return rows


@signed_in
async def learning_page(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """The viewer's own record, then their teams' or localities' totals."""
    state = request.app[WEB_KEY]
    timezone = viewer.person.timezone or state.timezone
    today: date = state.clock.now().astimezone(ZoneInfo(timezone)).date()
    groups_title, group_rows = "", []
    async with state.uow_factory() as uow:
        record = await record_of(uow, viewer.person.id, today, timezone)
        if viewer.scope.is_county:
            groups_title = texts.WEB_LEARNING_LOCALITIES
            named = await locality_groups(uow)
        elif viewer.scope.level == "locality":
            groups_title = texts.WEB_LEARNING_TEAMS
            named = await team_groups(uow, viewer.scope.team_ids)
        else:
            named = {}
        if named:
            group_rows = _group_rows(await group_record(uow, named, record.quarter, state.timezone))
    mine = _band_rows(record.quarter, record.totals) + _band_rows(record.last_quarter, record.last_totals)
    group_columns = (
        texts.WEB_LEARNING_GROUP,
        texts.WEB_LEARNING_PEOPLE,
        texts.WEB_LEARNING_ACTIVE,
        *(texts.LEARNING_BANDS[band] for band in BANDS),
    )
    return page(
        request,
        "dashboard/learning.html",
        viewer=viewer,
        section="learning",
        mine=mine,
        mine_columns=(
            texts.WEB_LEARNING_QUARTER,
            texts.WEB_LEARNING_BAND,
            texts.WEB_LEARNING_TIME,
            texts.WEB_LEARNING_COUNT,
        ),
        groups_title=groups_title,
        group_rows=group_rows,
        group_columns=group_columns,
        quarter=record.quarter.label,
    )


def add_routes(app: web.Application) -> None:
    """Mount the learning page."""
    app.router.add_get("/dashboard/learning", learning_page)
