"""Sentences of the web pages and what they post.

The playground, the dashboard, locality reviews, intranet publishing, the gathering, event calendar files.
"""

from __future__ import annotations

from bot.texts.plural import Counted

# --- web: playground, dashboard, locality reviews, intranet publishing, the gathering (issue 8) ---

# /sofs dashboard
DASHBOARD_LINK_INTRO = "Here is your dashboard link. It works once, for 15 minutes, and only for you:"
DASHBOARD_LINK_LABEL = "Open the practice dashboard"
DASHBOARD_LINK_NOTE = "Please don't forward it. Ask again with `/sofs dashboard` whenever you need a new one."

# gathering nominations (chat and dashboard)
GATHERING_BUTTON = "Nominate for the gathering"
GATHERING_NOMINATED = "Thank you — nominated for the annual gathering."
GATHERING_ALREADY = "You have already nominated this for the gathering. Thank you!"
GATHERING_NOT_FOUND = "I can't find that any more, so it can't be nominated."
GATHERING_STORY_NOT_READY = "Only stories approved for the intranet can be nominated for the gathering."

# publishing
PUBLISH_DONE = "Published to the intranet: “{title}”."
UNPUBLISH_DONE = "Taken down from the intranet: “{title}”."
PUBLISH_NOT_APPROVED = "Only approved stories can be published (this one is {status})."
PUBLISH_NOT_PUBLISHED = "This story is not on the intranet."
PUBLISH_NOT_ALLOWED = "Only practice leaders of the story's locality and the county leads can publish or take down."
PUBLISH_GUARD = "This story may hold details that identify a family, so it can't be published: please ask the author."
FEED_TITLE = "Good practice in Signs of Safety"
FEED_AUTHOR = "Practice Leader Bot"
WEBHOOK_NOTE_PUBLISH = "Intranet webhook: story {id} published."
WEBHOOK_NOTE_UNPUBLISH = "Intranet webhook: story {id} taken down."

# locality review
REPORT_TITLE = "Locality review: {locality}"
REPORT_PERIOD_LABEL = "Period"
REPORT_FIGURE = "Figure"
REPORT_VALUE = "This period"
REPORT_PREVIOUS = "Previous period"
REPORT_WEEK = "Week starting"
REPORT_TEAM = "Team"
REPORT_TEAMS_HEADING = "Teams"
REPORT_DATE = "Approved on"
REPORT_CELEBRATIONS = "Celebrations"
REPORT_STORIES = "Stories shared"
REPORT_APPROVALS = "Stories approved"
REPORT_COVERAGE = "Agenda coverage"
REPORT_SEMINARS = "Seminars held"
REPORT_ATTENDANCE = "Seminar attendance"
REPORT_BRIEFED = "Partners briefed"
REPORT_HIGHLIGHTS = "Highlights"
REPORT_NO_HIGHLIGHTS = "No stories were approved in this period."
REPORT_GAPS = "Gaps: teams with no Signs of Safety item in the last 4 weeks"
REPORT_GAPS_UNAVAILABLE = "Agenda coverage is not available yet, so gaps can't be shown."
REPORT_NO_GAPS = "None — every team had a Signs of Safety item."
REPORT_NOT_AVAILABLE = "not available yet"
REPORT_NO_MEETINGS = "no meetings held"
REPORT_TEAM_COVERAGE = "{percent}% ({items} of {held})"
REPORT_NO_MEETINGS = "no meetings held"
REPORT_CHART_TITLE = "Weekly activity in {locality}"
REPORT_CHART_DESC = Counted(
    "Celebrations, stories shared and stories approved in each of {weeks} {weeks:week|weeks}: "
    "{celebrations} {celebrations:celebration|celebrations}, {stories} {stories:story|stories} "
    "and {approvals} {approvals:approval|approvals} in all."
)
REPORT_UNKNOWN_LOCALITY = "There is no locality called “{name}”. Known localities: {known}."
REPORT_BAD_DATES = "Please give dates as YYYY-MM-DD, the first on or before the last."


# web pages
WEB_SIGNIN_NEEDED_TITLE = "Please sign in"
WEB_SIGNIN_NEEDED = "Ask the bot for a link with `/sofs dashboard` in Slack or Teams: it signs you in for 8 hours."
WEB_SIGNIN_REFUSED_TITLE = "This link doesn't work any more"
WEB_SIGNIN_REFUSED = "Sign-in links work once and for 15 minutes. Ask the bot for a new one with `/sofs dashboard`."
WEB_SIGNED_OUT_TITLE = "Signed out"
WEB_SIGNED_OUT = "You are signed out. Ask the bot with `/sofs dashboard` whenever you want to come back."
WEB_FORM_EXPIRED = "This page was open too long or came from elsewhere. Please go back, reload it and try again."
WEB_NOT_YOURS_TITLE = "Not available to you"
WEB_NOT_YOURS = "This locality's figures are for its practice leaders and the county leads."
WEB_GATHERING_COUNTY_ONLY = "The gathering's nominations are for the project manager and the principal social worker."
WEB_BAD_REQUEST_TITLE = "Please check the dates"
WEB_STORY_GONE_TITLE = "Story not found"
WEB_STORY_GONE = "This story is not on the intranet (it may have been taken down)."
WEB_DECLINE_NEEDS_REASON = "Please say what would make the story ready: the author will see it."
WEB_FIGURE_CELEBRATIONS = "Celebrations in the last 4 weeks"
WEB_FIGURE_STORIES = "Stories shared in the last 4 weeks"
WEB_FIGURE_QUEUE = "Stories waiting for your approval"
WEB_FIGURE_PUBLISHED = "Stories on the intranet"
WEB_NOT_YET = "Not yet available: this page fills in once that part of the bot is switched on. Nothing to do for now."
WEB_SECTION_EMPTY = "Nothing recorded yet."
WEB_SECTION_FOR_LEADERS_TITLE = "For practice leaders"
WEB_SECTION_FOR_LEADERS = (
    "This page is for practice leaders and the county leads. Your own activity is on the other pages."
)
WEB_COVERAGE_TITLE = "Agenda coverage"
WEB_COVERAGE_INTRO = "Team meetings with a Signs of Safety item, per team, over the last 12 weeks."
WEB_HELD = "Meetings held"
WEB_WITH_ITEM = "With a SofS item"
WEB_SEMINARS_TITLE = "Seminars and votes"
WEB_SEMINARS_INTRO = "The locality seminar programme and the votes on its topics."
WEB_EVENTS_TITLE = "Events and RSVPs"
WEB_EVENTS_INTRO = "Seminars, group supervision, case mapping and briefings, with who is coming."
WEB_PARTNERS_TITLE = "Partners briefed"
WEB_PARTNERS_INTRO = "Partner groups briefed on Signs of Safety in the last year."
WEB_PULSE_TITLE = "Implementation pulse"
WEB_PULSE_INTRO = "Average answer to the monthly scaling question (0–10), per month."
WEB_KIND_SEMINAR = "Seminar"
WEB_KIND_VOTE = "Vote"
WEB_WHAT = "What"
WEB_TITLE = "Title"
WEB_WHEN = "When"
WEB_RSVPS = "RSVPs"
WEB_PARTNER = "Partner"
WEB_MONTH = "Month"
WEB_ANSWERS = "Answers"
WEB_AVERAGE = "Average"
WEB_PLAYGROUND_DM = "Direct message with the bot"
WEB_PLAYGROUND_LOCALITY = "{name} locality"


# web: event calendar files
WEB_EVENT_GONE_TITLE = "Event not found"
WEB_EVENT_GONE = "There is no such event (it may have been removed)."

# locality review posted to a channel
REVIEW_POST_HEADER = "📊 {locality}: how we are doing, {start} – {end}"
REVIEW_POST_WEEKS = "Celebrations per week"
REVIEW_POST_LINK = "The full review with its chart"
REVIEW_POST_BUTTON = "Post this summary to the locality channels"
REVIEW_POSTED = Counted("The summary is on its way to {count} {count:channel|channels}.")
REVIEW_NO_CHANNEL = "This locality has no channel linked yet (`/sofs setup locality NAME` in its channel)."

# privacy notice
RETENTION_YEARS = Counted("{count} {count:year|years}")
RETENTION_DAYS = Counted("{count} {count:day|days}")
RETENTION_DESCRIPTIONS = {
    "celebrations": "celebrations and their recipients",
    "stories": "good-practice stories (by last change)",
    "ideas": "ideas sent to the project manager",
    "inbound_events": "inbound event ids kept for de-duplication",
    "inbox": "acknowledged events whose turn never ran (sealed; normally gone in seconds)",
    "outbox_sent": "sent, skipped or failed outbox rows (with their rendered text)",
    "audit": "the audit log (who did what, never content)",
}
