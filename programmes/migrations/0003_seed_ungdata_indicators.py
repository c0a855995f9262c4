from django.db import migrations

# Ungdata survey indicators named in DOMAIN.md ("Outcome indicators").
UNGDATA = [
    {
        "key": "ungdata-bullied",
        "name_nb": "Mobbet hver 14. dag eller oftere",
        "name_en": "Bullied at least every 14 days",
        "name_sv": "Mobbad minst varannan vecka",
        "definition": (
            "Share of pupils who report being bullied, threatened or excluded by "
            "other young people at school or in their free time at least every "
            "14 days."
        ),
        "better": "lower",
        "sort_order": 10,
    },
    {
        "key": "ungdata-lonely",
        "name_nb": "Plaget av ensomhet",
        "name_en": "Bothered by loneliness",
        "name_sv": "Besvärad av ensamhet",
        "definition": (
            "Share of pupils who have been quite a lot or very much bothered by "
            "feeling lonely during the past week."
        ),
        "better": "lower",
        "sort_order": 20,
    },
    {
        "key": "ungdata-safe-neighbourhood",
        "name_nb": "Trygg i nærmiljøet",
        "name_en": "Feeling safe in the neighbourhood",
        "name_sv": "Känner sig trygg i närområdet",
        "definition": (
            "Share of pupils who feel safe in their neighbourhood (the place where "
            "they live)."
        ),
        "better": "higher",
        "sort_order": 30,
    },
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("programmes", "Indicator")
    for entry in UNGDATA:
        data = dict(entry)
        key = data.pop("key")
        Indicator.objects.update_or_create(
            key=key, defaults={**data, "source": "Ungdata", "unit": "percent"}
        )


def unseed(apps, schema_editor):
    Indicator = apps.get_model("programmes", "Indicator")
    Indicator.objects.filter(
        key__in=[e["key"] for e in UNGDATA], values__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_organisation_initiatives_indicators")]

    operations = [migrations.RunPython(seed, unseed)]
