"""Sentences of the nudges: pre-meeting prompts, the agenda, the weekly digest, events, the pulse."""

from __future__ import annotations

from bot.texts.plural import Counted

# --- nudges: pre-meeting prompts, agenda, weekly digest, events, implementation pulse (issue 5) ---

NUDGE_SNOOZE = "Snooze 1 week"
NUDGE_STOP = "Stop these"

# the pre-meeting prompt and its one reminder (direct messages to the meeting's chair)
PROMPT_QUESTION = "{title} {when}: what is the Signs of Safety item?"
PROMPT_STAND_IN = "{chair} is on leave, so I'm asking you."
MEETING_LABEL = "{unit} — {title}"
"""A meeting named with its team or locality, so a locality's identical "Team meeting" lines differ."""
PROMPT_HINT = "One click is enough, or write your own. I'll post it in the channel before the meeting."
PROMPT_REMINDER = "A gentle reminder: {title} {when} has no Signs of Safety item yet."
"""The reminder's question; the hint that follows it (:data:`PROMPT_HINT`) says "one click is enough" once."""
PROMPT_WRITE_OWN = "Write my own"
AGENDA_FORM_TITLE = "Signs of Safety item"
AGENDA_FORM_FIELD = "What will the team look at together?"
AGENDA_FORM_HINT = "For example: map a case that feels stuck (no names or details that could identify a family)"
AGENDA_FORM_SUBMIT = "Save"
AGENDA_ITEM_TOO_LONG = "Please keep the item under {limit} characters."
AGENDA_ITEM_EMPTY = "Please write the item, or pick one of the suggestions."
AGENDA_ITEM_SAVED = "Thank you — “{item}” is on the agenda for {title} {when}."
AGENDA_ITEM_WILL_POST = "I'll post it in the channel now."
AGENDA_ITEM_POST = "📋 Signs of Safety item for {title} {when}: "
AGENDA_ITEM_POST_BY = " — from "
AGENDA_ONLY_LEADS = (
    "Only the team's practice leaders, the chair, a manager or the colleague whose turn it is can set the "
    "Signs of Safety item."
)
AGENDA_GONE = "I can't find that meeting any more. `/agenda` shows the next one."
AGENDA_STARTED = "That meeting has already started, so I've noted the item without posting it."

# /agenda
AGENDA_ITEM = "Signs of Safety item: "
AGENDA_COVERAGE = Counted(
    "Signs of Safety was on the agenda at {with_item} of {held} {held:meeting|meetings} in the last 4 weeks."
)
AGENDA_CANCELLED_NOTE = "This one is marked as not happening."
AGENDA_USAGE = (
    "Usage: `/agenda` shows the next meeting; `/agenda set TEXT` records its Signs of Safety item; "
    "`/agenda meeting Tue 10:00 [weekly|fortnightly|monthly] [TITLE]` adds or changes the team meeting; "
    "`/agenda cancel` marks the next meeting as not happening; "
    "`/agenda rotate on|off` lets the team take turns bringing the item."
)
AGENDA_MEETING_SAVED = "Saved: {title}, {every} {day} at {at}. The next one is {when}."
AGENDA_MEETING_ONLY_LEADS = "Only the team's practice leaders and managers can add or change its meetings."
AGENDA_CANCEL_DONE = "Noted: no {title} on {when}. I won't ask for an item."
AGENDA_EVERY = {"weekly": "every", "fortnightly": "every other", "monthly": "the first"}

# one-click suggestions: key → (button label, the item as it goes on the agenda)
SUGGESTIONS: dict[str, tuple[str, str]] = {
    "celebrate": ("Celebrate a good case example", "Celebrate a good case example from the last month"),
    "map-stuck": ("Map a drifting or stuck case", "Map a drifting or stuck case together"),
    "child-view": (
        "The child's view (non-verbal children)",
        "How we hear the child's view from non-verbal children",
    ),
    "danger-statement": ("Practise a danger statement", "Practise writing a danger statement together"),
    "safety-plan": ("Review a safety plan", "Review a safety plan: is it working, who is in the network?"),
    "appreciative-inquiry": (
        "Appreciative inquiry into a success",
        "An appreciative inquiry into a recent success: what did we do that worked?",
    ),
    "group-supervision": ("Group supervision on a current case", "Group supervision on a current case"),
    "words-pictures": ("Words and pictures", "Share a words and pictures explanation that helped a child"),
}

# weekly digest (one per bound channel)
DIGEST_HEADER = "🗞️ This week in {unit}"
DIGEST_WORKING_WELL = "What's working well this week"
"""The digest's first section: the celebrations, then the stories shared and approved."""
DIGEST_THANKED = " thanked "
DIGEST_FOR = " for "
DIGEST_AND = " and "
DIGEST_MORE = "…and {count} more"
DIGEST_STORY_SHARED = "shared"
DIGEST_STORY_APPROVED = "approved for the intranet"
DIGEST_MEETINGS = "Next week's meetings"
DIGEST_GAP = "no Signs of Safety item yet"
DIGEST_NOT_HAPPENING = "not happening"
DIGEST_EVENTS = "Coming up"
DIGEST_VOTES = "Open votes"
DIGEST_VOTE_CLOSES = "closes {when}"
DIGEST_GOING = "Going"
"""A digest button answering "Going" to one event (labelled ``Going: <title>``)."""
DIGEST_VOTE = "Vote"
"""A digest button opening the ballot of one vote (labelled ``Vote: <title>``)."""
DIGEST_THREAD_HEADLINE = "{headline} — the full digest is in the thread."
"""Slack: the short message a long digest is threaded under."""
DIGEST_COVERAGE = Counted(
    "Signs of Safety on the agenda: {with_item} of {held} {held:meeting|meetings} in the last 4 weeks."
)
DIGEST_NOTHING = "Nothing to say this week — no digest would be sent."
DIGEST_UNKNOWN_CHANNEL = "No channel {channel} is linked to a team or locality."

# events and their reminders (seminars, group supervision, case mapping, PL group, partner briefings, gathering)
EVENT_KINDS = {
    "seminar": "Seminar",
    "group_supervision": "Group supervision",
    "case_mapping": "Case mapping session",
    "pl_group": "Practice leader group meeting",
    "partner_briefing": "Partner briefing",
    "gathering": "Signs of Safety gathering",
    "mentoring": "Mentoring session",
    "training": "Training day",
    "other": "Event",
}
EVENT_REMINDER = "⏰ {kind}: "
EVENT_WHEN = "When: {when}"
EVENT_WHERE = "Where: "
EVENT_JOIN = "Join online"
EVENT_CAPACITY = "Places: {capacity}"
EVENT_IN_A_WEEK = "in a week"
EVENT_TOMORROW = "tomorrow"

# implementation pulse (monthly, to each practice leader)
PULSE_QUESTION = (
    "Your monthly pulse for {month}: on a scale of 0 to 10, where 10 means Signs of Safety is how we work "
    "every day and 0 means we have stopped using it — where is your team now?"
)
PULSE_THANKS = "Thank you — {score} noted for {month}."
PULSE_MORE_BUTTON = "What would move it one point up?"
PULSE_FORM_TITLE = "One point up"
PULSE_FORM_FIELD = "What would move it one point up?"
PULSE_FORM_SUBMIT = "Save"
PULSE_MORE_SAVED = "Thank you — noted. It helps the locality plan its seminars and support."
PULSE_BAD_ANSWER = "That answer button is out of date. The next pulse comes next month."
PULSE_TREND_HEADER = "Implementation pulse (average score, 0–10)"
PULSE_NO_ANSWERS = "No pulse answers yet. Practice leaders are asked once a month."
PULSE_NOT_ALLOWED = "The pulse trend is for practice leaders, managers and county leads."

# answered messages: a prompt, an approval or a vote post once it is answered (issue 14)
PROMPT_ANSWERED = "✅ {title} {when}: “{item}” is on the agenda — set by {who}."
"""An answered prompt or reminder (its buttons gone), wherever it was sent."""
VOTE_POST_CLOSED = "This vote has closed: {voted} of {eligible} voted. The result is posted in the channel."
"""A closed vote's channel post (its Vote button gone)."""

# meetings added with `/agenda meeting` and no title of their own (stored in the adder's language)
AGENDA_DEFAULT_TEAM_MEETING = "Team meeting"
AGENDA_DEFAULT_MANAGEMENT_MEETING = "Management team meeting"
