"""`manage.py generate_injuries --rows N [--seed S]` (CONTRACTS 5)."""

import time

from django.core.management.base import BaseCommand

from injuries.synthetic import generate


class Command(BaseCommand):
    help = "Insert realistic synthetic injury registrations over all municipalities."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, rows: int, seed: int, **options):
        started = time.monotonic()
        written = generate(rows=rows, seed=seed)
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{written} synthetic registrations in {seconds:.1f} s "
            f"({written / max(seconds, 1e-9):,.0f} rows/s)"
        )
