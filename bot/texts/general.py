"""General sentences, and those of the everyday chat commands.

Celebrate, ideas, good-practice stories, the agenda, settings, setup and help.
"""

from __future__ import annotations

TRY_AGAIN = "Sorry, I couldn't save that just now. Nothing was stored — please try again in a minute."
NOT_SET_UP = "I'm not set up for an organisation yet. An administrator can load one with `plbot org import FILE`."
DUPLICATE_IGNORED = ""
CONSOLE_INPUT_ENDED_IN_FORM = "The input ended in the middle of a form, so the form was not sent."
FORM_SUBMIT = "Submit"
"""A form's button when the form names none of its own."""
FORM_OPTIONAL = "(optional)"
"""Shown after an optional field's label by the renderers that do not mark it themselves (labels never carry it)."""

# celebrate
CELEBRATE_NEED_RECIPIENT = "Who would you like to celebrate? Mention them, then say what they did."
CELEBRATE_NEED_WHAT = "What did they do? A few words are enough — it helps others learn from it."
CELEBRATE_TOO_LONG = "That's a lovely long thank-you, but please keep it under {limit} characters."
CELEBRATE_POSTED = "Thank you — your celebration is on its way to the channel."
CELEBRATE_FORM_TITLE = "Thank a colleague"
CELEBRATE_FORM_SUBMIT = "Post the thanks"
CELEBRATE_FORM_WHO = "Who would you like to thank?"
CELEBRATE_FORM_WHAT = "What did they do?"
CELEBRATE_FORM_WHAT_HINT = "A few words about the practice, e.g. the danger statement with the family"
CELEBRATE_HEADLINE = "🎉 "
CELEBRATE_THANKED = " thanked "
CELEBRATE_AND = " and "
"""Between the last two people thanked (``Sam, Priya and Jo``)."""
CELEBRATE_TAGS = "Signs of Safety: "
CELEBRATE_UNKNOWN = "I don't know {who}, so nothing was posted."
CELEBRATE_UNKNOWN_SUGGEST = "I don't know {who} — did you mean {suggestion}? Nothing was posted."
CELEBRATE_ONLY_SELF = (
    "It's good to notice your own work, but celebrations are for thanking colleagues. "
    "Mention who helped, or share what worked with `/goodpractice`."
)
CELEBRATE_SELF_LEFT_OUT = "I left you out of the thank-you: celebrations are for colleagues."

# ideas
IDEA_FORM_TITLE = "Send an idea"
IDEA_FORM_SUBMIT = "Send it"
IDEA_FORM_LABEL = "What worked locally that others could try?"
IDEA_FORM_NEED_TEXT = "What's the idea? A sentence or two is enough."
IDEA_STATUS_LABELS = {
    "new": "new",
    "thanked": "thanked",
    "shared": "shared with all practice leaders",
    "in_progress": "in progress",
    "done": "done",
}
IDEA_FROM_SOMEONE = "someone who has since left"
IDEA_STATUS_NOTE = "Your idea “{idea}” is now {status}. Thank you for sending it."
IDEA_STATUS_SET = "The idea is now {status}; its sender has been told."
IDEA_STATUS_ONLY_PM = "Only the county project manager can change where an idea is."
IDEA_STATUS_GONE = "That idea no longer exists."
IDEA_SHARED_POST = "💡 An idea worth trying, from "
IDEA_SHARED_POST_TAIL = ", shared by the project manager:"
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
STORY_STATUS_LABELS = {
    "draft": "draft",
    "submitted": "waiting for approval",
    "shared": "shared with the team",
    "approved": "approved",
    "published": "published",
    "declined": "declined",
    "withdrawn": "withdrawn",
}
"""Where a story is, as its author and the dashboard show it (the stored status is the key)."""
NOMINEE_KINDS = {"celebration": "Celebration", "story": "Story"}
"""What a nomination for the gathering is, on the dashboard."""
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
    "`/sofs settings snooze 1w`, `/sofs settings snooze off`, `/sofs settings language cy`."
)
SETTINGS_LANGUAGE = "Language"
SETTINGS_LANGUAGE_AUTO = "Automatic: {language}"
"""No language chosen: the one from the organisation file or the platform, named in itself (``Cymraeg``)."""
SETTINGS_LANGUAGE_AUTO_OPTION = "Automatic (as my organisation or Slack/Teams says)"
SETTINGS_BAD_LANGUAGE = "I can write in English or Cymraeg: try `/sofs settings language cy`, `en` or `auto`."

# setup
SETUP_USAGE = "Usage: `/sofs setup team NAME` or `/sofs setup locality NAME`."
SETUP_NOT_ALLOWED = "Only practice leaders, managers and county leads can link channels."
SETUP_UNKNOWN = "I couldn't find a {kind} called “{name}”. Known {kind}s: {known}."
SETUP_DONE = "This channel is now linked to {kind} {name}."
SETUP_DIRECT = "Please run this in the channel you want to link, not in a direct message."

# help and unknown input
HELP_HEADER = "Practice Leader Bot keeps Signs of Safety practice alive between trainings. Here is what I can do:"
HELP_ENTRY = "{summary} e.g. {example}"
"""One command in the help: its one-line help, then its first example."""
HELP_FOOTER = "Never include names or details that could identify a child or family."
UNKNOWN_COMMAND = "I don't know “{word}”. Did you mean {slash}?"
UNKNOWN_SUBCOMMAND = "I don't know “{word}” for {slash}."
USAGE = "Usage: {usage}"

# first contact: the welcome, and answers to plain words in a direct chat or an @mention
WELCOME = (
    "Hello, I'm Practice Leader Bot. I help your team keep Signs of Safety practice alive between "
    "trainings: thanking colleagues, sharing good practice, the Signs of Safety item on meeting "
    "agendas, and seminars on topics your locality chooses."
)
WELCOME_PRIVACY = "I never hold anything that could identify a child or family, and I'll stop you if a message might."
WELCOME_CHANNEL = (
    "Hello everyone, I'm Practice Leader Bot. Thank a colleague here with `/celebrate @name what they did`, "
    "share a good-practice story with `/goodpractice`, and type `/sofs help` to see the rest. "
    "Please never include anything that could identify a child or family."
)
WELCOME_BIND = (
    "This channel isn't linked to a team or locality yet, so it gets no digest or meeting nudges. "
    "A practice leader can link it here with `/sofs setup team NAME` or `/sofs setup locality NAME`."
)
CHAT_GREETING = "Hello! What would you like to do?"
CHAT_THANKS = "You're welcome. Thanks for keeping Signs of Safety practice going."
CHAT_HELP = "Here are the three things people use most. `/sofs help` lists everything."
CHAT_NOT_UNDERSTOOD = "I didn't catch that. Did you mean {slash}? Try {usage}, or `/sofs help` for everything."
CHAT_MENTION_HELP = (
    "Hello! Type `/sofs help` to see what I can do, or `/celebrate @name what they did` to thank someone."
)
HOW_TO_CELEBRATE = (
    "Thank colleagues in their team channel: `/celebrate @name what they did`, for example "
    "`/celebrate @sam.okafor for the danger statement with the family`."
)
HOW_TO_STOP_NUDGES = (
    "Nudges respect your working hours and leave. `/sofs settings snooze 1w` pauses them for a week; "
    "the button below stops them until you turn them back on."
)
BUTTON_THANK = "Thank a colleague"
BUTTON_SHARE = "Share good practice"
BUTTON_SETTINGS = "My settings"
BUTTON_STOP_NUDGES = "How to stop nudges"
BUTTON_TRY_CELEBRATE = "Try /celebrate"
BUTTON_ALL_COMMANDS = "All commands"

# what needs me (App Home, /sofs)
NEEDS_ME_HEADER = "What needs you"
NEEDS_ME_NOTHING = "Nothing is waiting for you. Thank you."
NEEDS_ME_APPROVALS = "Approvals"
NEEDS_ME_APPROVALS_LINE = "Good-practice stories waiting for you: {count}. `/goodpractice queue`"
NEEDS_ME_ITEM = "Signs of Safety item"
NEEDS_ME_ITEM_LINE = "{title}, {when}: `/agenda set ITEM`"
NEEDS_ME_VOTE = "Open vote"
NEEDS_ME_VOTE_LINE = "{title}: `/seminar vote`"
NEEDS_ME_RSVP = "Are you going?"
NEEDS_ME_RSVP_LINE = "{title}, {when}: `/seminar events`"
HOME_INTRO = "Signs of Safety practice, kept alive between trainings. Type `/sofs help` in any channel."
HOME_NOT_KNOWN = "I don't know you yet: use any command once and I'll add you."
HOME_CELEBRATIONS = "Your recent celebrations"
HOME_NO_CELEBRATIONS = "No celebrations yet. Thank a colleague with `/celebrate @name what they did`."
POST_MENU_CELEBRATION = "This celebration can be edited or withdrawn by its author (or removed by a practice leader)."
POST_MENU_STORY = "This good-practice story can be edited or withdrawn by its author."
POST_MENU_NOT_OURS = "I can only edit or withdraw celebrations and good-practice stories I posted."
DIALOG_TITLE = "Practice Leader Bot"
DIALOG_DONE = "Done."
DIALOG_OPEN = "Fill in privately"
DIALOG_EXPIRED = "This form has expired. Please run the command again."
STORY_FIELD_SHARE = "Who should see it first?"
STORY_SHARE_TEAM = "Share with the team now"
STORY_SHARE_PL = "Send to my practice leader first"
STORY_FIELD_CHOOSE = "Please choose one."
STORY_EDIT_FORM_TITLE = "Edit your story"
STORY_EDIT_SUBMIT = "Save"
STORY_EDIT_BUTTON = "Edit"
STORY_EDIT_RESUBMIT_BUTTON = "Edit and resubmit"
STORY_WITHDRAW_BUTTON = "Withdraw"
STORY_UPDATED = "Your story “{title}” is updated."
STORY_WITHDRAWN = "Your story “{title}” is withdrawn. Any post of it in the channel is being removed."
STORY_ONLY_AUTHOR_EDIT = "Only the author can edit or withdraw this story."
CELEBRATE_EDIT_BUTTON = "Edit"
CELEBRATE_WITHDRAW_BUTTON = "Withdraw"
CELEBRATE_EDIT_FORM_TITLE = "Edit your thanks"
CELEBRATE_EDIT_SUBMIT = "Save"
CELEBRATE_UPDATED = "Updated. The post in the channel is being replaced with your new wording."
CELEBRATE_WITHDRAWN = "Withdrawn. The post is being removed from the channel."
CELEBRATE_NOT_FOUND = "I can't find that celebration any more."
CELEBRATE_ONLY_AUTHOR = "Only the person who wrote this thanks can edit it."
CELEBRATE_ONLY_AUTHOR_OR_PL = "Only its author or a practice leader for the team can remove this post."
CELEBRATE_REMOVE_BUTTON = "Remove from channel"
