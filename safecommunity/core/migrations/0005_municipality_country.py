import django.db.models.deletion
from django.db import migrations, models


def fill_country(apps, schema_editor):
    Municipality = apps.get_model("core", "Municipality")
    County = apps.get_model("core", "County")
    for county_id, country_id in County.objects.values_list("pk", "country_id"):
        Municipality.objects.filter(county_id=county_id).update(country_id=country_id)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_municipality_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="country",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="municipalities",
                to="core.country",
            ),
        ),
        migrations.RunPython(fill_country, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="municipality",
            name="country",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="municipalities",
                to="core.country",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="municipality",
            name="municipality_unique_code",
        ),
        migrations.AddConstraint(
            model_name="municipality",
            constraint=models.UniqueConstraint(
                fields=("country", "code"), name="municipality_unique_country_code"
            ),
        ),
    ]
