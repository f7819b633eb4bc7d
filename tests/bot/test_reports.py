"""The locality review's figures, trends, highlights and gaps; its CSV, Markdown and SVG; the Atom feed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import texts
from bot.domain.charts import Series, bar_chart
from bot.domain.feed import PublishedStory, atom_feed, sign, verify, webhook_body
from bot.domain.reports import (
    CelebrationFact,
    MeetingFact,
    Period,
    ReviewInput,
    StoryFact,
    TeamRef,
    activity_chart,
    build_review,
    to_csv,
    to_markdown,
)

TEAMS = (TeamRef(1, "Dereham Family Support"), TeamRef(2, "King's Lynn Assessment"))
PERIOD = Period(date(2026, 11, 2), date(2026, 11, 29))  # four whole weeks, Monday to Sunday
SVG = "{http://www.w3.org/2000/svg}"
ATOM = "{http://www.w3.org/2005/Atom}"


def at(day: int, month: int = 11, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def review_input(**changes: object) -> ReviewInput:
    base = ReviewInput(
        locality="West",
        teams=TEAMS,
        period=PERIOD,
        timezone="Europe/London",
        celebrations=(
            CelebrationFact(at(3), 1),
            CelebrationFact(at(10), 1),
            CelebrationFact(at(24), 2),
            CelebrationFact(at(20, 10), 1),  # the previous period
            CelebrationFact(at(1, 12), 1),  # after the period
        ),
        stories=(
            StoryFact(1, "Mapping helped", 1, "approved", at(4), at(12)),
            StoryFact(2, "Three houses", 2, "published", at(5), at(26)),
            StoryFact(3, "Still a draft", 2, "draft", at(6)),
            StoryFact(4, "Declined one", 1, "declined", at(7), at(9)),
            StoryFact(5, "Old approval", 1, "approved", at(10, 10), at(15, 10)),
        ),
    )
    return ReviewInput(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **changes})


def test_periods_have_weeks_and_a_previous_period() -> None:
    assert PERIOD.days == 28
    assert PERIOD.previous() == Period(date(2026, 10, 5), date(2026, 11, 1))
    assert PERIOD.weeks() == [date(2026, 11, 2) + timedelta(weeks=n) for n in range(4)]
    assert Period(date(2026, 11, 4), date(2026, 11, 4)).weeks() == [date(2026, 11, 2)]


def test_counts_and_trends_against_the_previous_period() -> None:
    review = build_review(review_input())
    celebrations, stories, approvals = (review.figure(k) for k in ("celebrations", "stories", "approvals"))
    assert (celebrations.value, celebrations.previous, celebrations.trend) == (3, 1, "up")
    assert (stories.value, stories.previous) == (3, 1)  # approved, published and declined; not the draft
    assert (approvals.value, approvals.previous, approvals.trend) == (2, 1, "up")
    assert [w.celebrations for w in review.weeks] == [1, 1, 0, 1]
    assert [w.approvals for w in review.weeks] == [0, 1, 0, 1]


def test_sources_not_built_yet_are_shown_as_not_available() -> None:
    review = build_review(review_input())
    assert review.figure("coverage").value is None
    assert review.figure("coverage").shown == texts.REPORT_NOT_AVAILABLE
    assert review.figure("seminars").trend == ""
    assert review.gaps is None
    assert review.partners_briefed is None
    assert review.teams[0].coverage == texts.REPORT_NOT_AVAILABLE


def test_highlights_are_the_approvals_in_the_period_newest_first() -> None:
    review = build_review(review_input())
    assert [(h.title, h.team) for h in review.highlights] == [
        ("Three houses", "King's Lynn Assessment"),
        ("Mapping helped", "Dereham Family Support"),
    ]


def test_gaps_are_teams_without_an_item_in_the_last_four_weeks() -> None:
    meetings = (
        MeetingFact(1, at(3), has_item=False),
        MeetingFact(1, at(10), has_item=True),
        MeetingFact(2, at(4), has_item=False),
        MeetingFact(2, at(11), has_item=False),
        MeetingFact(2, at(20, 10), has_item=True),  # before the last four weeks
    )
    review = build_review(review_input(meetings=meetings))
    assert review.gaps == ("King's Lynn Assessment",)
    coverage = review.figure("coverage")
    assert (coverage.value, coverage.previous, coverage.shown) == (25, 100, "25%")
    assert [t.coverage for t in review.teams] == ["50% (1 of 2)", "0% (0 of 2)"]


def test_a_period_without_meetings_says_so_and_lists_no_gaps() -> None:
    review = build_review(review_input(meetings=()))
    assert review.figure("coverage").shown == texts.REPORT_NO_MEETINGS
    assert review.gaps == ()  # no team held a meeting: none of them missed an item
    assert {t.coverage for t in review.teams} == {texts.REPORT_NO_MEETINGS}


def test_csv_cells_never_become_formulas() -> None:
    stories = (StoryFact(1, '=HYPERLINK("http://x")', 1, "approved", at(4), at(5)),)
    rows = list(csv.reader(io.StringIO(to_csv(build_review(review_input(stories=stories))))))
    assert ['\'=HYPERLINK("http://x")', "Dereham Family Support", "2026-11-05"] in rows
    assert rows[0] == [texts.REPORT_TITLE.format(locality="West")]


def test_markdown_makes_user_text_inert() -> None:
    stories = (StoryFact(1, "A | B *bold* <script>", 1, "approved", at(4), at(5)),)
    markdown = to_markdown(build_review(review_input(stories=stories)))
    assert "- A \\| B \\*bold\\* \\<script\\> (Dereham Family Support, 2026-11-05)" in markdown
    assert texts.REPORT_GAPS_UNAVAILABLE in markdown


def test_the_activity_chart_is_accessible_svg() -> None:
    svg = activity_chart(build_review(review_input()))
    root = ET.fromstring(svg)  # noqa: S314 - our own markup
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    assert root.find(f"{SVG}title").get("id") == title_id  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").get("id") == desc_id  # type: ignore[union-attr]
    assert "3 celebrations" in (root.findtext(f"{SVG}desc") or "")
    assert len(root.findall(f"{SVG}rect")) == 4 * 3 + 3  # bars and the legend's keys


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(st.text(max_size=30), min_size=1, max_size=8),
    values=st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=8),
    name=st.text(max_size=30),
)
def test_charts_stay_well_formed_whatever_the_labels(labels: list[str], values: list[float], name: str) -> None:
    svg = bar_chart(name, name, labels, [Series(name, tuple(values))])
    root = ET.fromstring(svg)  # noqa: S314 - our own markup
    assert root.get("role") == "img"
    assert all(float(r.get("height", "0")) >= 0 for r in root.iter(f"{SVG}rect"))


def published(story_id: int, title: str, **extra: str) -> PublishedStory:
    when = datetime(2026, 11, 24, 10, tzinfo=UTC) + timedelta(hours=story_id)
    return PublishedStory(
        id=story_id,
        title=title,
        situation=extra.get("situation", "A case had drifted."),
        what_we_did="We mapped it.",
        difference="The family wrote a plan.",
        tools=("mapping",),
        team="Dereham Family Support",
        author="Ali Hassan",
        published_at=when,
        updated_at=when,
    )


@settings(max_examples=60, deadline=None)
@given(titles=st.lists(st.text(min_size=1, max_size=60), min_size=0, max_size=5), body=st.text(max_size=200))
def test_the_feed_parses_back_with_one_entry_per_story(titles: list[str], body: str) -> None:
    stories = [published(i, t, situation=body) for i, t in enumerate(titles, 1)]
    xml = atom_feed(stories, base_url="https://plbot.example", title="Good practice", updated=at(24))
    root = ET.fromstring(xml.encode("utf-8"))  # noqa: S314 - our own feed
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(stories)
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"tag:plbot.example,2026:practice-leader-bot/story/{i}" for i in range(len(stories), 0, -1)
    ]


def test_feed_content_is_escaped_html() -> None:
    xml = atom_feed(
        [published(1, "<b>bold</b>", situation="<img src=x onerror=alert(1)>")],
        base_url="https://plbot.example",
        title="Good practice",
        updated=at(24),
    )
    entry = ET.fromstring(xml.encode("utf-8")).find(f"{ATOM}entry")  # noqa: S314
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == "<b>bold</b>"
    content = entry.findtext(f"{ATOM}content") or ""
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "<img" not in content


def test_webhook_bodies_are_signed_and_take_downs_carry_only_the_id() -> None:
    body = webhook_body("publish", published(7, "Mapping"), 7, base_url="https://plbot.example")
    signature = sign("secret", "1764000000", body)
    assert signature.startswith("sha256=")
    assert verify("secret", "1764000000", body, signature)
    assert not verify("other", "1764000000", body, signature)
    assert not verify("secret", "1764000001", body, signature)
    assert (
        webhook_body("unpublish", None, 7, base_url="https://plbot.example")
        == b'{"action": "unpublish", "story": {"id": 7}}'
    )
