"""`manage.py import_injuries FILE [--dry-run] [--source BOOK]` (CONTRACTS 5): the
web form's importer; `--source` names the code book of the file's own codes."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from injuries import services
from injuries.models import CodeBook


class Command(BaseCommand):
    help = "Import injury registrations from a CSV or XLSX file (all or nothing)."
    # A data command: the system checks (which load every URL and view, and
    # with them the PDF renderer) belong to `check` and deployment, not to
    # every import of a registry extract.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file, save nothing."
        )
        parser.add_argument(
            "--source",
            default="",
            help="the code book that maps the file's own codes (e.g. FMDS)",
        )

    def handle(self, *args, file: Path, dry_run: bool, source: str = "", **options):
        with translation.override("en"):
            code_book = None
            if source:
                code_book = CodeBook.objects.filter(name=source).first()
                if code_book is None:
                    self.stderr.write(
                        f"row 1, column (source): value {source}: no such code book"
                    )
                    sys.exit(1)
            try:
                data = file.read_bytes()
            except OSError as exc:
                self.stderr.write(
                    f"row 1, column (file): value {file}: cannot read ({exc.strerror})"
                )
                sys.exit(1)
            result = services.registrations_import_file(
                data=data,
                filename=file.name,
                actor=None,
                dry_run=dry_run,
                code_book=code_book,
            )
            if not result.ok:
                for problem in result.problems:
                    self.stderr.write(problem.as_line())
                if result.problem_count > len(result.problems):
                    self.stderr.write(
                        f"... {result.problem_count - len(result.problems)} more"
                    )
                sys.exit(1)
            verb = "would import" if dry_run else "imported"
            self.stdout.write(
                f"{file.name}: {verb} {result.rows_total} rows "
                f"({result.created} new, {result.updated} updated)"
                + (", nothing saved (dry run)" if dry_run else "")
                + (f"; {result.moved_text()}" if result.moved else "")
            )
