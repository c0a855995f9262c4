from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safecommunity.core.geography import GeographyImportError, municipalities_import


class Command(BaseCommand):
    help = (
        "Load municipalities from a classification CSV with the columns code and name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--country", default="NO", choices=["NO", "SE"])

    def handle(self, *args, file: Path, country: str, **options):
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        try:
            result = municipalities_import(raw=raw, country_code=country)
        except GeographyImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError("nothing imported") from exc
        self.stdout.write(f"{result.created} created, {result.updated} updated")
