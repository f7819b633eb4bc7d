"""Sign-in by a short-lived, single-use link, sessions and who may see what."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.domain.signin import hash_token
from bot.store.models import OutboxMessage
from bot.store.models_web import SignInLink
from bot.store.uow import session_of
from tests.adapters.web.conftest import Site, client, sign_in, signin_link


async def test_the_link_is_answered_privately_and_stored_only_as_a_hash(site: Site) -> None:
    link = await signin_link(site.bot, "ali.hassan")
    token = link.split("token=", 1)[1]
    assert link.startswith(f"{site.url}/dashboard/signin?token=")
    async with site.bot.uow_factory() as uow:
        stored = (await session_of(uow).scalars(select(SignInLink))).all()
        outbox = (await session_of(uow).scalars(select(OutboxMessage))).all()
    assert [s.token_hash for s in stored] == [hash_token(token)]
    assert all(token not in row.payload for row in outbox)
    assert stored[0].expires_at - stored[0].created_at == timedelta(minutes=15)


async def test_opening_the_link_does_not_use_it_up(site: Site) -> None:
    link = await signin_link(site.bot, "ali.hassan")
    async with client() as session:
        for _ in range(2):  # link previews fetch URLs: only the button's POST redeems
            async with session.get(link) as response:
                assert response.status == 200
                assert "Continue to the dashboard" in await response.text()
        await sign_in(session, site.bot, "ali.hassan")
        async with session.get(f"{site.url}/dashboard") as response:
            assert response.status == 200
            assert "Signed in as <strong>Ali Hassan</strong>" in await response.text()


async def test_a_reused_link_is_refused(site: Site) -> None:
    link = await signin_link(site.bot, "ali.hassan")
    token = link.split("token=", 1)[1]
    async with client() as session:
        async with session.post(f"{site.url}/dashboard/signin", data={"token": token}) as response:
            assert response.status == 200
        async with client() as other, other.post(f"{site.url}/dashboard/signin", data={"token": token}) as again:
            assert again.status == 403
            assert texts.WEB_SIGNIN_REFUSED in html.unescape(await again.text())
            assert "plbot_session" not in again.cookies
        async with session.get(link) as response:
            assert response.status == 403


async def test_an_expired_link_is_refused(site: Site) -> None:
    link = await signin_link(site.bot, "ali.hassan")
    site.bot.clock.advance(timedelta(minutes=15, seconds=1))
    token = link.split("token=", 1)[1]
    async with client() as session:
        async with session.get(link) as response:
            assert response.status == 403
        async with session.post(f"{site.url}/dashboard/signin", data={"token": token}) as response:
            assert response.status == 403
        async with session.get(f"{site.url}/dashboard") as response:
            assert response.status == 401


async def test_a_forged_link_is_refused(site: Site) -> None:
    real = (await signin_link(site.bot, "ali.hassan")).split("token=", 1)[1]
    forged = [real[:-2] + ("AA" if not real.endswith("AA") else "BB"), "x" * 43, "", hash_token(real)]
    async with client() as session:
        for token in forged:
            async with session.post(f"{site.url}/dashboard/signin", data={"token": token}) as response:
                assert response.status == 403, token
        async with session.get(f"{site.url}/dashboard/signin?token=nope") as response:
            assert response.status == 403
        async with session.get(f"{site.url}/dashboard/stories") as response:
            assert response.status == 401


async def test_a_session_cookie_is_httponly_and_strict(site: Site) -> None:
    token = (await signin_link(site.bot, "ali.hassan")).split("token=", 1)[1]
    async with (
        client() as session,
        session.post(f"{site.url}/dashboard/signin", data={"token": token}, allow_redirects=False) as response,
    ):
        assert response.status == 303
        cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie


async def test_posts_without_the_form_token_are_refused(site: Site) -> None:
    async with client() as session:
        await sign_in(session, site.bot, "jo.baker")
        async with session.post(f"{site.url}/dashboard/nominate", data={"kind": "story", "id": "1"}) as response:
            assert response.status == 403


async def test_signing_out_ends_the_session(site: Site) -> None:
    async with client() as session:
        csrf = await sign_in(session, site.bot, "ali.hassan")
        async with session.post(f"{site.url}/dashboard/signout", data={"csrf": csrf}) as response:
            assert response.status == 200
        async with session.get(f"{site.url}/dashboard") as response:
            assert response.status == 401


async def test_a_practice_leader_cannot_see_another_locality(site: Site) -> None:
    async with client() as session:
        await sign_in(session, site.bot, "sam.okafor")  # practice leader in West
        async with session.get(f"{site.url}/dashboard/review/west") as response:
            assert response.status == 200
        for other in ("central", "east"):
            async with session.get(f"{site.url}/dashboard/review/{other}") as response:
                assert response.status == 403
                assert texts.REPORT_TITLE.partition("{locality}")[0] not in await response.text()
        async with session.get(f"{site.url}/dashboard/gathering") as response:
            assert response.status == 403


async def test_county_roles_see_every_locality(site: Site) -> None:
    for handle in ("jo.baker", "ruth.adeyemi"):
        async with client() as session:
            await sign_in(session, site.bot, handle)
            for slug in ("west", "central", "east"):
                async with session.get(f"{site.url}/dashboard/review/{slug}") as response:
                    assert response.status == 200, (handle, slug)
            async with session.get(f"{site.url}/dashboard/gathering") as response:
                assert response.status == 200


async def test_staff_see_only_their_own_celebrations(site: Site) -> None:
    from tests.factories import command

    await site.bot.handler.handle(command("celebrate", "@sam.okafor for the mapping session", actor="priya.shah"))
    await site.bot.handler.handle(
        command("celebrate", "@jade.moss for the safety plan", actor="femi.ade", channel="city-assessment")
    )
    async with client() as session:
        await sign_in(session, site.bot, "priya.shah")
        async with session.get(f"{site.url}/dashboard/celebrations") as response:
            own = await response.text()
        async with session.get(f"{site.url}/dashboard/review/west") as response:
            assert response.status == 403
    assert "for the mapping session" in own
    assert "for the safety plan" not in own
    async with client() as session:
        await sign_in(session, site.bot, "sam.okafor")
        async with session.get(f"{site.url}/dashboard/celebrations") as response:
            west = await response.text()
    assert "for the mapping session" in west
    assert "for the safety plan" not in west  # Central's celebration
    async with client() as session:
        await sign_in(session, site.bot, "ruth.adeyemi")
        async with session.get(f"{site.url}/dashboard/celebrations") as response:
            county = await response.text()
    assert "for the mapping session" in county
    assert "for the safety plan" in county


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://attacker.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://other.plbot.example"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://127.0.0.1"},
    ],
)
async def test_a_cross_site_signin_is_refused_before_the_link_is_used(site: Site, headers: dict[str, str]) -> None:
    link = await signin_link(site.bot, "ali.hassan")
    token = link.split("token=", 1)[1]
    async with client() as session:
        async with session.post(
            f"{site.url}/dashboard/signin", data={"token": token}, headers=headers, allow_redirects=False
        ) as response:
            assert response.status == 403
            assert "plbot_session" not in response.cookies
        async with session.post(
            f"{site.url}/dashboard/signin",
            data={"token": token},
            headers={"Origin": site.url, "Sec-Fetch-Site": "same-origin"},
            allow_redirects=False,
        ) as response:
            assert response.status == 303  # the link was not used up by the refused post
            assert "plbot_session" in response.cookies


async def test_cross_site_posts_to_the_playground_are_refused(site: Site) -> None:
    async with (
        client() as session,
        session.post(
            f"{site.url}/playground/clock", data={"step": "week"}, headers={"Sec-Fetch-Site": "cross-site"}
        ) as response,
    ):
        assert response.status == 403
