"""Dashboard pages: agenda coverage, seminars and votes, events, partners, the pulse.

Each reads its facts through ``uow.web.facts`` (:class:`bot.store.repositories_web.Facts`), within
the viewer's localities. Staff are pointed to their own pages: these views are for practice leaders
and the county roles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web
from markupsafe import Markup

from adapters.web.auth import Viewer, signed_in
from adapters.web.responses import page
from adapters.web.state import WEB_KEY, WebState
from bot import texts
from bot.domain.charts import Series, bar_chart
from bot.domain.pathway import STEPS, Milestone, step_label
from bot.i18n import formats
from bot.services.leadership import load_spread
from bot.services.pathway import board as pathway_board
from bot.services.review import SEMINAR_KIND
from bot.store.uow import UnitOfWork

LOOK_BACK = timedelta(weeks=12)
LOOK_AHEAD = timedelta(days=365)


@dataclass
class Section:
    """What a page shows: a table (and maybe a chart)."""

    title: str
    intro: str
    columns: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)
    chart: Markup = field(default_factory=Markup)
    empty: str = ""
    """What an empty section says (``texts.WEB_SECTION_EMPTY`` when not given)."""


Builder = Callable[[UnitOfWork, WebState, Viewer], Awaitable[Section]]


def _localities(viewer: Viewer) -> list[int | None]:
    """None means "every locality" (the county roles)."""
    if viewer.scope.is_county:
        return [None]
    return [*sorted(viewer.scope.locality_ids)]


def _local(moment: datetime, state: WebState) -> str:
    return formats.when_year(moment, state.timezone)


def _local_day(moment: datetime, state: WebState) -> str:
    """The day alone, for facts recorded without a meaningful time (a partner briefing)."""
    return formats.weekday_date(formats.local(moment, state.timezone))


def kind_label(kind: str) -> str:
    """An event kind in words ("Group supervision"), never its identifier."""
    return texts.EVENT_KINDS.get(kind, texts.EVENT_KINDS["other"])


async def coverage(uow: UnitOfWork, state: WebState, viewer: Viewer) -> Section:
    """Meetings with a Signs of Safety item, per team, over the last twelve weeks."""
    section = Section(texts.WEB_COVERAGE_TITLE, texts.WEB_COVERAGE_INTRO)
    now = state.clock.now()
    teams = {t.id: t.name for t in await uow.orgs.teams() if viewer.scope.sees_team(t.id)}
    meetings = await uow.web.facts.meetings(sorted(teams), None, now - LOOK_BACK, now)
    per_team: dict[int | None, list[bool]] = defaultdict(list)
    for meeting in meetings:
        per_team[meeting.team_id].append(meeting.has_item)
    section.columns = (texts.REPORT_TEAM, texts.WEB_HELD, texts.WEB_WITH_ITEM, texts.REPORT_COVERAGE)
    for team_id, name in sorted(teams.items(), key=lambda pair: pair[1]):
        flags = per_team.get(team_id, [])
        share = f"{round(100 * sum(flags) / len(flags))}%" if flags else "—"
        section.rows.append((name, str(len(flags)), str(sum(flags)), share))
    if meetings:
        names = [name for _, name in sorted(teams.items(), key=lambda pair: pair[1])]
        values = tuple(
            100.0 * sum(per_team.get(t, [])) / len(per_team[t]) if per_team.get(t) else 0.0
            for t, _ in sorted(teams.items(), key=lambda pair: pair[1])
        )
        section.chart = Markup(  # noqa: S704 - built with escaping
            bar_chart(
                texts.WEB_COVERAGE_TITLE,
                texts.WEB_COVERAGE_INTRO,
                names,
                [Series("%", values)],
                unit="%",
                chart_id="coverage-chart",
            )
        )
    return section


async def seminars(uow: UnitOfWork, state: WebState, viewer: Viewer) -> Section:
    """The seminar programme and the votes on topics."""
    section = Section(texts.WEB_SEMINARS_TITLE, texts.WEB_SEMINARS_INTRO)
    now = state.clock.now()
    for locality_id in _localities(viewer):
        events = await uow.web.facts.events(locality_id, now - LOOK_BACK, now + LOOK_AHEAD)
        votes = await uow.web.facts.votes(locality_id)
        section.rows += [
            (texts.WEB_KIND_SEMINAR, e.title, _local(e.at, state)) for e in events if e.kind == SEMINAR_KIND
        ]
        section.rows += [
            (texts.WEB_KIND_VOTE, v.title, f"{v.status} {_local(v.closes_at, state) if v.closes_at else ''}".strip())
            for v in votes
        ]
    section.columns = (texts.WEB_WHAT, texts.WEB_TITLE, texts.WEB_WHEN)
    return section


async def events(uow: UnitOfWork, state: WebState, viewer: Viewer) -> Section:
    """Events and their RSVPs."""
    section = Section(texts.WEB_EVENTS_TITLE, texts.WEB_EVENTS_INTRO)
    now = state.clock.now()
    for locality_id in _localities(viewer):
        facts = await uow.web.facts.events(locality_id, now - LOOK_BACK, now + LOOK_AHEAD)
        section.rows += [
            (e.title, kind_label(e.kind), _local(e.at, state), ", ".join(f"{a}: {n}" for a, n in e.answers) or "—")
            for e in facts
        ]
    section.columns = (texts.WEB_TITLE, texts.WEB_WHAT, texts.WEB_WHEN, texts.WEB_RSVPS)
    return section


async def partners(uow: UnitOfWork, state: WebState, viewer: Viewer) -> Section:
    """Partner groups briefed in the last year."""
    section = Section(texts.WEB_PARTNERS_TITLE, texts.WEB_PARTNERS_INTRO)
    now = state.clock.now()
    for locality_id in _localities(viewer):
        facts = await uow.web.facts.briefings(locality_id, now - timedelta(days=365), now)
        section.rows += [(b.partner, _local_day(b.at, state)) for b in facts]
    section.columns = (texts.WEB_PARTNER, texts.WEB_WHEN)
    return section


async def pulse(uow: UnitOfWork, state: WebState, viewer: Viewer) -> Section:
    """The implementation pulse (0–10), averaged per month."""
    section = Section(texts.WEB_PULSE_TITLE, texts.WEB_PULSE_INTRO)
    now = state.clock.now()
    teams = None if viewer.scope.is_county else sorted(viewer.scope.team_ids)
    facts = await uow.web.facts.pulse(teams, now - timedelta(days=365), now)
    months: dict[str, list[float]] = defaultdict(list)
    for fact in facts:
        months[fact.at.astimezone(ZoneInfo(state.timezone)).strftime("%Y-%m")].append(fact.score)
    section.columns = (texts.WEB_MONTH, texts.WEB_ANSWERS, texts.WEB_AVERAGE)
    section.rows = [(m, str(len(v)), f"{sum(v) / len(v):.1f}") for m, v in sorted(months.items())]
    if months:
        labels = sorted(months)
        values = tuple(sum(months[m]) / len(months[m]) for m in labels)
        section.chart = Markup(  # noqa: S704 - built with escaping
            bar_chart(
                texts.WEB_PULSE_TITLE,
                texts.WEB_PULSE_INTRO,
                labels,
                [Series(texts.WEB_AVERAGE, values)],
                chart_id="pulse-chart",
            )
        )
    return section


async def leadership(uow: UnitOfWork, state: WebState, viewer: Viewer) -> Section:
    """The leadership spread of the viewer's scope: who led something this quarter and the last, by role."""
    section = Section(texts.LEADERSHIP_TITLE, texts.LEADERSHIP_INTRO, empty=texts.LEADERSHIP_NO_STAFF)
    localities = None if viewer.scope.is_county else sorted(viewer.scope.locality_ids)
    spread = await load_spread(uow, viewer.org.id, localities, state.timezone, state.clock.now())
    section.columns = (
        texts.LEADERSHIP_ROLE,
        texts.LEADERSHIP_STAFF,
        texts.LEADERSHIP_THIS_QUARTER.format(quarter=spread.quarter.label),
        texts.LEADERSHIP_PREVIOUS_QUARTER.format(quarter=spread.previous_quarter.label),
    )
    section.rows = [(r.label, r.staff_shown, r.current_shown, r.previous_shown) for r in spread.rows]
    return section


def _confirmed(milestone: Milestone, state: WebState) -> str:
    if milestone.confirmed_at is None:
        return texts.WEB_PATHWAY_WAITING
    confirmed = _local_day(milestone.confirmed_at, state)
    if not milestone.confirmed_by:
        return texts.WEB_PATHWAY_YES_UNSIGNED.format(confirmed=confirmed)
    return texts.WEB_PATHWAY_YES.format(who=milestone.confirmed_by, confirmed=confirmed)


async def trainer_pathway(uow: UnitOfWork, state: WebState, viewer: Viewer) -> Section:
    """The county view of the trainer pathway: who is at which step (names: county roles only)."""
    if not viewer.scope.is_county:
        return Section(texts.WEB_PATHWAY_ONLY_COUNTY_TITLE, texts.WEB_PATHWAY_ONLY_COUNTY)
    rows = await pathway_board(uow, viewer.org.id)
    counts = Counter(r.reached.step for r in rows)
    summary = "; ".join(
        texts.WEB_PATHWAY_COUNTS.format(count=counts[step], step=step_label(step)) for step in STEPS if counts[step]
    )
    intro = f"{texts.WEB_PATHWAY_INTRO} {summary}." if summary else texts.WEB_PATHWAY_INTRO
    section = Section(texts.WEB_PATHWAY_TITLE, intro, empty=texts.WEB_PATHWAY_EMPTY)
    section.columns = (
        texts.WEB_PATHWAY_PERSON,
        texts.WEB_PATHWAY_REACHED,
        texts.WEB_WHEN,
        texts.WEB_PATHWAY_STATUS,
        texts.WEB_PATHWAY_CONFIRMED_STEP,
    )
    section.rows = [
        (
            r.name,
            step_label(r.reached.step),
            formats.weekday_date(r.reached.day),
            _confirmed(r.reached, state),
            step_label(r.confirmed.step) if r.confirmed else texts.WEB_PATHWAY_NONE,
        )
        for r in rows
    ]
    return section


BUILDERS: dict[str, Builder] = {
    "coverage": coverage,
    "seminars": seminars,
    "events": events,
    "partners": partners,
    "pulse": pulse,
    "leadership": leadership,
    "pathway": trainer_pathway,
}


def _view(name: str, builder: Builder) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    @signed_in
    async def view(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        state = request.app[WEB_KEY]
        if viewer.scope.level == "own":
            section = Section(texts.WEB_SECTION_FOR_LEADERS_TITLE, texts.WEB_SECTION_FOR_LEADERS)
            return page(request, "dashboard/section.html", viewer=viewer, data=section, section=name)
        async with state.uow_factory() as uow:
            data = await builder(uow, state, viewer)
        return page(request, "dashboard/section.html", viewer=viewer, data=data, section=name)

    return view


def add_routes(app: web.Application) -> None:
    """Mount the section pages."""
    for name, builder in BUILDERS.items():
        app.router.add_get(f"/dashboard/{name}", _view(name, builder))
