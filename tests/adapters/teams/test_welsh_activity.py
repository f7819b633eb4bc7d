"""A Teams client set to Welsh gets Welsh (issue 17): ``activity.locale`` through the real server.

Priya's Teams reports ``cy-GB``: her personal message is answered in Welsh at the fake connector, and
the locale is kept on her, so a later turn without one (a proactive prompt, the web) is Welsh too.
The same message from an English client is answered in English.
"""

from __future__ import annotations

from bot import i18n, texts
from bot.texts.catalogue import ENGLISH
from tests.adapters.teams.harness import Harness

PRIYA_CHAT = "a:1Xq3demo-priya-shah-personal-chat"


async def test_a_welsh_teams_client_is_answered_in_welsh_and_the_locale_is_kept(teams: Harness) -> None:
    status, _ = await teams.post(teams.activity("personal_message", locale="cy-GB"))
    assert status in {200, 202}
    await teams.settle()
    (reply,) = teams.connector.to(PRIYA_CHAT)
    with i18n.use("cy"):
        thanks = texts.IDEA_THANKS.partition("{who}")[0]
    assert thanks != ENGLISH["IDEA_THANKS"].partition("{who}")[0]
    assert thanks in reply.texts()
    async with teams.bot.uow_factory() as uow:
        priya = await uow.people.by_identity("teams", "29:demo-priya.shah")
    assert priya is not None
    assert priya.platform_locale == "cy-GB"


async def test_an_english_teams_client_is_answered_in_english(teams: Harness) -> None:
    await teams.post(teams.activity("personal_message"))
    await teams.settle()
    (reply,) = teams.connector.to(PRIYA_CHAT)
    assert ENGLISH["IDEA_THANKS"].partition("{who}")[0] in reply.texts()
