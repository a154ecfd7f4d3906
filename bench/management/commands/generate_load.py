"""`manage.py generate_load --scale small|large --seed N`: the benchmark data set (bench/generate.py)."""

from django.core.management.base import BaseCommand, CommandError

from bench.generate import SCALES, DataExists, generate


class Command(BaseCommand):
    help = "Bulk-create a reproducible benchmark data set: one large partner and a few small ones."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--quiet", action="store_true", help="No progress bars (tests).")

    def handle(self, *args, scale, seed, quiet, **options):
        try:
            report = generate(scale=SCALES[scale], seed=seed, progress=not quiet)
        except DataExists as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.as_text())
