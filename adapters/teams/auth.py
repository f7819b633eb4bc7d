"""Verifying the Bot Framework / Entra token on every inbound Teams request.

Why not the SDK's ``jwt_authorization_middleware`` (Agents SDK 1.9.0)? Its ``JwtTokenValidator``
derives the signing-key URL from the token issuer with hard-coded hosts (``_build_jwks_uri``:
``login.botframework.com`` / ``login.microsoftonline.com``), so it cannot be pointed at another
OpenID metadata document and could not be tested end to end without monkeypatching private code;
it raises ``KeyError`` on a token without ``kid`` (an HTTP 500); it only logs a ``serviceurl``
claim that differs from the activity's unless the outbound host validator is on; it does not check
the signing key's channel endorsements; and its issuer allow-list is opt-in. This module
implements the connector-authentication checks of the Bot Framework documentation with PyJWT,
reading the keys from a configurable OpenID metadata URL per accepted issuer, and hands the SDK a
``ClaimsIdentity`` built from the verified claims.

Checks, in order: a well-formed ``Bearer`` header; RS256 with a ``kid``; an accepted issuer; a
known signing key (keys refreshed at most every five minutes on an unknown ``kid``); the signature;
the audience (our app id); expiry and not-before (five minutes of leeway); the tenant (``tid``).
Then, against the activity: the key's endorsement of the channel, the ``serviceurl`` claim equal to
the activity's ``serviceUrl``, the activity's tenant, and a service URL the bot may call.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jwt

from adapters.teams.connector import ServiceUrlPolicy
from adapters.teams.translate import tenant_of

log = logging.getLogger(__name__)

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
BOT_FRAMEWORK_METADATA = "https://login.botframework.com/v1/.well-known/openidconfiguration"
KEYS_TTL = 24 * 3600.0
REFRESH_INTERVAL = 300.0
"""An unknown ``kid`` (keys rotated) refreshes the keys at most this often."""
RETRY_INTERVAL = 30.0
"""After a failed fetch, expired keys are kept and the fetch retried at most this often."""
LEEWAY = 300
ENTRA_IDENTITY = "entra"
"""The identity platform under which a person's Entra object id (``aadObjectId``, a token's ``oid``) is
stored: the Teams adapter links it when the person first messages the bot; the tab finds them by it."""
MAX_TOKEN_LENGTH = 16 * 1024

FetchJson = Callable[[str], Awaitable[Any]]
Monotonic = Callable[[], float]


class AuthError(Exception):
    """A request that must not run a turn; ``status`` is 401 (bad token) or 403 (bad binding)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def sso_resource(public_url: str, client_id: str) -> str:
    """The Entra application ID URI single sign-on tokens (the Teams tab's) are issued for:
    ``api://<host>/<client id>``, as the manifest's ``webApplicationInfo.resource`` says."""
    return f"api://{urlsplit(public_url).hostname or 'localhost'}/{client_id}"


def default_issuers(tenant_id: str) -> dict[str, str]:
    """Accepted issuers and their OpenID metadata: the Bot Framework, and our own Entra tenant."""
    issuers = {BOT_FRAMEWORK_ISSUER: BOT_FRAMEWORK_METADATA}
    if tenant_id:
        entra = f"https://login.microsoftonline.com/{tenant_id}/v2.0/.well-known/openid-configuration"
        issuers[f"https://login.microsoftonline.com/{tenant_id}/v2.0"] = entra
        issuers[f"https://sts.windows.net/{tenant_id}/"] = entra
    return issuers


@dataclass(frozen=True)
class AuthConfig:
    """What a token must say: our app id (audience), our tenant, an accepted issuer."""

    app_id: str
    tenant_id: str
    issuers: Mapping[str, str]
    leeway: int = LEEWAY
    audiences: tuple[str, ...] = ()
    """Audiences accepted besides ``app_id`` (the Teams tab's SSO token may name the client id)."""


@dataclass(frozen=True)
class Verified:
    """A verified token: its claims and the channels its signing key is endorsed for."""

    token: str
    claims: dict[str, Any]
    endorsements: tuple[str, ...] | None


@dataclass
class _KeySet:
    keys: dict[str, tuple[jwt.PyJWK, tuple[str, ...] | None]] = field(default_factory=dict)
    fetched_at: float = -1e18
    tried_at: float = -1e18
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def _bearer(header: str | None) -> str:
    if not header or len(header) > MAX_TOKEN_LENGTH:
        raise AuthError(401, "missing or oversized authorization header")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or any(c.isspace() for c in token):
        raise AuthError(401, "malformed authorization header")
    return token


def _parse_keys(document: Any) -> dict[str, tuple[jwt.PyJWK, tuple[str, ...] | None]]:
    keys: dict[str, tuple[jwt.PyJWK, tuple[str, ...] | None]] = {}
    entries = document.get("keys") if isinstance(document, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
            continue
        try:
            key = jwt.PyJWK(entry, algorithm="RS256")
        except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError):
            continue
        endorsed = entry.get("endorsements")
        endorsements = tuple(e for e in endorsed if isinstance(e, str)) if isinstance(endorsed, list) else None
        keys[entry["kid"]] = (key, endorsements)
    return keys


class TokenVerifier:
    """Verifies inbound tokens against keys from each accepted issuer's OpenID metadata."""

    def __init__(self, config: AuthConfig, *, fetch_json: FetchJson, monotonic: Monotonic) -> None:
        self.config = config
        self.fetch_json = fetch_json
        self.monotonic = monotonic
        self._sets: dict[str, _KeySet] = {}

    async def _key(self, issuer: str, kid: str) -> tuple[jwt.PyJWK, tuple[str, ...] | None]:
        keyset = self._sets.setdefault(issuer, _KeySet())
        async with keyset.lock:
            now = self.monotonic()
            stale = now - keyset.fetched_at > KEYS_TTL and now - keyset.tried_at > RETRY_INTERVAL
            rotated = kid not in keyset.keys and now - keyset.tried_at > REFRESH_INTERVAL
            if stale or rotated:
                await self._refresh(issuer, keyset)
        found = keyset.keys.get(kid)
        if found is None:
            raise AuthError(401 if keyset.keys else 503, "unknown signing key")
        return found

    async def _refresh(self, issuer: str, keyset: _KeySet) -> None:
        keyset.tried_at = self.monotonic()
        try:
            metadata = await self.fetch_json(self.config.issuers[issuer])
            jwks_uri = metadata.get("jwks_uri") if isinstance(metadata, dict) else None
            if not isinstance(jwks_uri, str) or not jwks_uri.startswith(("https://", "http://")):
                raise AuthError(503, "OpenID metadata without jwks_uri")
            keys = _parse_keys(await self.fetch_json(jwks_uri))
        except AuthError:
            raise
        except Exception as error:
            log.warning("cannot fetch signing keys: %s", type(error).__name__)
            if keyset.keys:
                return
            raise AuthError(503, "signing keys unavailable") from error
        keyset.keys, keyset.fetched_at = keys, self.monotonic()

    async def verify(self, authorization: str | None) -> Verified:
        """Verify the ``Authorization`` header's token; raises :class:`AuthError` when it fails."""
        token = _bearer(authorization)
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            raise AuthError(401, "malformed token") from error
        kid, issuer = header.get("kid"), unverified.get("iss")
        if header.get("alg") != "RS256":
            raise AuthError(401, "algorithm not accepted")
        if not isinstance(kid, str) or not kid:
            raise AuthError(401, "token without key id")
        if not isinstance(issuer, str) or issuer not in self.config.issuers:
            raise AuthError(401, "issuer not accepted")
        key, endorsements = await self._key(issuer, kid)
        claims = self._decode(token, key, issuer)
        tenant = claims.get("tid")
        if self.config.tenant_id and tenant is not None and str(tenant).lower() != self.config.tenant_id.lower():
            raise AuthError(401, "token from another tenant")
        return Verified(token=token, claims=claims, endorsements=endorsements)

    def _decode(self, token: str, key: jwt.PyJWK, issuer: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key.key,
                algorithms=["RS256"],
                audience=[self.config.app_id, *self.config.audiences],
                issuer=issuer,
                leeway=self.config.leeway,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise AuthError(401, "token expired") from error
        except jwt.InvalidAudienceError as error:
            raise AuthError(401, "token for another audience") from error
        except jwt.InvalidSignatureError as error:
            raise AuthError(401, "bad signature") from error
        except jwt.PyJWTError as error:
            raise AuthError(401, f"invalid token ({type(error).__name__})") from error
        return claims


def _same_url(first: str, second: str) -> bool:
    return first.rstrip("/").lower() == second.rstrip("/").lower()


def check_activity(
    verified: Verified | None, activity: Mapping[str, Any], *, tenant_id: str, policy: ServiceUrlPolicy
) -> None:
    """Bind a request's activity to its token; raises :class:`AuthError` (403) when they disagree.

    Args:
        verified: The verified token (None in anonymous loopback mode).
        activity: The activity JSON.
        tenant_id: Our tenant ('' to accept any).
        policy: Which service URLs the bot may call.
    """
    service_url = activity.get("serviceUrl")
    if not isinstance(service_url, str) or not policy.allows(service_url):
        raise AuthError(403, "service URL not allowed")
    activity_tenant = tenant_of(activity)
    if tenant_id and activity_tenant and activity_tenant.lower() != tenant_id.lower():
        raise AuthError(403, "activity from another tenant")
    if verified is None:
        return
    channel = activity.get("channelId")
    if verified.endorsements is not None and channel not in verified.endorsements:
        raise AuthError(403, "signing key not endorsed for this channel")
    claimed = verified.claims.get("serviceurl")
    if claimed is None and verified.claims.get("iss") == BOT_FRAMEWORK_ISSUER:
        raise AuthError(403, "token without serviceurl claim")
    if claimed is not None and not _same_url(str(claimed), service_url):
        raise AuthError(403, "serviceUrl does not match the token")
