"""Sentences of the identifier guard and of erasure (``/sofs forget``)."""

from __future__ import annotations

# identifier guard
GUARD_NOT_POSTED = "This could identify a child or family, so I haven't posted or kept it."
GUARD_BLOCKED = "These details can't be posted by anyone. Please take them out and try again."
GUARD_CHECK = (
    "If nobody outside could identify a child or family from this, you can confirm that and post it. "
    "Otherwise please edit it."
)
GUARD_EDIT = "Edit"
GUARD_CONFIRM_STATEMENT = "I've checked: nobody outside could identify a child or family from this"
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


# erasure
FORGET_EXPLAIN = (
    "This removes you from Practice Leader Bot: your settings, your celebrations and stories, the posts "
    "that name you (deleted from Slack and Teams where they allow it) and your votes and replies. "
    "It cannot be undone."
)
FORGET_CONFIRM = "Yes, forget me"
FORGET_DONE = "Done: you have been removed. Thank you for everything you shared."
