from pathlib import Path

from django.core.management.base import BaseCommand

from safecommunity.core.backup import backup_create


class Command(BaseCommand):
    help = "Back up the database and the stored files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--target", type=Path, default=Path("var/backups"))

    def handle(self, *args, target: Path, **options):
        folder = backup_create(target=target)
        self.stdout.write(str(folder))
