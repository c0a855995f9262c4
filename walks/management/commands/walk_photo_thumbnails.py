"""`manage.py walk_photo_thumbnails`: thumbnails for photos processed before they had any."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from walks.models import FindingPhoto
from walks.tasks import finding_photo_process_task


class Command(BaseCommand):
    help = _(
        "Queue a thumbnail for every processed photo of a finding that has none "
        "yet; the workers make them. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        waiting = FindingPhoto.objects.filter(
            status=FindingPhoto.Status.READY, thumbnail__isnull=True
        ).values_list("pk", flat=True)
        count = 0
        for photo_id in waiting.iterator():
            finding_photo_process_task.delay(photo_id=photo_id)
            count += 1
        self.stdout.write(f"{count}")
