"""Protecting product keys at rest, and making new ones.

Keys are encrypted with Fernet (AES-128-CBC + HMAC) through a MultiFernet, so secrets can rotate:
the first key encrypts, every key decrypts. The keys, newest first:
SOFTWARE_KEY_ENCRYPTION_KEY (a dedicated urlsafe base64 Fernet key, when set), then
SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS (previous dedicated keys), then keys derived with HKDF from
SECRET_KEY and each of SECRET_KEY_FALLBACKS. After a rotation, `manage.py reencrypt_product_keys`
moves every stored key to the current one, and the old secret can then be dropped.
"""

import base64
import secrets
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Microsoft product keys use 24 characters: no vowels and no look-alikes (0/O, 1/I/L, 5/S).
KEY_ALPHABET = "BCDFGHJKMPQRTVWXY2346789"


class UndecryptableKey(Exception):
    """No configured key decrypts this ciphertext: a secret was rotated without keeping the old one."""


def new_product_key() -> str:
    """A 25-character MAK-style key, five groups of five: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX."""
    return "-".join("".join(secrets.choice(KEY_ALPHABET) for _ in range(5)) for _ in range(5))


def _derived(secret: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"software-product-keys").derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


@cache
def _fernets(dedicated: tuple[str, ...], secrets_: tuple[str, ...]) -> tuple[Fernet, ...]:
    return tuple(Fernet(key.encode()) for key in dedicated) + tuple(_derived(secret) for secret in secrets_)


def _configured() -> tuple[Fernet, ...]:
    """Every configured key, the current one first (settings are read each call: rotations change them)."""
    current = getattr(settings, "SOFTWARE_KEY_ENCRYPTION_KEY", "")
    previous = getattr(settings, "SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS", [])
    dedicated = tuple(key for key in [current, *previous] if key)
    return _fernets(dedicated, (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS))


def fernet() -> MultiFernet:
    return MultiFernet(list(_configured()))


def encrypt_key(plain: str) -> bytes:
    return fernet().encrypt(plain.encode())


def decrypt_key(ciphertext) -> str:
    try:
        return fernet().decrypt(bytes(ciphertext)).decode()
    except InvalidToken as exc:
        raise UndecryptableKey from exc


def reencrypted(ciphertext) -> bytes:
    """The same key encrypted with the current key (UndecryptableKey when no configured key opens it)."""
    try:
        return fernet().rotate(bytes(ciphertext))
    except InvalidToken as exc:
        raise UndecryptableKey from exc


def is_current(ciphertext) -> bool:
    """True when the current key alone decrypts the ciphertext (nothing to re-encrypt)."""
    try:
        _configured()[0].decrypt(bytes(ciphertext))
    except InvalidToken:
        return False
    return True
