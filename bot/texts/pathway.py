"""Sentences of the trainer pathway (``/sofs pathway``, the county view) and of the leadership spread."""

from __future__ import annotations

from bot.texts.plural import Counted

# --- the trainer pathway (issue 18) ---------------------------------------------------------------

PATHWAY_STEPS = {
    "shadowed": "Shadowed a training day",
    "co-delivered": "Co-delivered a module",
    "delivered": "Delivered the two-day training",
}
PATHWAY_NEXT = {
    "shadowed": "shadow a trainer for a training day, then record it with `/sofs pathway shadowed [DATE]`.",
    "co-delivered": "co-deliver a module with a trainer, then record it with `/sofs pathway co-delivered [DATE]`.",
    "delivered": "deliver the two-day training, then record it with `/sofs pathway delivered [DATE]`.",
}
PATHWAY_HEADER = "Your trainer pathway"
PATHWAY_INTRO = (
    "Three steps towards delivering the two-day Signs of Safety training. You record each one; "
    "the project manager or the principal social worker confirms it."
)
PATHWAY_CONFIRMED = "✅ {day} — confirmed by {who} on {confirmed}"
PATHWAY_CONFIRMED_UNSIGNED = "✅ {day} — confirmed on {confirmed}"
PATHWAY_WAITING = "⏳ {day} — waiting for confirmation"
PATHWAY_NOT_YET = "not yet"
PATHWAY_MINUTES = " ({minutes} minutes)"
PATHWAY_NEXT_LINE = "Next: {next}"
PATHWAY_ALL_DONE = "You have delivered the two-day training. Thank you for training your colleagues!"
PATHWAY_USAGE = (
    "Usage: `/sofs pathway` shows your steps; `/sofs pathway shadowed|co-delivered|delivered [YYYY-MM-DD] [MINUTES]` "
    "records one (today by default)."
)
PATHWAY_BAD_DATE = "Please give the day as YYYY-MM-DD, today or earlier."
PATHWAY_BAD_MINUTES = "Please give the minutes as a whole number from 1 to {limit}."
PATHWAY_RECORDED = "Recorded: {step}, {day}{minutes}. I've asked {who} to confirm it."
PATHWAY_AND = " and "
PATHWAY_RECORDED_NOBODY = (
    "Recorded: {step}, {day}{minutes}. No project manager or principal social worker is set up yet to confirm it, "
    "so it waits for one."
)
PATHWAY_NOTE_NOT_KEPT = (
    "Your note was not kept: the pathway holds only the step, its day and the minutes, never case details."
)
PATHWAY_ALREADY_CONFIRMED = "{step} is already confirmed ({day}), so it stays as it is."
PATHWAY_ASK = "🎓 Trainer pathway: "
PATHWAY_ASK_TAIL = " recorded “{step}” on {day}{minutes}. Can you confirm it?"
PATHWAY_CONFIRM_BUTTON = "Confirm"
PATHWAY_CONFIRM_DONE = "Confirmed: {step} ({day}) for {person}. Thank you."
PATHWAY_CONFIRM_ALREADY = "This step is already confirmed, by {who} on {confirmed}."
PATHWAY_CONFIRM_ALREADY_UNSIGNED = "This step is already confirmed, on {confirmed}."
PATHWAY_CONFIRM_ONLY_COUNTY = (
    "Only the project manager or the principal social worker can confirm a trainer pathway step."
)
PATHWAY_CONFIRM_NOT_OWN = "You can't confirm your own step: another project manager or principal social worker will."
PATHWAY_CONFIRM_GONE = "I can't find that step any more (it may have been removed), so there is nothing to confirm."
PATHWAY_CONFIRMED_NOTE = "🎓 Your trainer pathway step “{step}” ({day}) was confirmed by {who}. Well done!"

# the county view on the dashboard
WEB_PATHWAY_TITLE = "Trainer pathway: who is at which step"
WEB_PATHWAY_INTRO = (
    "Who has shadowed a training day, co-delivered a module or delivered the two-day training, so that "
    "learning and development can plan sessions. Only the project manager and the principal social worker "
    "see this page."
)
WEB_PATHWAY_PERSON = "Person"
WEB_PATHWAY_REACHED = "Furthest step recorded"
WEB_PATHWAY_STATUS = "Confirmed"
WEB_PATHWAY_CONFIRMED_STEP = "Furthest step confirmed"
WEB_PATHWAY_YES = "Yes, by {who} on {confirmed}"
WEB_PATHWAY_YES_UNSIGNED = "Yes, on {confirmed}"
WEB_PATHWAY_WAITING = "Waiting for confirmation"
WEB_PATHWAY_NONE = "—"
WEB_PATHWAY_EMPTY = "Nobody has recorded a trainer pathway step yet."
WEB_PATHWAY_COUNTS = Counted("{count} {count:person|people} at “{step}”")
WEB_PATHWAY_ONLY_COUNTY_TITLE = "For the county leads"
WEB_PATHWAY_ONLY_COUNTY = (
    "The trainer pathway names people, so only the project manager and the principal social worker see it."
)

# --- the leadership spread (issue 18) -------------------------------------------------------------

LEADERSHIP_TITLE = "Leadership spread"
LEADERSHIP_INTRO = (
    "The share of staff, by role, who led something in the quarter: set a Signs of Safety item, shared a story, "
    "proposed a seminar topic, ran an event or celebrated a colleague. Each person counts once. "
    "No names; a group of fewer than 3 people is not shown on its own."
)
LEADERSHIP_QUARTER = "{year} Q{number}"
LEADERSHIP_SHARE = "{percent}% ({led} of {staff})"
LEADERSHIP_SUPPRESSED = "not shown (fewer than {minimum})"
LEADERSHIP_FEWER = "fewer than {minimum}"
LEADERSHIP_ROLE = "Role"
LEADERSHIP_STAFF = "Staff"
LEADERSHIP_THIS_QUARTER = "This quarter ({quarter})"
LEADERSHIP_PREVIOUS_QUARTER = "Previous quarter ({quarter})"
LEADERSHIP_ROLES = {
    "principal_social_worker": "Principal social workers",
    "project_manager": "Project managers",
    "manager": "Managers",
    "practice_leader": "Practice leaders",
    "member": "Team members (practitioners)",
}
LEADERSHIP_OTHER_ROLES = "Other roles together ({roles})"
LEADERSHIP_EVERYONE = "Everyone"
LEADERSHIP_NO_STAFF = "No staff in this scope yet."
