"""`manage.py import_population FILE`: SSB 07459 or SCB population, CSV or
JSON-stat 2 (CONTRACTS 5)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from injuries import services


class Command(BaseCommand):
    help = (
        "Load population by municipality, year, age and sex (Statistics Norway "
        "07459, SCB), as CSV or JSON-stat 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--country",
            choices=["NO", "SE"],
            help="the country of the codes (default: told by the file's labels)",
        )

    def handle(self, *args, file: Path, country=None, **options):
        with translation.override("en"):
            try:
                data = file.read_bytes()
            except OSError as exc:
                self.stderr.write(
                    f"row 1, column (file): value {file}: cannot read ({exc.strerror})"
                )
                sys.exit(1)
            result = services.population_import_file(
                data=data, filename=file.name, actor=None, country=country
            )
            if not result.ok:
                for problem in result.problems:
                    self.stderr.write(problem.as_line())
                if result.problem_count > len(result.problems):
                    self.stderr.write(
                        f"... and {result.problem_count - len(result.problems)}"
                        " more problems"
                    )
                sys.exit(1)
            self.stdout.write(services.population_summary_text(result, file.name))
