from django.db import migrations

# The code lists as first seeded, frozen here: the migration does not read
# injuries.codes, which may change after it ran.
SEED_VERSION = "FMDS-2024"
SEED = {
    "contact_cause": [
        ("accident", "Ulykkesskade", "Accident"),
        ("violence", "Vold, overfall", "Violence, assault"),
        ("self_harm", "Villet egenskade", "Intentional self-harm"),
        (
            "legal_intervention",
            "Lovhjemlet inngripen, krigshandling",
            "Legal intervention, war",
        ),
        ("unknown", "Ukjent", "Unknown"),
    ],
    "place": [
        ("home_inside", "Bolig inne", "Home, inside"),
        ("home_outside", "Bolig ute", "Home, outside"),
        ("sports_area", "Sport-/idrettsområde", "Sports area"),
        (
            "road",
            "Vei, gate, fortau – ikke trafikkulykke",
            "Road, not a traffic accident",
        ),
        ("road_traffic", "Vei – trafikkulykke", "Road traffic accident"),
        ("nature_water", "Fri natur, hav, sjø og vann", "Nature, sea, lakes"),
        ("school", "Skole, barnehage, SFO", "School, kindergarten"),
        ("institution", "Institusjon, syke-/aldershjem", "Institution, nursing home"),
        ("playground", "Lekeplass", "Playground"),
        ("farm_forest", "Jordbruk, skogbruk", "Farming, forestry"),
        ("other", "Annet", "Other"),
        ("unknown", "Ukjent", "Unknown"),
    ],
    "activity": [
        ("paid_work", "Inntektsgivende arbeid", "Paid work"),
        ("education", "Utdanning", "Education"),
        ("sport_education", "Idrett i utdanning", "Sport in education"),
        ("sport_leisure", "Idrett i fritid", "Sport in leisure"),
        ("outdoor", "Friluftsliv, jakt, fiske", "Outdoor life, hunting, fishing"),
        ("other", "Annen aktivitet", "Other activity"),
        ("unknown", "Ukjent", "Unknown"),
    ],
    "mechanism": [
        ("A", "Annen", "Other"),
        ("B", "Kutt, bitt, stikk, skutt", "Cut, bite, stab, shot"),
        ("C", "Klemt, fanget, knust", "Crushed, caught"),
        ("D", "Kvelning, drukning", "Suffocation, drowning"),
        ("F1", "Fall fra høyde", "Fall from height"),
        ("F2", "Fall på samme nivå", "Fall on same level"),
        ("G", "Åpen ild, flamme, røyk", "Fire, flame, smoke"),
        ("O", "Akutt overbelastning", "Acute overexertion"),
        ("P", "Sammenstøt, påkjørsel", "Collision, struck"),
        ("U", "Ukjent", "Unknown"),
    ],
    "severity": [
        ("minor", "Liten (AIS 1)", "Minor"),
        ("moderate", "Moderat (AIS 2)", "Moderate"),
        ("serious", "Alvorlig (AIS 3+)", "Serious"),
        ("unknown", "Ukjent", "Unknown"),
    ],
    "transport": [
        ("pedestrian", "Til fots", "Pedestrian"),
        ("bicycle", "Sykkel", "Bicycle"),
        ("e_scooter", "Elsparkesykkel", "E-scooter"),
        ("moped_mc", "Moped, motorsykkel", "Moped, motorcycle"),
        ("car", "Bil", "Car"),
        ("bus", "Buss", "Bus"),
        ("other", "Annet", "Other"),
    ],
}

# Codes that mean "not known", per list: the data-quality measure.


def seed_codes(apps, schema_editor):
    Code = apps.get_model("injuries", "Code")
    for list_name, entries in SEED.items():
        for order, (code, label_nb, label_en) in enumerate(entries):
            Code.objects.update_or_create(
                list_name=list_name,
                code=code,
                defaults={
                    "label_nb": label_nb,
                    "label_en": label_en,
                    "version": SEED_VERSION,
                    "sort_order": order,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("injuries", "0001_initial")]

    operations = [migrations.RunPython(seed_codes, migrations.RunPython.noop)]
