from django.db import migrations


def seed_codes(apps, schema_editor):
    from injuries.codes import SEED, SEED_SV, SEED_VERSION

    Code = apps.get_model("injuries", "Code")
    for list_name, entries in SEED.items():
        for order, (code, label_nb, label_en) in enumerate(entries):
            Code.objects.update_or_create(
                list_name=list_name,
                code=code,
                defaults={
                    "label_nb": label_nb,
                    "label_en": label_en,
                    "label_sv": SEED_SV.get(list_name, {}).get(code, ""),
                    "version": SEED_VERSION,
                    "sort_order": order,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("injuries", "0001_initial")]

    operations = [migrations.RunPython(seed_codes, migrations.RunPython.noop)]
