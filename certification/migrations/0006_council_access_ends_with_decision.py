"""Certifiers of cases already decided lose their read access to the municipality.

From now on a decision ends it (certification.services.council); this does
the same for the decisions taken before. The statuses are written out here,
frozen as they were when the rule came.
"""

from django.db import migrations

DONE = (
    "approved",
    "deferred",
    "declined",
    "certified",
    "recertification_due",
    "lapsed",
)


def release(apps, schema_editor):
    Assignment = apps.get_model("certification", "CertifierAssignment")
    User = apps.get_model("core", "User")
    active = Assignment.objects.filter(removed_at__isnull=True)
    done = active.filter(case__status__in=DONE).values_list(
        "certifier_id", "case__programme__municipality_id"
    )
    for certifier_id, municipality_id in set(done):
        still_open = (
            active.filter(
                certifier_id=certifier_id,
                case__programme__municipality_id=municipality_id,
            )
            .exclude(case__status__in=DONE)
            .exists()
        )
        if not still_open:
            User.objects.get(pk=certifier_id).municipalities.remove(municipality_id)


class Migration(migrations.Migration):
    dependencies = [("certification", "0005_isccc_designation")]

    operations = [migrations.RunPython(release, migrations.RunPython.noop)]
