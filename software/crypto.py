"""Protecting product keys at rest, and making new ones.

Keys are encrypted with Fernet (AES-128-CBC + HMAC). The Fernet key is
SOFTWARE_KEY_ENCRYPTION_KEY when set (a urlsafe base64 Fernet key, so it can be rotated apart from
SECRET_KEY), otherwise derived from SECRET_KEY with HKDF so every deployment has its own.
"""

import base64
import secrets
from functools import cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Microsoft product keys use 24 characters: no vowels and no look-alikes (0/O, 1/I/L, 5/S).
KEY_ALPHABET = "BCDFGHJKMPQRTVWXY2346789"


def new_product_key() -> str:
    """A 25-character MAK-style key, five groups of five: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX."""
    return "-".join("".join(secrets.choice(KEY_ALPHABET) for _ in range(5)) for _ in range(5))


@cache
def _fernet(secret: str, dedicated: str) -> Fernet:
    if dedicated:
        return Fernet(dedicated.encode())
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"software-product-keys").derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def fernet() -> Fernet:
    return _fernet(settings.SECRET_KEY, getattr(settings, "SOFTWARE_KEY_ENCRYPTION_KEY", ""))


def encrypt_key(plain: str) -> bytes:
    return fernet().encrypt(plain.encode())


def decrypt_key(ciphertext) -> str:
    return fernet().decrypt(bytes(ciphertext)).decode()
