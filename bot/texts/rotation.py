"""Sentences of the rotating Signs of Safety item (issue 18): the prompt in turn, the back-up, ``/agenda rotate``."""

from __future__ import annotations

# the prompt to the member whose turn it is, and the back-up's message when nothing has come in
PROMPT_YOUR_TURN = "It's your turn to bring the Signs of Safety item to this meeting; {backup} is the back-up."
PROMPT_YOUR_TURN_ALONE = "It's your turn to bring the Signs of Safety item to this meeting."
PROMPT_BACKUP = (
    "It was {member}'s turn to bring the Signs of Safety item and nothing has come in yet, "
    "so I'm asking you as the back-up."
)
PROMPT_BACKUP_SOMEONE = "a colleague"
"""Who had the turn, when they are no longer known (left the organisation)."""

# /agenda
AGENDA_TURN = "No Signs of Safety item yet — it's {member}'s turn to bring it (the practice leader is the back-up)."
AGENDA_ROTATION_ON_NOTE = "The Signs of Safety item goes round the team in turn (`/agenda rotate off` stops it)."

# /agenda rotate on|off
AGENDA_ROTATE_USAGE = "Usage: `/agenda rotate on` or `/agenda rotate off` (in the team's channel)."
AGENDA_ROTATE_TEAM_ONLY = "The rotation is for team meetings: please use `/agenda rotate on` in the team's own channel."
AGENDA_ROTATE_ONLY_LEADS = "Only the team's practice leaders and managers (or a county lead) can switch the rotation."
AGENDA_ROTATE_STATUS_ON = "{team}: the Signs of Safety item goes round the team in turn. `/agenda rotate off` stops it."
AGENDA_ROTATE_STATUS_OFF = (
    "{team}: the practice leader (or the meeting's chair) is asked for the Signs of Safety item. "
    "`/agenda rotate on` lets the team take turns."
)
AGENDA_ROTATE_ON = (
    "Done: from the next meeting not yet asked, {team} takes turns bringing the Signs of Safety item. "
    "I'll ask one person per meeting, only on a day they're working, and nobody more than once in four "
    "weeks; the practice leader stays the back-up if nothing has come in by the reminder."
)
AGENDA_ROTATE_OFF = (
    "Done: from the next meeting not yet asked, the practice leader (or the meeting's chair) is asked "
    "for {team}'s Signs of Safety item again."
)
AGENDA_ROTATE_ALREADY_ON = "The rotation is already on for {team}. `/agenda rotate off` stops it."
AGENDA_ROTATE_ALREADY_OFF = "The rotation is already off for {team}. `/agenda rotate on` starts it."
