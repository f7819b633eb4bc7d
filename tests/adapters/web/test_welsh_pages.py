"""The web pages in Welsh (issue 17): the organisation's language for everyone, the reader's own once
signed in.

A Welsh organisation's privacy notice is Welsh (``<html lang="cy">``, Welsh retention periods); a
reader who chose English in ``/sofs settings`` reads their dashboard in English while the public pages
stay Welsh; an English organisation's pages stay English.
"""

from __future__ import annotations

from bot import i18n, texts
from tests.adapters.web.conftest import Site, client, sign_in
from tests.factories import command


async def _welsh(site: Site) -> None:
    async with site.bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        org.locale = "cy"
        await uow.commit()


async def test_a_welsh_organisations_privacy_notice_is_welsh(site: Site) -> None:
    await _welsh(site)
    async with client() as session, session.get(f"{site.url}/privacy") as response:
        assert response.status == 200
        html = await response.text()
    assert '<html lang="cy">' in html
    assert "Hysbysiad preifatrwydd i staff" in html
    assert "Byth am blant na theuluoedd" in html
    with i18n.use("cy"):
        assert f"<td>{texts.RETENTION_YEARS.format(count=2)}</td>" in html
    assert "Privacy notice for staff" not in html


async def test_an_english_organisations_pages_stay_english(site: Site) -> None:
    async with client() as session, session.get(f"{site.url}/privacy") as response:
        html = await response.text()
    assert '<html lang="en-GB">' in html
    assert "Privacy notice for staff" in html


async def test_a_signed_in_reader_gets_their_own_language(site: Site) -> None:
    await _welsh(site)
    await site.bot.handler.handle(command("sofs", "settings language en", actor="sam.okafor", channel="dm:sam.okafor"))
    async with client() as session:
        await sign_in(session, site.bot, "sam.okafor")
        async with session.get(f"{site.url}/dashboard") as response:
            dashboard = await response.text()
        async with session.get(f"{site.url}/privacy") as response:
            public = await response.text()
    assert '<html lang="en-GB">' in dashboard
    assert "Practice dashboard" in dashboard
    assert '<html lang="cy">' in public  # a public page is the organisation's
