from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safecommunity.core.backup import backup_restore


class Command(BaseCommand):
    help = "Restore the database and the stored files from a backup folder."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)

    def handle(self, *args, source: Path, **options):
        if not (source / "manifest.json").is_file():
            raise CommandError(f"{source} is not a backup folder (no manifest.json)")
        backup_restore(source=source)
        self.stdout.write(f"restored from {source}")
