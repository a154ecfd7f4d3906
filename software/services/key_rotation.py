"""Re-encrypting stored product keys with the current encryption key, after a secret rotation."""

import logging
from dataclasses import dataclass

from django.db import transaction

from software.crypto import UndecryptableKey, is_current, reencrypted
from software.models import ProductKey

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReencryptionReport:
    reencrypted: int
    already_current: int
    unreadable: list[int]


def product_keys_reencrypt(*, batch_size: int = 500) -> ReencryptionReport:
    """Move every stored key to the current encryption key, batch by batch (one transaction per batch).

    Safe to run twice or to kill halfway: a key already on the current key is left alone, and each
    batch locks its rows. Keys no configured secret opens are reported (and logged), never lost.
    """
    done = current = 0
    unreadable: list[int] = []
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                ProductKey.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "key_ciphertext")[:batch_size]
            )
            if not batch:
                break
            for key in batch:
                if is_current(key.key_ciphertext):
                    current += 1
                    continue
                try:
                    key.key_ciphertext = reencrypted(key.key_ciphertext)
                except UndecryptableKey:
                    unreadable.append(key.pk)
                    continue
                key.save(update_fields=["key_ciphertext"])
                done += 1
            last_pk = batch[-1].pk
    if unreadable:
        logger.critical("OPERATOR ALERT: %d product keys cannot be decrypted: %s", len(unreadable), unreadable[:50])
    return ReencryptionReport(reencrypted=done, already_current=current, unreadable=unreadable)
