import shutil

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile the .po catalogues when GNU gettext is installed; otherwise keep the "
        "compiled .mo files shipped in the repository."
    )

    def handle(self, *args, **options):
        if shutil.which("msgfmt"):
            call_command("compilemessages", ignore=[".venv", "var"], verbosity=0)
            self.stdout.write("translations compiled")
        else:
            self.stdout.write(
                "msgfmt not found: using the compiled catalogues in locale/"
            )
