"""Encryption at rest for what the shared state holds about users (their Zoho tokens): AES-256-GCM.

The 256-bit key is derived with HKDF-SHA256 from ZOHO_DESK_STATE_KEY (at least 32 characters), so any strong
passphrase works; each value gets a fresh 96-bit nonce, and the key under which it is stored is bound in as
associated data, so a value copied to another key does not decrypt.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MIN_KEY_CHARS = 32
VERSION = b"\x01"


class SealError(Exception):
    """A stored value did not decrypt: another key, or tampered with."""


def derive(secret: str, purpose: bytes) -> bytes:
    """A 32-byte key for one purpose from the configured secret."""
    if len(secret) < MIN_KEY_CHARS:
        raise ValueError(f"ZOHO_DESK_STATE_KEY must be at least {MIN_KEY_CHARS} characters")
    return HKDF(algorithm=SHA256(), length=32, salt=b"zoho-desk-mcp", info=purpose).derive(secret.encode())


class Sealer:
    """Encrypts and decrypts values bound to the key they are stored under."""

    def __init__(self, secret: str) -> None:
        self._aead = AESGCM(derive(secret, b"state-at-rest"))

    def __repr__(self) -> str:
        return "Sealer(<key>)"

    def seal(self, plaintext: bytes, bound_to: str) -> bytes:
        nonce = os.urandom(12)
        return VERSION + nonce + self._aead.encrypt(nonce, plaintext, bound_to.encode())

    def unseal(self, sealed: bytes, bound_to: str) -> bytes:
        if len(sealed) < 13 or sealed[:1] != VERSION:
            raise SealError("not a sealed value")
        try:
            return self._aead.decrypt(sealed[1:13], sealed[13:], bound_to.encode())
        except InvalidTag:
            raise SealError("the value does not decrypt with this key") from None
