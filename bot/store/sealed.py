"""Encryption at rest for short-lived payloads that hold user text (the inbox).

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) with a key derived by HKDF-SHA256
from ``PLBOT_SECRET_KEY`` and a fixed label, so the inbox key is never the secret itself and
other uses of the secret get other keys. Without ``PLBOT_SECRET_KEY`` (local trials only: the
configuration check refuses that elsewhere) a fixed development key is used, which hides nothing
from someone who reads this file: set the secret in production.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INBOX_LABEL = b"plbot inbox payload v1"
DEVELOPMENT_SECRET = "plbot-development-secret-not-for-production"  # noqa: S105 - documented as public


class Unreadable(Exception):
    """A payload that this key cannot open (another key, or tampered with)."""


def derive_key(secret: str, label: bytes) -> bytes:
    """A Fernet key (32 bytes, URL-safe base64) derived from ``secret`` for one purpose ``label``."""
    material = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(secret.encode("utf-8"))
    return base64.urlsafe_b64encode(material)


class Sealer:
    """Seals and opens payloads with one derived key."""

    def __init__(self, secret: str, label: bytes = INBOX_LABEL) -> None:
        self.development = not secret
        self._fernet = Fernet(derive_key(secret or DEVELOPMENT_SECRET, label))

    def seal(self, data: bytes) -> str:
        """Encrypt and authenticate ``data``; returns ASCII text for a ``Text`` column."""
        return self._fernet.encrypt(data).decode("ascii")

    def open(self, token: str) -> bytes:
        """Decrypt a sealed payload.

        Raises:
            Unreadable: Sealed with another key, or altered.
        """
        try:
            return self._fernet.decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError) as error:
            raise Unreadable from error
