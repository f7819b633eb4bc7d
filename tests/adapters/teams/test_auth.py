"""Inbound authentication: RS256 keys made here, served from a loopback OpenID metadata endpoint + JWKS."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import jwt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.teams.auth import BOT_FRAMEWORK_ISSUER, AuthConfig, AuthError, TokenVerifier
from adapters.teams.connector import LoopbackOnly
from adapters.teams.wiring import TeamsOptions, fetch_json
from tests.adapters.teams.harness import APP_ID, TENANT, Harness, start_harness
from tests.conftest import Bot
from tests.fakes_teams import FakeConnector, FakeIdentityProvider, FakeTime, SigningKey

ENTRA_ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
OTHER_TENANT = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
KEY = SigningKey.generate("key-1")
STRANGER = SigningKey.generate("key-1")  # same kid, different key: a forged signature
SKYPE_ONLY = SigningKey.generate("key-skype", endorsements=("skype",))


class FakeTokenProvider:
    """Stands in for MSAL: the SDK and the connector get this token for outbound calls."""

    def __init__(self, configuration: Any) -> None:
        self.configuration = configuration

    async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
        return "outbound-test-token"

    def get_token_credential(self) -> Any:
        raise NotImplementedError


@dataclass
class Secured:
    harness: Harness
    idp: FakeIdentityProvider

    def claims(self, **changes: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": BOT_FRAMEWORK_ISSUER,
            "aud": APP_ID,
            "nbf": now - 60,
            "exp": now + 3600,
            "serviceurl": self.harness.connector.url,
        }
        claims.update(changes)
        return {k: v for k, v in claims.items() if v is not None}

    async def post(self, token: str | None, **changes: Any) -> int:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        status, _ = await self.harness.post(self.harness.activity("channel_message_mention", **changes), headers)
        await self.harness.settle()
        return status


@pytest.fixture
async def secured(bot: Bot, connector: FakeConnector) -> AsyncIterator[Secured]:
    idp = FakeIdentityProvider(keys=[KEY, SKYPE_ONLY])
    await idp.start()
    options = TeamsOptions(
        anonymous=False,
        app_id=APP_ID,
        tenant_id=TENANT,
        issuers={BOT_FRAMEWORK_ISSUER: idp.metadata_url, ENTRA_ISSUER: idp.metadata_url},
        policy=LoopbackOnly(),
        provider_factory=FakeTokenProvider,
    )
    harness, runner = await start_harness(bot, connector, options)
    yield Secured(harness, idp)
    await harness.session.close()
    await runner.cleanup()
    await idp.stop()


def assert_no_turn(secured: Secured) -> None:
    bot = secured.harness.bot
    assert bot.handler.stats == {"handled": 0, "duplicates": 0, "failed": 0, "errors": 0}
    assert secured.harness.connector.calls == []


async def test_a_valid_token_runs_the_turn_and_replies_with_the_bots_own_token(secured: Secured) -> None:
    status = await secured.post(FakeIdentityProvider.token(secured.claims(), KEY))
    assert status in {200, 202}
    assert secured.harness.bot.handler.stats["handled"] == 1
    (reply,) = secured.harness.connector.calls
    assert reply.authorization == "Bearer outbound-test-token"


async def test_a_token_from_our_entra_tenant_is_accepted(secured: Secured) -> None:
    token = FakeIdentityProvider.token(secured.claims(iss=ENTRA_ISSUER, tid=TENANT, serviceurl=None), KEY)
    assert await secured.post(token) in {200, 202}
    assert secured.harness.bot.handler.stats["handled"] == 1


REJECTIONS = {
    "no header": 401,
    "wrong issuer": 401,
    "wrong audience": 401,
    "expired": 401,
    "not yet valid": 401,
    "bad signature": 401,
    "unknown kid": 401,
    "no kid": 401,
    "alg none": 401,
    "HS256": 401,
    "wrong tenant in token": 401,
    "activity from another tenant": 403,
    "serviceurl claim differs": 403,
    "no serviceurl claim": 403,
    "key not endorsed for msteams": 403,
    "service URL not allowed": 403,
}


OTHER_TENANT_CHANGES: dict[str, Any] = {
    "conversation": {
        "isGroup": True,
        "conversationType": "channel",
        "tenantId": OTHER_TENANT,
        "id": "19:dereham-fs@thread.tacv2;messageid=1763978400123",
    },
    "channelData": {"channel": {"id": "19:dereham-fs@thread.tacv2"}, "tenant": {"id": OTHER_TENANT}},
}
CLAIM_CHANGES: dict[str, dict[str, Any]] = {
    "wrong issuer": {"iss": "https://sts.example.org/"},
    "wrong audience": {"aud": "11111111-2222-4333-8444-555555555555"},
    "expired": {"exp": -600},  # relative to now, beyond the 5 minutes of leeway
    "not yet valid": {"nbf": 600},
    "wrong tenant in token": {"iss": ENTRA_ISSUER, "tid": OTHER_TENANT},
    "serviceurl claim differs": {"serviceurl": "https://smba.trafficmanager.net/amer/"},
    "no serviceurl claim": {"serviceurl": None},
    "service URL not allowed": {"serviceurl": "https://attacker.example/"},
}


def forged(secured: Secured, case: str) -> tuple[str | None, dict[str, Any]]:
    """The token and activity changes of one rejection case."""
    now = int(time.time())
    changes = dict(CLAIM_CHANGES.get(case, {}))
    for name in ("exp", "nbf"):
        if name in changes:
            changes[name] += now
    claims = secured.claims(**changes)
    activity_changes: dict[str, Any] = {}
    if case == "activity from another tenant":
        activity_changes = OTHER_TENANT_CHANGES
    elif case == "service URL not allowed":
        activity_changes = {"serviceUrl": claims["serviceurl"]}
    tokens = {
        "no header": None,
        "unknown kid": FakeIdentityProvider.token(claims, KEY, kid="key-unknown"),
        "no kid": FakeIdentityProvider.token(claims, KEY, kid=None),
        "alg none": jwt.encode(claims, "", algorithm="none", headers={"kid": KEY.kid}),
        "HS256": jwt.encode(claims, "k" * 32, algorithm="HS256", headers={"kid": KEY.kid}),
        "bad signature": FakeIdentityProvider.token(claims, STRANGER),
        "key not endorsed for msteams": FakeIdentityProvider.token(claims, SKYPE_ONLY),
    }
    token = tokens[case] if case in tokens else FakeIdentityProvider.token(claims, KEY)
    return token, activity_changes


async def test_rejected_requests_run_no_turn(secured: Secured) -> None:
    outcomes = {}
    for case in REJECTIONS:
        token, changes = forged(secured, case)
        outcomes[case] = await secured.post(token, **changes)
    assert outcomes == REJECTIONS
    assert_no_turn(secured)
    assert await secured.harness.refs.for_conversation("19:dereham-fs@thread.tacv2") is None


async def test_malformed_authorization_headers_are_401_never_500(secured: Secured) -> None:
    valid = FakeIdentityProvider.token(secured.claims(), KEY)
    for header in (
        "",
        "Bearer",
        "Bearer ",
        "Basic abc",
        "bearer a b",
        "Bearer a.b.c",
        "Bearer " + "x" * 8000,
        f"Bearer {valid[:-5]}",
        f"Bearer {valid}garbage",
        "Bearer é.ü.ß",
        "Bearer ..",
        valid,
    ):
        status, _ = await secured.harness.post(
            secured.harness.activity("channel_message_mention"), {"Authorization": header}
        )
        assert status == 401, header[:40]
    assert_no_turn(secured)


async def test_unknown_kids_refresh_the_keys_at_most_once_per_interval(secured: Secured) -> None:
    for index in range(5):
        token = FakeIdentityProvider.token(secured.claims(), KEY, kid=f"rotated-{index}")
        assert await secured.post(token) == 401
    assert secured.idp.fetches == 1
    assert_no_turn(secured)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.one_of(st.text(max_size=300), st.text(max_size=300).map(lambda t: "Bearer " + t)))
async def test_fuzzed_headers_never_escape_as_anything_but_auth_errors(header: str) -> None:
    async def no_fetch(_url: str) -> Any:
        raise AssertionError("no fetch for a token that cannot be valid")

    config = AuthConfig(app_id=APP_ID, tenant_id=TENANT, issuers={"https://unused.example": "http://127.0.0.1:9/x"})
    verifier = TokenVerifier(config, fetch_json=no_fetch, monotonic=time.monotonic)
    with pytest.raises(AuthError) as raised:
        await verifier.verify(header)
    assert raised.value.status == 401


def test_fetch_json_is_the_production_fetcher() -> None:
    assert TeamsOptions(anonymous=False).fetch_json is fetch_json


async def test_rotated_keys_are_picked_up_and_an_outage_keeps_the_cached_keys() -> None:
    clock = FakeTime()
    documents: dict[str, Any] = {
        "https://idp.example/meta": {"jwks_uri": "https://idp.example/keys"},
        "https://idp.example/keys": {"keys": [KEY.jwk()]},
    }
    calls: list[str] = []

    async def fetch(url: str) -> Any:
        calls.append(url)
        if url not in documents:
            raise OSError("down")
        return documents[url]

    config = AuthConfig(app_id=APP_ID, tenant_id=TENANT, issuers={BOT_FRAMEWORK_ISSUER: "https://idp.example/meta"})
    verifier = TokenVerifier(config, fetch_json=fetch, monotonic=clock.monotonic)
    claims = {"iss": BOT_FRAMEWORK_ISSUER, "aud": APP_ID, "exp": int(time.time()) + 600}
    rotated = SigningKey.generate("key-2")
    assert (await verifier.verify("Bearer " + FakeIdentityProvider.token(claims, KEY))).claims["aud"] == APP_ID

    documents["https://idp.example/keys"] = {"keys": [KEY.jwk(), rotated.jwk()]}
    with pytest.raises(AuthError):  # a new kid within 5 minutes of the last fetch: not fetched again
        await verifier.verify("Bearer " + FakeIdentityProvider.token(claims, rotated))
    await clock.sleep(301)
    assert await verifier.verify("Bearer " + FakeIdentityProvider.token(claims, rotated))

    del documents["https://idp.example/meta"]  # the identity provider is down
    await clock.sleep(25 * 3600)
    assert await verifier.verify("Bearer " + FakeIdentityProvider.token(claims, KEY))
    assert len(calls) == 5

    empty = TokenVerifier(config, fetch_json=fetch, monotonic=clock.monotonic)
    with pytest.raises(AuthError) as raised:
        await empty.verify("Bearer " + FakeIdentityProvider.token(claims, KEY))
    assert raised.value.status == 503
