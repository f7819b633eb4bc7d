"""The Teams personal tab "My practice" (issue 12): Teams single sign-on, and the sign-in link outside Teams.

Tokens are signed by a test key served from a local OpenID endpoint, as the connector tests do.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from adapters.teams.auth import ENTRA_IDENTITY, AuthConfig, TokenVerifier, sso_resource
from adapters.teams.wiring import fetch_json
from bot import texts
from tests.adapters.web.conftest import Site, client, sign_in
from tests.fakes_teams import FakeIdentityProvider, SigningKey

TENANT = "8f6c1f4e-5b1a-4c7d-9e2f-0a1b2c3d4e5f"
OTHER_TENANT = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
CLIENT_ID = "3c1d2f7a-9b8e-4d6c-a5f4-0e1d2c3b4a59"
ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
SAM_OID = "7d6c5b4a-3f2e-4d1c-9b8a-7f6e5d4c3b2a"
KEY = SigningKey.generate("tab-key")


@pytest.fixture
async def tab(site: Site) -> AsyncIterator[Site]:
    """The site with the tab's verifier pointed at a local identity provider, and Sam's Entra id linked."""
    idp = FakeIdentityProvider(keys=[KEY])
    await idp.start()
    resource = sso_resource(site.url, CLIENT_ID)
    config = AuthConfig(app_id=resource, tenant_id=TENANT, issuers={ISSUER: idp.metadata_url}, audiences=(CLIENT_ID,))
    site.state.tab_verifier = TokenVerifier(config, fetch_json=fetch_json, monotonic=time.monotonic)
    async with site.bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        sam = await uow.people.by_handle(org.id, "sam.okafor")
        assert sam is not None
        await uow.people.add_identity(sam, ENTRA_IDENTITY, SAM_OID)
        await uow.commit()
    yield site
    await idp.stop()


def token(site: Site, **changes: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": sso_resource(site.url, CLIENT_ID),
        "tid": TENANT,
        "oid": SAM_OID,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        **changes,
    }
    return FakeIdentityProvider.token(claims, KEY)


async def me(site: Site, authorization: str | None) -> tuple[int, str]:
    headers = {"Authorization": authorization} if authorization else {}
    async with aiohttp.ClientSession() as session, session.get(f"{site.url}/teams/tab/me", headers=headers) as r:
        return r.status, await r.text()


async def test_a_valid_teams_token_shows_the_persons_summary(tab: Site) -> None:
    status, html = await me(tab, f"Bearer {token(tab)}")
    assert status == 200
    assert texts.NEEDS_ME_HEADER in html
    assert texts.SETTINGS_HEADER in html


async def test_the_client_id_is_accepted_as_audience_too(tab: Site) -> None:
    status, _ = await me(tab, f"Bearer {token(tab, aud=CLIENT_ID)}")
    assert status == 200


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"aud": "api://elsewhere.example/other"}, id="wrong audience"),
        pytest.param({"iss": f"https://login.microsoftonline.com/{OTHER_TENANT}/v2.0"}, id="issuer of another tenant"),
        pytest.param({"tid": OTHER_TENANT}, id="wrong tenant"),
        pytest.param({"exp": int(time.time()) - 3600, "nbf": int(time.time()) - 7200}, id="expired"),
    ],
)
async def test_a_bad_token_is_refused_with_401(tab: Site, changes: dict[str, Any]) -> None:
    status, html = await me(tab, f"Bearer {token(tab, **changes)}")
    assert status == 401
    assert texts.NEEDS_ME_HEADER not in html


async def test_no_token_is_refused_with_401(tab: Site) -> None:
    assert (await me(tab, None))[0] == 401
    assert (await me(tab, "Bearer not-a-token"))[0] == 401


async def test_someone_the_bot_does_not_know_is_told_how_to_start(tab: Site) -> None:
    status, html = await me(tab, f"Bearer {token(tab, oid='00000000-0000-0000-0000-000000000000')}")
    assert status == 404
    assert "I don't know you yet" in html


async def test_outside_teams_the_sign_in_link_shows_the_summary(tab: Site) -> None:
    async with client() as session:
        await sign_in(session, tab.bot, "sam.okafor")
        async with session.get(f"{tab.url}/teams/tab") as response:
            html = await response.text()
            headers = response.headers
    assert texts.NEEDS_ME_HEADER in html
    assert "X-Frame-Options" not in headers
    assert "frame-ancestors 'self' https://teams.microsoft.com" in headers["Content-Security-Policy"]


async def test_without_a_session_the_page_asks_teams_for_a_token(tab: Site) -> None:
    async with client() as session, session.get(f"{tab.url}/teams/tab") as response:
        html = await response.text()
    assert "/static/tab.js" in html
    assert "/sofs dashboard" in html
    assert texts.NEEDS_ME_HEADER not in html
