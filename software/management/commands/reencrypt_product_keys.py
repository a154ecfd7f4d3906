"""manage.py reencrypt_product_keys: after rotating SECRET_KEY (or the dedicated key), move stored keys to it."""

from django.core.management.base import BaseCommand, CommandError

from software.services.key_rotation import product_keys_reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored product key with the current key. Run it after a rotation, with the old "
        "secret still in SECRET_KEY_FALLBACKS (or SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS); then drop the old one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        report = product_keys_reencrypt(batch_size=batch_size)
        self.stdout.write(
            f"{report.reencrypted} re-encrypted, {report.already_current} already on the current key, "
            f"{len(report.unreadable)} unreadable."
        )
        if report.unreadable:
            raise CommandError(
                f"{len(report.unreadable)} product keys cannot be decrypted with any configured secret "
                f"(ids {', '.join(str(pk) for pk in report.unreadable[:20])}): keep the old secret in the "
                "fallbacks and run again."
            )
