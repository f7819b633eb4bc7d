"""Sentences of the PL space (issue 18): the weekly PL digest, "how we've fared" and its summary."""

from __future__ import annotations

from bot.texts.plural import Counted

# the weekly PL digest in the county PL group's channel
PL_DIGEST_HEADER = Counted("📚 Stories approved across the county this week: {count}")
PL_DIGEST_INTRO = "Good practice from every locality, approved by its practice leaders."
PL_DIGEST_LINE = " — {locality}"
PL_DIGEST_COUNTY = "county"
"""The "locality" of a story that belongs to no team."""
PL_DIGEST_PUBLISHED = " (on the intranet)"
PL_DIGEST_MORE = Counted("…and {count} more {count:story|stories}")
PL_DIGEST_INTRANET = "Read the published ones on the intranet"

# "how we've fared": the one-line question to each locality's practice leader before a County PL meeting
FARED_QUESTION = "How has {locality} fared since the last PL meeting? One line, please."
FARED_CONTEXT = "It goes into a one-page summary for the {title} on {when}. No names or details of families."
FARED_WRITE = "Write our line"
FARED_FORM_TITLE = "How we've fared"
FARED_FORM_FIELD = "How has {locality} fared since the last PL meeting?"
FARED_FORM_HINT = "One line, for example: two teams now map every new case together"
FARED_FORM_SUBMIT = "Send"
FARED_EMPTY = "Please write one line about how your locality has fared."
FARED_TOO_LONG = "Please keep it to one line (under {limit} characters)."
FARED_SAVED = "Thank you — {locality}'s line is in for the {title} on {when}: “{line}”"
FARED_REPLACED = "It replaces the line that was there."
FARED_LATE = "The summary has already been posted, so this line is kept but not in it."
FARED_GONE = "I can't find that PL meeting any more, or it has already started."
FARED_ONLY_PLS = "Only a practice leader of {locality} can write its line."
FARED_NO_LOCALITY = "I can't find that locality any more."

# the summary posted in the PL group's channel before the meeting
FARED_SUMMARY_HEADER = "🧭 How we've fared — {title}, {when}"
FARED_SUMMARY_INTRO = "One line from each locality's practice leaders, ahead of the meeting."
FARED_NO_UPDATE = "no update"
FARED_SUMMARY_COUNT = Counted("{answered} of {total} {total:locality|localities} sent a line.")
