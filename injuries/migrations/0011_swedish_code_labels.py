from django.db import migrations


def swedish_labels(apps, schema_editor):
    """Give the seeded code lists their Swedish labels, where none is set."""
    from injuries.codes import SEED_SV

    Code = apps.get_model("injuries", "Code")
    for list_name, labels in SEED_SV.items():
        for code, label in labels.items():
            Code.objects.filter(list_name=list_name, code=code, label_sv="").update(
                label_sv=label
            )


class Migration(migrations.Migration):
    dependencies = [("injuries", "0010_import_undo")]

    operations = [migrations.RunPython(swedish_labels, migrations.RunPython.noop)]
