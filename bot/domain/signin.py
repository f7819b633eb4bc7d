"""Dashboard sign-in: single-use link tokens and session tokens, kept only as hashes.

A token is 32 random bytes (URL-safe text); the store keeps its SHA-256, so a copy of the database
cannot sign anyone in. Links live 15 minutes and work once; sessions live 8 hours.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from urllib.parse import quote

LINK_LIFETIME = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=8)
SIGNIN_PATH = "/dashboard/signin"
DEFAULT_BASE_URL = "http://localhost:3978"


def new_token() -> str:
    """A fresh unguessable token (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def derived_token(token: str, purpose: str) -> str:
    """A second secret derived from a token (the session's form-protection token)."""
    return hmac.new(token.encode("utf-8"), purpose.encode("utf-8"), hashlib.sha256).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def public_base(url: str) -> str:
    """The public base URL links are built on (``PLBOT_PUBLIC_URL`` without its trailing slash)."""
    return url.rstrip("/") or DEFAULT_BASE_URL


def signin_url(base_url: str, token: str) -> str:
    """The sign-in link for a token, on the public base URL."""
    return f"{base_url}{SIGNIN_PATH}?token={quote(token)}"
