"""`manage.py import_population FILE`: SSB 07459 or SCB BE0101N1 CSV (CONTRACTS 5)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from injuries.population import population_import


class Command(BaseCommand):
    help = (
        "Load population by municipality, year, sex and age (SSB 07459, SCB BE0101N1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        with translation.override("en"):
            try:
                data = file.read_bytes()
            except OSError as exc:
                self.stderr.write(
                    f"row 1, column (file): value {file}: cannot read ({exc.strerror})"
                )
                sys.exit(1)
            result = population_import(data=data)
            if not result.ok:
                for problem in result.problems:
                    self.stderr.write(problem.as_line())
                sys.exit(1)
            self.stdout.write(f"{file.name}: {result.cells} population figures loaded")
