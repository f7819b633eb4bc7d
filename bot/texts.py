"""Every sentence the bot says, in one place (ready for translation later).

Wording rules: calm, brief, warm; never blame; always say what to do next.
"""

from __future__ import annotations

from bot.commands import Command

TRY_AGAIN = "Sorry, I couldn't save that just now. Nothing was stored — please try again in a minute."
NOT_SET_UP = "I'm not set up for an organisation yet. An administrator can load one with `plbot org import FILE`."
DUPLICATE_IGNORED = ""

# celebrate
CELEBRATE_NEED_RECIPIENT = "Who would you like to celebrate? Mention them, then say what they did."
CELEBRATE_NEED_WHAT = "What did they do? A few words are enough — it helps others learn from it."
CELEBRATE_TOO_LONG = "That's a lovely long thank-you, but please keep it under {limit} characters."
CELEBRATE_POSTED = "Thank you — your celebration is on its way to the channel."
CELEBRATE_HEADLINE = "🎉 "
CELEBRATE_THANKED = " thanked "
CELEBRATE_TAGS = "Signs of Safety: "

# ideas
IDEA_NEED_TEXT = "What's the idea? For example: `/idea we start every team meeting with one appreciative inquiry`"
IDEA_THANKS = "Thank you — your idea is on its way to {who}."
IDEA_THANKS_NO_PM = "Thank you — your idea is saved. No project manager is set up yet, so it will wait for one."
IDEA_TO_PM = "💡 A good idea from "
IDEA_TO_PM_TAIL = ":"

# good-practice stories
STORY_FORM_TITLE = "Share good practice"
STORY_FORM_SUBMIT = "Share"
STORY_FIELD_TITLE = "A short title"
STORY_FIELD_SITUATION = "What was the situation? (no names or details that could identify a family)"
STORY_FIELD_DID = "What did you do?"
STORY_FIELD_DIFFERENCE = "What difference did it make?"
STORY_FIELD_TOOLS = "Which Signs of Safety tools helped?"
STORY_FIELD_REQUIRED = "Please fill this in."
STORY_FIELD_TOO_LONG = "Please keep this under {limit} characters."
STORY_FIELD_UNKNOWN_TOOL = "Please choose tools from the list."
STORY_SAVED = "Thank you for sharing this. It's saved as “{title}”."
STORY_SUBMIT_BUTTON = "Submit for the intranet"
STORY_SUBMITTED = "Sent to {who} for approval. I'll let you know what they decide."
STORY_SUBMITTED_NO_PL = "Submitted. Your team has no practice leader set up yet, so it will wait for one."
STORY_REVIEW_INTRO = "📖 A good-practice story for the intranet, from "
STORY_APPROVE = "Approve"
STORY_DECLINE = "Decline"
STORY_APPROVED_BY = "✅ Approved by {who}."
STORY_APPROVED_FOR_AUTHOR = "✅ Your story “{title}” was approved for the intranet by {who}. Thank you!"
STORY_DECLINE_FORM_TITLE = "Decline this story"
STORY_DECLINE_REASON = "What would make it ready? (the author will see this)"
STORY_DECLINE_SUBMIT = "Decline"
STORY_DECLINED_BY = "Declined by {who}; the reason went to the author."
STORY_DECLINED_FOR_AUTHOR = "Your story “{title}” wasn't approved for the intranet yet. {who} says:"
STORY_NOT_FOUND = "I can't find that story any more."
STORY_ONLY_AUTHOR = "Only the author can submit this story."
STORY_ONLY_PL = "Only a practice leader for the author's team can approve or decline this story."
STORY_WRONG_STATE = "This story is already {status}."
STORY_LIST_EMPTY = "You haven't shared a story yet. Type `/goodpractice` to share one."
STORY_LIST_HEADER = "Your stories"
STORY_QUEUE_EMPTY = "No stories are waiting for your approval."
STORY_QUEUE_HEADER = "Waiting for your approval"
STORY_SECTION_SITUATION = "The situation"
STORY_SECTION_DID = "What we did"
STORY_SECTION_DIFFERENCE = "The difference it made"
STORY_SECTION_TOOLS = "Tools"
STORY_SHARED_IN_CHANNEL = "📖 Good practice shared by "

# agenda
AGENDA_NO_TEAM = "This channel isn't linked to a team yet. A practice leader can link it with `/sofs setup team NAME`."
AGENDA_NO_MEETING = "I don't know of any upcoming meeting for this team."
AGENDA_NEXT = "Next {title}: {when}"
AGENDA_ITEM_MISSING = "No Signs of Safety item yet — the practice leader will be asked before the meeting."


# settings
SETTINGS_HEADER = "Your settings"
SETTINGS_TIMEZONE = "Time zone"
SETTINGS_HOURS = "Working hours"
SETTINGS_DAYS = "Working days"
SETTINGS_LEAVE = "Leave"
SETTINGS_SNOOZE = "Nudges"
SETTINGS_NONE = "none"
SETTINGS_ACTIVE = "on"
SETTINGS_STOPPED = "stopped (you asked me to stop)"
SETTINGS_SNOOZED = "snoozed until {until}"
SETTINGS_SNOOZE_WEEK = "Snooze 1 week"
SETTINGS_RESUME = "Resume nudges"
SETTINGS_STOP = "Stop these"
SETTINGS_EDIT = "Change settings"
SETTINGS_FORM_TITLE = "Your settings"
SETTINGS_FORM_TZ_HINT = "For example Europe/London"
SETTINGS_FORM_HOURS_HINT = "For example 09:00-17:00"
SETTINGS_FORM_LEAVE_HINT = "Optional: first and last day, for example 2026-12-21 2027-01-02"
SETTINGS_BAD_TIMEZONE = "I don't recognise that time zone. Try a name like Europe/London."
SETTINGS_BAD_HOURS = "Please give hours like 09:00-17:00 (start before end)."
SETTINGS_BAD_LEAVE = "Please give leave as two dates, for example 2026-12-21 2027-01-02 (first day first)."
SETTINGS_SAVED = "Saved."
SETTINGS_SNOOZED_REPLY = "Snoozed: no nudges from me until {until}."
SETTINGS_RESUMED_REPLY = "Nudges are back on."
SETTINGS_STOPPED_REPLY = "I'll stop nudging you. `/sofs settings` turns nudges back on."
SETTINGS_USAGE = (
    "Usage: `/sofs settings` to see them, or `/sofs settings timezone Europe/London`, "
    "`/sofs settings hours 09:00-17:00`, `/sofs settings leave 2026-12-21 2027-01-02`, "
    "`/sofs settings snooze 1w`, `/sofs settings snooze off`."
)

# setup
SETUP_USAGE = "Usage: `/sofs setup team NAME` or `/sofs setup locality NAME`."
SETUP_NOT_ALLOWED = "Only practice leaders, managers and county leads can link channels."
SETUP_UNKNOWN = "I couldn't find a {kind} called “{name}”. Known {kind}s: {known}."
SETUP_DONE = "This channel is now linked to {kind} {name}."
SETUP_DIRECT = "Please run this in the channel you want to link, not in a direct message."

# help and unknown input
HELP_HEADER = "Practice Leader Bot keeps Signs of Safety practice alive between trainings. Here is what I can do:"
HELP_FOOTER = "Never include names or details that could identify a child or family."
UNKNOWN_COMMAND = "I don't know “{word}”. Did you mean {slash}?"
UNKNOWN_SUBCOMMAND = "I don't know “{word}” for {slash}."
USAGE = "Usage: {usage}"


def usage_of(command: Command) -> str:
    """The usage line of a command, for hints."""
    return USAGE.format(usage=command.usage)


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
REPORT_CHART_TITLE = "Weekly activity in {locality}"
REPORT_CHART_DESC = (
    "Celebrations, stories shared and stories approved in each of {weeks} weeks: "
    "{celebrations} celebrations, {stories} stories and {approvals} approvals in all."
)
REPORT_UNKNOWN_LOCALITY = "There is no locality called “{name}”. Known localities: {known}."
REPORT_BAD_DATES = "Please give dates as YYYY-MM-DD, the first on or before the last."


# --- nudges: pre-meeting prompts, agenda, weekly digest, events, implementation pulse (issue 5) ---

NUDGE_SNOOZE = "Snooze 1 week"
NUDGE_STOP = "Stop these"

# the pre-meeting prompt and its one reminder (direct messages to the meeting's chair)
PROMPT_QUESTION = "{title} {when} — what is the Signs of Safety item?"
PROMPT_HINT = "One click is enough, or write your own. I'll post it in the channel before the meeting."
PROMPT_REMINDER = "A gentle reminder: {title} {when} has no Signs of Safety item yet. One click is enough."
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
AGENDA_ONLY_LEADS = "Only the team's practice leaders, the chair or a manager can set the Signs of Safety item."
AGENDA_GONE = "I can't find that meeting any more. `/agenda` shows the next one."
AGENDA_STARTED = "That meeting has already started, so I've noted the item without posting it."

# /agenda
AGENDA_ITEM = "Signs of Safety item: "
AGENDA_COVERAGE = "Signs of Safety was on the agenda at {with_item} of {held} meetings in the last 4 weeks."
AGENDA_CANCELLED_NOTE = "This one is marked as not happening."
AGENDA_USAGE = (
    "Usage: `/agenda` shows the next meeting; `/agenda set TEXT` records its Signs of Safety item; "
    "`/agenda meeting Tue 10:00 [weekly|fortnightly|monthly] [TITLE]` adds or changes the team meeting; "
    "`/agenda cancel` marks the next meeting as not happening."
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
DIGEST_CELEBRATIONS = "Celebrations"
DIGEST_THANKED = " thanked "
DIGEST_AND = " and "
DIGEST_MORE = "…and {count} more"
DIGEST_STORIES = "Good-practice stories"
DIGEST_STORY_SHARED = "shared"
DIGEST_STORY_APPROVED = "approved for the intranet"
DIGEST_MEETINGS = "Next week's meetings"
DIGEST_GAP = "no Signs of Safety item yet"
DIGEST_NOT_HAPPENING = "not happening"
DIGEST_EVENTS = "Coming up"
DIGEST_VOTES = "Open votes"
DIGEST_VOTE_CLOSES = "closes {when}"
DIGEST_COVERAGE = "Signs of Safety on the agenda: {with_item} of {held} meetings in the last 4 weeks."
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

# identifier guard
GUARD_NOT_POSTED = "This could identify a child or family, so I haven't posted or kept it."
GUARD_BLOCKED = "These details can't be posted by anyone. Please take them out and try again."
GUARD_CHECK = (
    "If nobody outside could identify a child or family from this, you can confirm that and post it. "
    "Otherwise please edit it."
)
GUARD_OVERRIDABLE = GUARD_CHECK
GUARD_NOT_OVERRIDABLE = GUARD_BLOCKED
GUARD_EDIT = "Edit"
GUARD_CONFIRM_STATEMENT = "I've checked: nobody outside could identify a child or family from this"
GUARD_POST_ANYWAY = GUARD_CONFIRM_STATEMENT
GUARD_OVERRIDE_REFUSED = (
    "I can't post that, even with your confirmation: it holds details that could identify a child or "
    "family. Please take them out and try again."
)
GUARD_EDIT_TITLE = "Edit before posting"
GUARD_EDIT_LABEL = "Your message (no names or details that could identify a family)"
GUARD_EDIT_SUBMIT = "Check and post"
GUARD_STALE = "That message has expired. Please type it again."
GUARD_FIELD_ERROR = "This could identify a child or family ({what}). Please take it out."
GUARD_FIELD_BLOCKED = "This could identify a child or family ({what}). It can't be posted: please take it out."
GUARD_CONFIRM_LABEL = "Privacy check"
GUARD_CONFIRM_OPTION = GUARD_CONFIRM_STATEMENT
GUARD_CHANNEL_NOTICE_SENT = (
    "I couldn't post that. Please remove the identifying details from your message; "
    "I've sent the details to you privately."
)
GUARD_CHANNEL_NOTICE_OPEN_CHAT = (
    "I couldn't post that. Please remove the identifying details from your message; "
    "open a chat with me to see what was found."
)
GUARD_EDITED_MESSAGE = (
    "Your edited message could identify a child or family. I haven't changed anything I posted; "
    "please take those details out of your message."
)
GUARD_BAD_CHARACTERS = "Your message had hidden characters I can't store, so I left them out."
POSTED_AFTER_WARNING = "posted after a privacy warning"
POSTED_AFTER_WARNING_NOTE = (
    "⚠ This was posted after a privacy warning: its author confirmed nobody outside could identify a "
    "child or family from it. Please read it with that in mind."
)
CONSOLE_CONFIRM_PROMPT = "  {statement}? Type yes to say so, or press Enter: "
GUARD_KINDS = {
    "nhs_number": "NHS number",
    "chi_number": "CHI number",
    "nino": "National Insurance number",
    "upn": "Unique Pupil Number",
    "postcode": "postcode",
    "phone": "phone number",
    "email": "e-mail address",
    "date_of_birth": "date of birth or age",
    "child_name": "a name",
    "address": "an address",
    "school": "a school or nursery",
    "case_reference": "a case reference",
}


def guard_kind(kind: str) -> str:
    """How a kind of identifier is named to users."""
    return GUARD_KINDS.get(kind, kind.replace("_", " "))


# erasure
FORGET_EXPLAIN = (
    "This removes you from Practice Leader Bot: your settings, your celebrations and stories, the posts "
    "that name you (deleted from Slack and Teams where they allow it) and your votes and replies. "
    "It cannot be undone."
)
FORGET_CONFIRM = "Yes, forget me"
FORGET_DONE = "Done: you have been removed. Thank you for everything you shared."


# --- seminars, votes, events, case maps, partners (issue 6) ---

SEMINAR_USAGE = (
    "Usage: `/seminar propose TOPIC [— why]`, `/seminar topics`, `/seminar vote`, `/seminar results`, "
    "`/seminar programme`, `/seminar event`, `/seminar events`."
)
SEMINAR_NO_LOCALITY = (
    "I don't know which locality this is. Please use this in a locality or team channel "
    "(a practice leader can link one with `/sofs setup locality NAME`)."
)
SEMINAR_INTRO = (
    "Seminars in {locality}: propose topics, vote on them together, and the winners become the monthly programme."
)
SEMINAR_PROPOSE_BUTTON = "Propose a topic"
SEMINAR_TOPICS_BUTTON = "Topics"
SEMINAR_VOTE_BUTTON = "Vote"
SEMINAR_PROGRAMME_BUTTON = "Programme"
SEMINAR_EVENTS_BUTTON = "Events"
SEMINAR_UNKNOWN = "I don't know “{word}” for /seminar."

# topic proposals
TOPIC_FORM_TITLE = "Propose a seminar topic"
TOPIC_FIELD_TITLE = "Topic"
TOPIC_FIELD_TITLE_HINT = "For example: the child's view from non-verbal children"
TOPIC_FIELD_WHY = "Why it matters (optional)"
TOPIC_FORM_SUBMIT = "Propose"
TOPIC_EMPTY = "What's the topic? For example `/seminar propose creating danger statements — we find them hard`."
TOPIC_TOO_LONG = "Please keep the topic under {limit} characters and the why under {why_limit}."
TOPIC_PROPOSED = "Thank you — “{title}” is on the list of seminar topics for {locality}."
TOPIC_PROPOSED_POST = "💡 A seminar topic proposed by "
TOPIC_MERGED = (
    "“{title}” is very like “{existing}”, which is already on the list, so I've added your support to it "
    "instead of listing it twice."
)
TOPIC_SECONDED = " (seconded by {count})"
TOPIC_BY = " — proposed by {who}"
TOPIC_LIST_HEADER = "Seminar topics proposed in {locality}"
TOPIC_LIST_EMPTY = "No topics have been proposed in {locality} yet. `/seminar propose TOPIC` adds one."
TOPIC_WITHDRAW = "Withdraw {n}"
TOPIC_WITHDRAWN = "“{title}” is withdrawn."
TOPIC_ONLY_PROPOSER = "Only the person who proposed a topic, or a practice leader, can withdraw it."
TOPIC_IN_VOTE = "“{title}” is in the open vote, so it can't be withdrawn until the vote closes."
TOPIC_GONE = "I can't find that topic any more."
TOPIC_NOT_OPEN = "“{title}” is no longer open (it is {status})."

# votes
VOTE_FORM_TITLE = "Open a vote on seminar topics"
VOTE_FIELD_TOPICS = "Topics"
VOTE_FIELD_CLOSES = "Closes"
VOTE_FIELD_CLOSES_HINT = "A date and time such as 2026-12-04 17:00, or a number of days such as 7 days"
VOTE_FIELD_METHOD = "How people vote"
VOTE_METHOD_APPROVAL = "Tick any number of topics (approval)"
VOTE_METHOD_RANKED = "Put topics in order (ranked choice)"
VOTE_FIELD_RESULTS = "Results"
VOTE_RESULTS_HIDDEN = "Hidden until the vote closes"
VOTE_RESULTS_LIVE = "Shown as people vote"
VOTE_FIELD_PARTNERS = "Partners"
VOTE_PARTNERS_INVITE = "Invite the locality's partners to vote"
VOTE_PARTNERS_NO = "Staff of the locality only"
VOTE_FORM_SUBMIT = "Open the vote"
VOTE_TITLE = "{locality} seminar topics"
VOTE_NEED_TOPICS = "Please pick at least two of the open topics."
VOTE_BAD_CLOSE = (
    "Please give a closing time at least an hour from now and within 60 days, such as 2026-12-04 17:00 or 7 days."
)
VOTE_BAD_CHOICE = "Please pick one of the options."
VOTE_NO_TOPICS = "A vote needs at least two open topics. `/seminar propose TOPIC` adds one."
VOTE_ONLY_PL = "Only practice leaders of {locality} (or county leads) can do this."
VOTE_ALREADY_OPEN = "A vote is already open in {locality}; it closes {when}."
VOTE_NONE_OPEN = "No vote is open in {locality} just now. A practice leader can open one with `/seminar vote`."
VOTE_OPENED = "The vote is open until {when}. I've posted it in the channel."
VOTE_POST_HEADER = "🗳️ Vote: {title}"
VOTE_HOW_APPROVAL = "Tick every topic you would come to. You can change your ballot until the vote closes."
VOTE_HOW_RANKED = "Put the topics in your order of preference. You can change your ballot until the vote closes."
VOTE_CLOSES = "Closes {when}."
VOTE_HIDDEN = "Results are hidden until the vote closes."
VOTE_TURNOUT = "{voted} of {eligible} have voted."
VOTE_STANDINGS = "So far:"
VOTE_NONVOTERS_BUTTON = "Who hasn't voted"
VOTE_CLOSE_BUTTON = "Close now"
VOTE_NOT_MEMBER = (
    "Only staff of {locality} and the partners invited to this vote can vote in it. If you should be included, "
    "please ask one of its practice leaders ({leaders})."
)
VOTE_IS_CLOSED = "This vote has closed. `/seminar results` shows the result."
VOTE_BALLOT_TITLE = "Your ballot"
VOTE_BALLOT_TOPICS = "Topics you would come to"
VOTE_BALLOT_CHOICE = "Choice {n}"
VOTE_BALLOT_SUBMIT = "Vote"
VOTE_BALLOT_EMPTY = "Please tick at least one topic."
VOTE_BALLOT_FIRST = "Please choose at least your first choice."
VOTE_BALLOT_REPEAT = "Each topic can be chosen only once."
VOTE_BALLOT_SAVED = "Thank you — your ballot is saved. You can change it until {when}."
VOTE_BALLOT_CHANGED = "Your ballot is changed. You can change it again until {when}."
VOTE_NONVOTERS_HEADER = "Not voted yet ({count} of {eligible}):"
VOTE_NONVOTERS_NONE = "Everyone who can vote has voted."
VOTE_INVITED = "{names} can now vote in “{title}”."
VOTE_INVITE_USAGE = "Usage: `/seminar invite @who` (practice leaders, while a vote is open)."
VOTE_REMINDER = "🗳️ The vote on {title} closes {when}, and you haven't voted yet. It takes a minute."
VOTE_GONE = "I can't find that vote any more."
VOTE_CLOSED_BY_YOU = "The vote is closed and the result is on its way to the channel."

# results
RESULT_HEADER = "🗳️ The vote on {title} has closed."
RESULT_TURNOUT = "{voted} of {eligible} voted."
RESULT_NO_BALLOTS = "Nobody voted, so the programme stays as it is."
RESULT_TICKS = "{votes} ticks"
RESULT_TICK = "1 tick"
RESULT_TIE_APPROVAL = (
    "{titles} had {votes} each; they are in the order they were proposed (the earlier proposal first)."
)
RESULT_ROUND = "Round {n}: {counts}."
RESULT_EXHAUSTED = "{count} ballots had no topic left"
RESULT_ELIMINATED = "{title} had the fewest votes and dropped out."
RESULT_TIE_EARLIER = "{titles} tied for fewest; {title} dropped out because it had fewer votes in an earlier round."
RESULT_TIE_ORDER = "{titles} tied for fewest in every round; {title} dropped out because it was proposed last."
RESULT_WINNER = "{title} won with {votes} of {total} votes in round {n}."
RESULT_LATER_PLACES = "Each later place was counted the same way, without the topics above it."
RESULT_ORDER = "The topics, best first:"
RESULT_PROGRAMME = "The seminar programme:"
RESULT_NOT_FITTED = "{count} more topics did not fit in the next 12 months and stay on the list."
RESULT_DEFAULT_RULE = "{locality} has no seminar rule I can read, so I used “{rule}”."
RESULTS_NONE = "No vote has closed in {locality} yet."

# programme
PROGRAMME_HEADER = "Seminar programme for {locality} ({rule})"
PROGRAMME_EMPTY = "No seminars are planned in {locality} yet. The winners of a topic vote fill the monthly slots."
PROGRAMME_OPEN_SLOT = "(no topic yet)"
PROGRAMME_MOVED = " (moved from {day}, a bank holiday)"
PROGRAMME_UP = "Move {n} up"
PROGRAMME_CANCEL = "Cancel {n}"
PROGRAMME_USAGE = (
    "Usage: `/seminar swap 1 3`, `/seminar move 3 1` or `/seminar cancel 2` (numbers from `/seminar programme`)."
)
PROGRAMME_BAD_NUMBER = "There is no seminar number {n} in the programme (1 to {count})."
PROGRAMME_SWAPPED = "Swapped: seminars {first} and {second}."
PROGRAMME_REORDERED = "Moved seminar {first} to place {second}; the others follow in order."
PROGRAMME_CANCELLED = "Cancelled the seminar on {when}. I've told the {count} who said they were going."
PROGRAMME_TOPIC_BACK = "“{title}” is back on the topic list."
PROGRAMME_GONE = "That seminar is no longer in the programme."

# events
EVENT_FORM_TITLE = "A new event"
EVENT_FIELD_KIND = "What kind"
EVENT_FIELD_TITLE = "Title"
EVENT_FIELD_DATE = "Date"
EVENT_FIELD_DATE_HINT = "For example 2026-12-10"
EVENT_FIELD_TIME = "Start time"
EVENT_FIELD_TIME_HINT = "For example 13:00"
EVENT_FIELD_MINUTES = "Length in minutes (optional)"
EVENT_FIELD_MINUTES_HINT = "Empty: 90 minutes, or 3 hours for a partner briefing"
EVENT_FIELD_PLACE = "Place (optional)"
EVENT_FIELD_LINK = "Joining link (optional)"
EVENT_FIELD_AUDIENCE = "Who it is for"
EVENT_AUDIENCES = {"team": "The team", "locality": "The locality", "partners": "Partners"}
EVENT_FIELD_CAPACITY = "Places (optional)"
EVENT_FIELD_PARTNERS = "Partner groups being briefed (partner briefings)"
EVENT_FORM_SUBMIT = "Create"
EVENT_REQUIRED = "Please fill this in."
EVENT_BAD_DATE = "Please give a date such as 2026-12-10, from today on."
EVENT_BAD_TIME = "Please give a time such as 13:00, later than now."
EVENT_BAD_MINUTES = "Please give the length in minutes, from 15 to 480."
EVENT_BAD_CAPACITY = "Please give the number of places as a whole number from 1, or leave it empty."
EVENT_BAD_LINK = "Please give a link starting with https://, or leave it empty."
EVENT_TOO_LONG = "Please keep this under {limit} characters."
EVENT_ONLY_LEADS = "Only practice leaders, managers and county leads can create events."
EVENT_CREATED = "“{title}” is in the calendar for {when}. I've posted it in the channel."
EVENT_POST_HEADER = "📅 {kind}: "
EVENT_POST_WHEN = "When: {when}"
EVENT_POST_WHERE = "Where: "
EVENT_POST_FOR = "For: {audience}"
EVENT_JOIN_ONLINE = "Join online"
EVENT_COUNTS = "Going {going} · Maybe {maybe} · Can't {cant}"
EVENT_PLACES_LEFT = " · {left} of {capacity} places left"
EVENT_ANSWERS = {"going": "Going", "maybe": "Maybe", "cant": "Can't"}
EVENT_ADD_TO_CALENDAR = "Add to Outlook or any calendar (.ics)"
EVENT_BRING_A_CASE = (
    "Bring a case you'd like help with — anonymised: no names, dates of birth, addresses, schools or "
    "anything else that could identify a child or family."
)
EVENT_RSVP_SAVED = {
    "going": "You're going to “{title}” — see you there.",
    "maybe": "Noted as maybe for “{title}”.",
    "cant": "Noted: you can't make “{title}”. Thank you for letting us know.",
}
EVENT_FULL = "Sorry, “{title}” is full ({capacity} places). Your answer has not changed."
EVENT_GONE = "That event is no longer happening."
EVENT_STARTED = "That event has already started."
EVENTS_HEADER = "Coming up in {unit}"
EVENTS_NONE = "No events are planned in {unit}. `/seminar event` adds one."
EVENT_CANCEL = "Cancel this event"
EVENT_ONLY_ORGANISER = "Only the organiser or a practice leader can cancel an event."
EVENT_CANCELLED_NOTICE = "❌ Cancelled: {kind} “{title}” on {when}. You said you were going, so I wanted you to know."
EVENT_CANCELLED = "Cancelled “{title}”. I've told the {count} who said they were going."

# case maps (/map)
MAP_USAGE = (
    "Usage: `/map TITLE` opens a case map for (group) supervision, about an anonymised case "
    "(for example “Family A — a drifting case”); then `/map worried TEXT`, `/map well TEXT`, `/map next TEXT`, "
    "`/map scale 0-10`, `/map show` and `/map finish`."
)
MAP_ANONYMISE = "Use an anonymised case: no names, dates of birth, addresses, schools or case numbers."
MAP_OPENED_POST = "🗺️ Case mapping: "
MAP_OPENED_BY = " — opened by "
MAP_OPENED = "The case map is open in this channel. Everyone here can add to it; you finish and export it."
MAP_HEADINGS = {
    "worried": "What are we worried about?",
    "working_well": "What's working well?",
    "next_steps": "What needs to happen?",
}
MAP_ADD_BUTTONS = {
    "worried": "Add a worry",
    "working_well": "Add what's working well",
    "next_steps": "Add what needs to happen",
}
MAP_WORDS = {"worried": "worried", "worry": "worried", "well": "working_well", "next": "next_steps"}
MAP_SCALE_BUTTON = "Safety scale"
MAP_SHOW_BUTTON = "Show the map"
MAP_FINISH_BUTTON = "Finish and export"
MAP_SCALE_HEADING = "Safety scale (0–10)"
MAP_SCALE_QUESTION = (
    "On a scale of 0 to 10, where 10 means everyone is confident the child is safe enough to close the case "
    "and 0 means the child cannot stay as things are — where is this case now?"
)
MAP_NOT_SCALED = "not scaled yet"
MAP_SCALE_ONE_PERSON = "1 person"
MAP_SCALE_PEOPLE = "{count} people"
MAP_SCALE_RANGE = "{people}: {low} to {high}, middle {middle}"
MAP_SCALE_SAME = "{people}: {score}"
MAP_NOTHING_YET = "—"
MAP_CREATED = "Mapped on {when}"
MAP_FORM_TITLE = "Add to the case map"
MAP_FORM_SUBMIT = "Add"
MAP_FORM_HINT = "No names or details that could identify a child or family."
MAP_ADDED = "Added to “{column}”. Thank you."
MAP_SCORED = "Your scale of {score} is noted."
MAP_EMPTY_ENTRY = "Please write what to add."
MAP_TOO_LONG = "Please keep it under {limit} characters."
MAP_NONE_OPEN = "There is no open case map here. `/map TITLE` opens one."
MAP_FINISHED = "The map is finished. I've sent you its export; the bot deletes it after {days} days."
MAP_ONLY_OPENER = "Only the person who opened the map can finish and export it."
MAP_EXPORT_INTRO = "🗺️ Your case map “{title}”, as Markdown (the bot deletes it after {days} days):"
MAP_HTML_BUTTON = "HTML version"
MAP_HTML_INTRO = "The HTML version of “{title}”:"
MAP_GONE = "That case map has finished or has been deleted."
MAP_BAD_SCALE = "Please give a whole number from 0 to 10."
MAP_DIRECT = "Please open a case map in the channel where the supervision happens, not in a direct message."

# partners (/sofs partner)
PARTNER_USAGE = (
    "Usage: `/sofs partner list`, `/sofs partner add NAME [— kind]`, `/sofs partner briefed NAME [YYYY-MM-DD]`."
)
PARTNER_LIST_HEADER = "Partners of {locality}"
PARTNER_BRIEFED = "briefed {when}"
PARTNER_PLANNED = "briefing planned {when}"
PARTNER_NOT_YET = "not briefed yet"
PARTNER_NONE = "{locality} has no partner organisations listed yet. `/sofs partner add NAME` adds one."
PARTNER_ADDED = "{name} is now a partner of {locality}."
PARTNER_EXISTS = "{name} is already a partner of {locality}."
PARTNER_UNKNOWN = "{locality} has no partner called “{name}”. Its partners: {known}."
PARTNER_RECORDED = "Recorded: {name} briefed on {day}."
PARTNER_BAD_DATE = "Please give the day of the briefing as YYYY-MM-DD, today or earlier."
PARTNER_ONLY_LEADS = "Only practice leaders, managers and county leads can change partners and briefings."

# web: event calendar files
WEB_EVENT_GONE_TITLE = "Event not found"
WEB_EVENT_GONE = "There is no such event (it may have been removed)."

# locality review posted to a channel
REVIEW_POST_HEADER = "📊 {locality}: how we are doing, {start} – {end}"
REVIEW_POST_WEEKS = "Celebrations per week"
REVIEW_POST_LINK = "The full review with its chart"
REVIEW_POST_BUTTON = "Post this summary to the locality channels"
REVIEW_POSTED = "The summary is on its way to {count} channel(s)."
REVIEW_NO_CHANNEL = "This locality has no channel linked yet (`/sofs setup locality NAME` in its channel)."
