"""Sentences of seminars, votes, events, case maps and partners."""

from __future__ import annotations

from bot.texts.plural import Counted

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
TOPIC_FIELD_WHY = "Why it matters"
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
VOTE_FORM_TITLE = "Open a seminar vote"
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
RESULT_TICKS = Counted("{votes} {votes:tick|ticks}")
RESULT_TIE_APPROVAL = (
    "{titles} had {votes} each; they are in the order they were proposed (the earlier proposal first)."
)
RESULT_ROUND = "Round {n}: {counts}."
RESULT_EXHAUSTED = Counted("{count} {count:ballot|ballots} had no topic left")
RESULT_ELIMINATED = "{title} had the fewest votes and dropped out."
RESULT_TIE_EARLIER = "{titles} tied for fewest; {title} dropped out because it had fewer votes in an earlier round."
RESULT_TIE_ORDER = "{titles} tied for fewest in every round; {title} dropped out because it was proposed last."
RESULT_WINNER = Counted("{title} won with {votes} of {total} {total:vote|votes} in round {n}.")
RESULT_LATER_PLACES = "Each later place was counted the same way, without the topics above it."
RESULT_ORDER = "The topics, best first:"
RESULT_PROGRAMME = "The seminar programme:"
RESULT_NOT_FITTED = Counted(
    "{count} more {count:topic|topics} did not fit in the next 12 months and {count:stays|stay} on the list."
)
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
EVENT_FIELD_MINUTES = "Length in minutes"
EVENT_FIELD_MINUTES_HINT = "Empty: 90 minutes, or 3 hours for a partner briefing"
EVENT_FIELD_PLACE = "Place"
EVENT_FIELD_LINK = "Joining link"
EVENT_FIELD_AUDIENCE = "Who it is for"
EVENT_AUDIENCES = {"team": "The team", "locality": "The locality", "partners": "Partners"}
EVENT_FIELD_CAPACITY = "Places"
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
EVENT_PLACES_LEFT = Counted(" · {left} of {capacity} {capacity:place|places} left")
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
EVENT_FULL = Counted("Sorry, “{title}” is full ({capacity} {capacity:place|places}). Your answer has not changed.")
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
MAP_SCALE_BUTTON = "Safety scale"
MAP_SHOW_BUTTON = "Show the map"
MAP_FINISH_BUTTON = "Finish and export"
MAP_SCALE_HEADING = "Safety scale (0–10)"
MAP_SCALE_QUESTION = (
    "On a scale of 0 to 10, where 10 means everyone is confident the child is safe enough to close the case "
    "and 0 means the child cannot stay as things are — where is this case now?"
)
MAP_NOT_SCALED = "not scaled yet"
MAP_SCALE_PEOPLE = Counted("{count} {count:person|people}")
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
MAP_FINISHED = Counted(
    "The map is finished. I've sent you its export; the bot deletes it after {days} {days:day|days}."
)
MAP_ONLY_OPENER = "Only the person who opened the map can finish and export it."
MAP_EXPORT_INTRO = Counted("🗺️ Your case map “{title}”, as Markdown (the bot deletes it after {days} {days:day|days}):")
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
