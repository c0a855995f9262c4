import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the demo municipalities, users and data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off."
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a published password; it refuses to run "
                "with DEBUG off. Use --force if you really mean it."
            )
        # Each app may have a `demo` module with `seed(stdout=...)`; they run in
        # dependency order (core first), each in its own transaction.
        for app in settings.LOCAL_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            module.seed(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Password for all demo users: trygg-demo"
            )
        )
