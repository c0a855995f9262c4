from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import certification, core, examples, injuries, programmes, regions

# In dependency order; safety walks are seeded with their programme.
SEEDS = (core, injuries, programmes, regions, certification, examples)


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
        for module in SEEDS:
            module.seed(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Password for all demo users: trygg-demo"
            )
        )
