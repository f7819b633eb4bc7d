"""Sentences of the Teams app manifest: what the app store, the command menu and the message actions show.

The app's name (``Practice Leader Bot``) and the command words stay as they are in every language; Teams
reads the Welsh from the package's ``cy.json`` (:mod:`adapters.teams.manifest`). Teams' limits apply:
the full name 100 characters, the short description 80, the full description 4000, the tab's name 128,
a message action's title 32 and its description 128.
"""

from __future__ import annotations

TEAMS_APP_FULL_NAME = "Practice Leader Bot for Signs of Safety"
TEAMS_APP_SHORT_DESCRIPTION = "Keeps Signs of Safety practice alive between trainings."
TEAMS_APP_FULL_DESCRIPTION = (
    "Celebrate colleagues' good Signs of Safety practice, share good-practice stories, get the "
    "Signs of Safety item before team meetings, vote on locality seminar topics and receive "
    "reminders and a weekly digest. Never include names or details that could identify a "
    "child or family."
)
TEAMS_APP_TAB_NAME = "My practice"
TEAMS_APP_HELP_DESCRIPTION = "What I can do, with buttons for the three things people use most."
TEAMS_APP_SHARE_TITLE = "Share as good practice"
TEAMS_APP_SHARE_DESCRIPTION = "Start a good-practice story from this message."
TEAMS_APP_MANAGE_TITLE = "Edit or withdraw"
TEAMS_APP_MANAGE_DESCRIPTION = "Edit or withdraw your celebration or story that the bot posted."
