from django.db import migrations

# The models that moved from programmes to walks (lower-case model names).
MOVED = (
    "checklist",
    "checklistanswer",
    "checklistlink",
    "checklistquestion",
    "checklistresponse",
    "finding",
    "findingphoto",
    "safetywalk",
    "walklink",
    "walkparticipant",
    "walkreportjob",
)


def _relabel(apps, old: str, new: str) -> None:
    """Move the content types, so permissions, the admin log and the audit
    trail (which refer to them by id) keep pointing at the same rows."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label=new, model__in=MOVED).values_list(
            "model", flat=True
        )
    )
    ContentType.objects.filter(app_label=old, model__in=MOVED).exclude(
        model__in=taken
    ).update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, "programmes", "walks")


def backwards(apps, schema_editor):
    _relabel(apps, "walks", "programmes")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("programmes", "0013_walks_moved_to_walks_app"),
        ("walks", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
