"""The locality review for County PL meetings: figures, trends, highlights and gaps.

Pure functions over plain facts read from the store, so the same review feeds the dashboard page,
``plbot report locality`` (HTML, CSV, Markdown) and the tests. A figure whose source is not built
yet (agenda coverage, seminars, partner briefings) is ``None`` and shown as "not available yet".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.domain.charts import Series, bar_chart
from bot.domain.leadership import LeadershipSpread, spread_csv_rows, spread_markdown
from bot.i18n import formats
from bot.replies import Bold, FieldsBlock, Link, Reply, TextBlock, Visibility, text

GAP_WEEKS = 4
APPROVED = frozenset({"approved", "published"})
SHARED = frozenset({"shared", "submitted", "approved", "declined", "published"})


@dataclass(frozen=True, slots=True)
class Period:
    """Whole days from ``start`` to ``end``, both included, in the organisation's time zone."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def contains(self, moment: datetime | None, zone: ZoneInfo) -> bool:
        """True when an instant falls on a day of the period (local time)."""
        return moment is not None and self.start <= moment.astimezone(zone).date() <= self.end

    def weeks(self) -> list[date]:
        """The Mondays of every week the period touches."""
        first = self.start - timedelta(days=self.start.weekday())
        return [first + timedelta(weeks=n) for n in range((self.end - first).days // 7 + 1)]


@dataclass(frozen=True, slots=True)
class TeamRef:
    """A team of the locality."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class CelebrationFact:
    """A celebration: when and in which team."""

    at: datetime
    team_id: int | None


@dataclass(frozen=True, slots=True)
class StoryFact:
    """A good-practice story: its title (user text), team, status and dates."""

    id: int
    title: str
    team_id: int | None
    status: str
    created_at: datetime
    decided_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MeetingFact:
    """A meeting held (team or management) and whether it had a Signs of Safety item."""

    team_id: int | None
    at: datetime
    has_item: bool


@dataclass(frozen=True, slots=True)
class SeminarFact:
    """A seminar or peer-support event held, with how many came (when known)."""

    at: datetime
    title: str
    attendance: int | None = None


@dataclass(frozen=True, slots=True)
class BriefingFact:
    """A partner group briefed on Signs of Safety."""

    partner: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ReviewInput:
    """Everything a review is built from. ``None`` means that source is not available yet."""

    locality: str
    teams: tuple[TeamRef, ...]
    period: Period
    timezone: str
    celebrations: tuple[CelebrationFact, ...]
    stories: tuple[StoryFact, ...]
    meetings: tuple[MeetingFact, ...] | None = None
    seminars: tuple[SeminarFact, ...] | None = None
    briefings: tuple[BriefingFact, ...] | None = None
    partners: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """One headline figure with the same figure for the previous period of equal length."""

    key: str
    label: str
    value: int | None
    previous: int | None = None
    unit: str = ""
    missing: str = ""
    """What is shown when the value is unknown (``texts.REPORT_NOT_AVAILABLE`` when not given)."""

    @property
    def trend(self) -> str:
        """``up``, ``down`` or ``same`` against the previous period ('' when unknown)."""
        if self.value is None or self.previous is None:
            return ""
        return "up" if self.value > self.previous else "down" if self.value < self.previous else "same"

    @property
    def shown(self) -> str:
        """The value as text ("not available yet" when its source is missing, or what else is missing)."""
        return (self.missing or texts.REPORT_NOT_AVAILABLE) if self.value is None else f"{self.value}{self.unit}"


@dataclass(frozen=True, slots=True)
class WeekRow:
    """Activity in one week (starting Monday)."""

    week: date
    celebrations: int
    stories: int
    approvals: int


@dataclass(frozen=True, slots=True)
class TeamRow:
    """One team's activity in the period."""

    name: str
    celebrations: int
    stories: int
    approvals: int
    coverage: str


@dataclass(frozen=True, slots=True)
class Highlight:
    """An approved story worth mentioning (its title is user text)."""

    title: str
    team: str
    decided_on: date


@dataclass(frozen=True, slots=True)
class LocalityReview:
    """The built review."""

    locality: str
    period: Period
    figures: tuple[Figure, ...]
    weeks: tuple[WeekRow, ...]
    teams: tuple[TeamRow, ...]
    highlights: tuple[Highlight, ...]
    gaps: tuple[str, ...] | None
    partners_briefed: tuple[str, ...] | None
    partners_not_briefed: tuple[str, ...] | None
    leadership: LeadershipSpread | None = None
    """Who led something this quarter, by role (added by :func:`bot.services.review.load_review`)."""

    def figure(self, key: str) -> Figure:
        """A headline figure by key."""
        return next(f for f in self.figures if f.key == key)


def _in(period: Period, zone: ZoneInfo, moments: Iterable[datetime | None]) -> int:
    return sum(1 for m in moments if period.contains(m, zone))


def _coverage(meetings: Sequence[MeetingFact]) -> int | None:
    return round(100 * sum(m.has_item for m in meetings) / len(meetings)) if meetings else None


def _figures(data: ReviewInput, zone: ZoneInfo) -> tuple[Figure, ...]:
    now, before = data.period, data.period.previous()
    stories = [s for s in data.stories if s.status in SHARED]
    approved = [s.decided_at for s in data.stories if s.status in APPROVED]

    def both(moments: Sequence[datetime | None]) -> tuple[int, int]:
        return _in(now, zone, moments), _in(before, zone, moments)

    celebrations = both([c.at for c in data.celebrations])
    shared = both([s.created_at for s in stories])
    approvals = both(approved)
    figures = [
        Figure("celebrations", texts.REPORT_CELEBRATIONS, *celebrations),
        Figure("stories", texts.REPORT_STORIES, *shared),
        Figure("approvals", texts.REPORT_APPROVALS, *approvals),
    ]
    if data.meetings is None:
        figures.append(Figure("coverage", texts.REPORT_COVERAGE, None))
    else:
        held_now = [m for m in data.meetings if now.contains(m.at, zone)]
        held_before = [m for m in data.meetings if before.contains(m.at, zone)]
        figures.append(
            Figure(
                "coverage",
                texts.REPORT_COVERAGE,
                _coverage(held_now),
                _coverage(held_before),
                unit="%",
                missing=texts.REPORT_NO_MEETINGS,
            )
        )
    if data.seminars is None:
        figures += [
            Figure("seminars", texts.REPORT_SEMINARS, None),
            Figure("attendance", texts.REPORT_ATTENDANCE, None),
        ]
    else:
        held = [s for s in data.seminars if now.contains(s.at, zone)]
        held_before_s = [s for s in data.seminars if before.contains(s.at, zone)]
        figures.append(Figure("seminars", texts.REPORT_SEMINARS, len(held), len(held_before_s)))
        figures.append(
            Figure(
                "attendance",
                texts.REPORT_ATTENDANCE,
                sum(s.attendance or 0 for s in held),
                sum(s.attendance or 0 for s in held_before_s),
            )
        )
    if data.briefings is None:
        figures.append(Figure("briefed", texts.REPORT_BRIEFED, None))
    else:
        figures.append(
            Figure(
                "briefed",
                texts.REPORT_BRIEFED,
                len({b.partner for b in data.briefings if now.contains(b.at, zone)}),
                len({b.partner for b in data.briefings if before.contains(b.at, zone)}),
            )
        )
    return tuple(figures)


def _week_of(moment: datetime, zone: ZoneInfo) -> date:
    local = moment.astimezone(zone).date()
    return local - timedelta(days=local.weekday())


def _weeks(data: ReviewInput, zone: ZoneInfo) -> tuple[WeekRow, ...]:
    rows = []
    for week in data.period.weeks():

        def count(moments: Iterable[datetime | None], week: date = week) -> int:
            return sum(
                1 for m in moments if m is not None and data.period.contains(m, zone) and _week_of(m, zone) == week
            )

        rows.append(
            WeekRow(
                week,
                count(c.at for c in data.celebrations),
                count(s.created_at for s in data.stories if s.status in SHARED),
                count(s.decided_at for s in data.stories if s.status in APPROVED),
            )
        )
    return tuple(rows)


def _teams(data: ReviewInput, zone: ZoneInfo) -> tuple[TeamRow, ...]:
    period = data.period
    rows = []
    for team in data.teams:
        meetings = [m for m in data.meetings or () if m.team_id == team.id and period.contains(m.at, zone)]
        coverage = texts.REPORT_NOT_AVAILABLE if data.meetings is None else texts.REPORT_NO_MEETINGS
        if meetings:
            with_item = sum(m.has_item for m in meetings)
            coverage = texts.REPORT_TEAM_COVERAGE.format(
                percent=round(100 * with_item / len(meetings)), items=with_item, held=len(meetings)
            )
        rows.append(
            TeamRow(
                team.name,
                _in(period, zone, (c.at for c in data.celebrations if c.team_id == team.id)),
                _in(period, zone, (s.created_at for s in data.stories if s.team_id == team.id and s.status in SHARED)),
                _in(
                    period, zone, (s.decided_at for s in data.stories if s.team_id == team.id and s.status in APPROVED)
                ),
                coverage,
            )
        )
    return tuple(rows)


def _gaps(data: ReviewInput, zone: ZoneInfo) -> tuple[str, ...] | None:
    """Teams that held meetings in the last four weeks of the period and had a Signs of Safety item
    at none of them (a team that held no meeting then is not a gap: there was nothing to cover)."""
    if data.meetings is None:
        return None
    recent = Period(data.period.end - timedelta(weeks=GAP_WEEKS) + timedelta(days=1), data.period.end)
    held = [m for m in data.meetings if recent.contains(m.at, zone)]
    met = {m.team_id for m in held}
    covered = {m.team_id for m in held if m.has_item}
    return tuple(t.name for t in data.teams if t.id in met and t.id not in covered)


def build_review(data: ReviewInput) -> LocalityReview:
    """Build the review of one locality for one period.

    Args:
        data: the facts of the locality (they may reach back before the period: the figures
            compare with the previous period of the same length).

    Returns:
        Figures with trends, weekly activity, a row per team, highlights (stories approved in the
        period, newest first), gaps (teams with no SofS item in the last four weeks; ``None``
        when meetings are not recorded yet) and the partners briefed.
    """
    zone = ZoneInfo(data.timezone)
    names = {t.id: t.name for t in data.teams}
    highlights = tuple(
        Highlight(s.title, names.get(s.team_id or 0, ""), s.decided_at.astimezone(zone).date())
        for s in sorted(data.stories, key=lambda s: s.decided_at or s.created_at, reverse=True)
        if s.status in APPROVED and s.decided_at is not None and data.period.contains(s.decided_at, zone)
    )
    briefed: tuple[str, ...] | None = None
    not_briefed: tuple[str, ...] | None = None
    if data.briefings is not None:
        done = {b.partner for b in data.briefings if data.period.contains(b.at, zone)}
        briefed = tuple(sorted(done))
        not_briefed = tuple(p for p in data.partners if p not in done)
    return LocalityReview(
        locality=data.locality,
        period=data.period,
        figures=_figures(data, zone),
        weeks=_weeks(data, zone),
        teams=_teams(data, zone),
        highlights=highlights,
        gaps=_gaps(data, zone),
        partners_briefed=briefed,
        partners_not_briefed=not_briefed,
    )


def activity_chart(review: LocalityReview) -> str:
    """The weekly activity chart of a review, as SVG."""
    categories = [formats.short_day_month(w.week) for w in review.weeks]
    series = [
        Series(texts.REPORT_CELEBRATIONS, tuple(float(w.celebrations) for w in review.weeks)),
        Series(texts.REPORT_STORIES, tuple(float(w.stories) for w in review.weeks)),
        Series(texts.REPORT_APPROVALS, tuple(float(w.approvals) for w in review.weeks)),
    ]
    title = texts.REPORT_CHART_TITLE.format(locality=review.locality)
    description = texts.REPORT_CHART_DESC.format(
        weeks=len(review.weeks),
        celebrations=review.figure("celebrations").shown,
        stories=review.figure("stories").shown,
        approvals=review.figure("approvals").shown,
    )
    return bar_chart(title, description, categories, series, chart_id="activity-chart")


def _safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    cell = str(value)
    return f"'{cell}" if cell[:1] in {"=", "+", "-", "@", "\t", "\r"} else cell


def to_csv(review: LocalityReview) -> str:
    """The review as CSV: a section per table, each with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    rows: list[list[object]] = [
        [texts.REPORT_TITLE.format(locality=review.locality)],
        [texts.REPORT_PERIOD_LABEL, review.period.start.isoformat(), review.period.end.isoformat()],
        [],
        [texts.REPORT_FIGURE, texts.REPORT_VALUE, texts.REPORT_PREVIOUS],
    ]
    rows += [[f.label, f.shown, "" if f.previous is None else f"{f.previous}{f.unit}"] for f in review.figures]
    rows += [[], [texts.REPORT_WEEK, texts.REPORT_CELEBRATIONS, texts.REPORT_STORIES, texts.REPORT_APPROVALS]]
    rows += [[w.week.isoformat(), w.celebrations, w.stories, w.approvals] for w in review.weeks]
    rows += [[], [texts.REPORT_TEAM, texts.REPORT_CELEBRATIONS, texts.REPORT_STORIES, texts.REPORT_APPROVALS]]
    rows[-1].append(texts.REPORT_COVERAGE)
    rows += [[t.name, t.celebrations, t.stories, t.approvals, t.coverage] for t in review.teams]
    rows += [[], [texts.REPORT_HIGHLIGHTS, texts.REPORT_TEAM, texts.REPORT_DATE]]
    rows += [[h.title, h.team, h.decided_on.isoformat()] for h in review.highlights]
    rows += [[], [texts.REPORT_GAPS]]
    rows += [[texts.REPORT_NOT_AVAILABLE]] if review.gaps is None else [[g] for g in review.gaps]
    rows += [[], *spread_csv_rows(review.leadership)] if review.leadership else []
    writer.writerows([[_safe_cell(c) for c in row] for row in rows])
    return out.getvalue()


def _md(value: object) -> str:
    """User text made inert in a Markdown table cell."""
    text = str(value).replace("\\", "\\\\").replace("\n", " ")
    for char in "|*_`[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def to_markdown(review: LocalityReview) -> str:
    """The review as Markdown, for pasting into meeting papers."""
    lines = [
        f"# {_md(texts.REPORT_TITLE.format(locality=review.locality))}",
        "",
        f"{texts.REPORT_PERIOD_LABEL}: {review.period.start.isoformat()} – {review.period.end.isoformat()}",
        "",
        f"| {texts.REPORT_FIGURE} | {texts.REPORT_VALUE} | {texts.REPORT_PREVIOUS} |",
        "|---|---:|---:|",
    ]
    for f in review.figures:
        previous = "" if f.previous is None else f"{f.previous}{f.unit}"
        lines.append(f"| {_md(f.label)} | {_md(f.shown)} | {previous} |")
    lines += ["", f"## {texts.REPORT_TEAMS_HEADING}", ""]
    lines.append(
        f"| {texts.REPORT_TEAM} | {texts.REPORT_CELEBRATIONS} | {texts.REPORT_STORIES} | "
        f"{texts.REPORT_APPROVALS} | {texts.REPORT_COVERAGE} |"
    )
    lines.append("|---|---:|---:|---:|---:|")
    lines += [
        f"| {_md(t.name)} | {t.celebrations} | {t.stories} | {t.approvals} | {_md(t.coverage)} |" for t in review.teams
    ]
    lines += ["", f"## {texts.REPORT_HIGHLIGHTS}", ""]
    lines += [f"- {_md(h.title)} ({_md(h.team)}, {h.decided_on.isoformat()})" for h in review.highlights] or [
        f"- {texts.REPORT_NO_HIGHLIGHTS}"
    ]
    lines += ["", f"## {texts.REPORT_GAPS}", ""]
    if review.gaps is None:
        lines.append(texts.REPORT_GAPS_UNAVAILABLE)
    else:
        lines += [f"- {_md(g)}" for g in review.gaps] or [f"- {texts.REPORT_NO_GAPS}"]
    lines += ["", *spread_markdown(review.leadership)] if review.leadership else []
    return "\n".join(lines) + "\n"


BAR = "▇"


def review_post(review: LocalityReview, url: str) -> Reply:
    """The review as a short channel post: headline figures, a text chart of the weeks, a link to the rest."""
    period = review.period
    header = texts.REVIEW_POST_HEADER.format(
        locality=review.locality, start=formats.short_day_month(period.start), end=formats.day_month_year(period.end)
    )
    figures = tuple((f.label, f.shown + _arrow(f.trend)) for f in review.figures)
    most = max((w.celebrations for w in review.weeks), default=0) or 1
    bars = "\n".join(
        f"{formats.short_day_month(w.week)}  {BAR * round(8 * w.celebrations / most)} {w.celebrations}"
        for w in review.weeks
    )
    blocks: list[TextBlock | FieldsBlock] = [text(Bold(text=header)), FieldsBlock(items=figures)]
    if review.weeks:
        blocks += [text(Bold(text=texts.REVIEW_POST_WEEKS)), text(bars)]
    blocks.append(text(Link(url=url, label=texts.REVIEW_POST_LINK)))
    return Reply(blocks=tuple(blocks), visibility=Visibility.CHANNEL)


def _arrow(trend: str) -> str:
    return {"up": " ↑", "down": " ↓", "same": " →"}.get(trend, "")
