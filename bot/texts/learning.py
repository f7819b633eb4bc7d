"""The learning record (70:20:10) and event attendance (issue 18)."""

from bot.texts.plural import Counted

LEARNING_BANDS = {
    "70": "70 · on the job",
    "20": "20 · with colleagues",
    "10": "10 · training",
}
LEARNING_KINDS = {
    "mentoring": "Mentoring",
    "shadowing": "Shadowing a trainer",
    "training": "Training",
    "co-delivery": "Co-delivering training",
    "supervision": "Supervision in the Signs of Safety format",
    "peer-support": "Peer support",
    "reading": "Reading",
}
LEARNING_SOURCES = {
    "map": "case maps",
    "celebration-given": "celebrations given",
    "celebration-received": "celebrations received",
    "story": "stories shared",
}
LEARNING_TITLE = "Your learning, {quarter}"
LEARNING_PRIVATE = "Only you see this. Your practice leader sees the team's totals, never yours."
LEARNING_BAND_LINE = "{band}: {time} · {count}"
LEARNING_NOTHING = "Nothing yet this quarter."
LEARNING_LAST_QUARTER = "Last quarter ({quarter}): {bands}"
LEARNING_MIX = "Your mix by time: {mix} (the aim is 70:20:10)."
LEARNING_HOW_TO_ADD = "Log mentoring, shadowing, reading and more with `/sofs learning add KIND MINUTES [note]`."
LEARNING_LOG_BUTTON = "Log learning"
LEARNING_THINGS = Counted("{count} {count:thing|things}")
LEARNING_HOURS = "{hours} h"
LEARNING_HOURS_MINUTES = "{hours} h {minutes} min"
LEARNING_MINUTES = "{minutes} min"
LEARNING_LOGGED = "Logged: {kind}, {time} on {day}. It counts towards {band}."
LEARNING_UNKNOWN_KIND = "I don't know the kind “{kind}”. Use one of: {kinds}."
LEARNING_BAD_MINUTES = "How long was it? Give minutes from {low} to {high}, such as `90`, `45m` or `1h30`."
LEARNING_ADD_USAGE = "Usage: `/sofs learning add KIND MINUTES [note]`, KIND one of: {kinds}."
LEARNING_FORM_TITLE = "Log learning"
LEARNING_FORM_SUBMIT = "Log it"
LEARNING_FIELD_KIND = "What kind of learning"
LEARNING_FIELD_MINUTES = "Minutes"
LEARNING_FIELD_MINUTES_HINT = "For example 90, 45m or 1h30"
LEARNING_FIELD_DAY = "Day"
LEARNING_FIELD_DAY_HINT = "YYYY-MM-DD; today when empty"
LEARNING_FIELD_NOTE = "Note for yourself"
LEARNING_FIELD_NOTE_HINT = "No names or details of children or families."
LEARNING_BAD_DAY = "Give the day as YYYY-MM-DD, today or earlier."
LEARNING_NOTE_TOO_LONG = "Keep the note under {limit} characters."

WEB_LEARNING_TITLE = "Learning, 70:20:10"
WEB_LEARNING_INTRO = (
    "Learning this quarter and last, in the three bands: on the job, with colleagues, training. "
    "Built from events attended, case maps, celebrations and stories, and what people log."
)
WEB_LEARNING_MINE = "Your learning record"
WEB_LEARNING_TEAMS = "By team (totals only, no names)"
WEB_LEARNING_LOCALITIES = "By locality (totals only, no names)"
WEB_LEARNING_QUARTER = "Quarter"
WEB_LEARNING_BAND = "Band"
WEB_LEARNING_TIME = "Time"
WEB_LEARNING_COUNT = "Things"
WEB_LEARNING_GROUP = "Group"
WEB_LEARNING_PEOPLE = "People"
WEB_LEARNING_ACTIVE = "Learned something"
WEB_LEARNING_SMALL = "fewer than {n} people: not shown"

ATTENDANCE_NONE = "You have no events from the last {days} days to mark attendance for."
ATTENDANCE_TITLE = "Who came to {title} ({when})? Click each person who attended; click again to undo."
ATTENDANCE_NOBODY = "Nobody said they were going to {title}."
ATTENDANCE_MARKED = "✓ {name}"
ATTENDANCE_ONLY_ORGANISER = "Only the event's organiser (or a county lead) can mark who attended."
ATTENDANCE_NOT_YET = "That event hasn't started yet: mark attendance once it has."
ATTENDANCE_GONE = "I can't find that answer any more: the person may have changed it."
