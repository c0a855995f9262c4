from django.db import migrations

# The Swedish labels as first seeded, frozen here: the migration does not read
# injuries.codes, which may change after it ran.
SEED_SV = {
    "contact_cause": {
        "accident": "Olycksfall",
        "violence": "Våld, övergrepp",
        "self_harm": "Avsiktlig självskada",
        "legal_intervention": "Legalt ingripande, krigshandling",
        "unknown": "Okänd",
    },
    "place": {
        "home_inside": "Bostad, inomhus",
        "home_outside": "Bostad, utomhus",
        "sports_area": "Idrotts- och sportområde",
        "road": "Väg, gata, trottoar – ej trafikolycka",
        "road_traffic": "Väg – trafikolycka",
        "nature_water": "Natur, hav, sjö och vatten",
        "school": "Skola, förskola, fritidshem",
        "institution": "Institution, sjukhus, äldreboende",
        "playground": "Lekplats",
        "farm_forest": "Jordbruk, skogsbruk",
        "other": "Annan plats",
        "unknown": "Okänd",
    },
    "activity": {
        "paid_work": "Förvärvsarbete",
        "education": "Utbildning",
        "sport_education": "Idrott i utbildning",
        "sport_leisure": "Idrott på fritiden",
        "outdoor": "Friluftsliv, jakt, fiske",
        "other": "Annan aktivitet",
        "unknown": "Okänd",
    },
    "mechanism": {
        "A": "Annan",
        "B": "Skärning, bett, stick, skott",
        "C": "Klämd, fastklämd, krossad",
        "D": "Kvävning, drunkning",
        "F1": "Fall från höjd",
        "F2": "Fall i samma nivå",
        "G": "Öppen eld, låga, rök",
        "O": "Akut överansträngning",
        "P": "Kollision, påkörning",
        "U": "Okänd",
    },
    "severity": {
        "minor": "Lindrig (AIS 1)",
        "moderate": "Måttlig (AIS 2)",
        "serious": "Allvarlig (AIS 3+)",
        "unknown": "Okänd",
    },
    "transport": {
        "pedestrian": "Till fots",
        "bicycle": "Cykel",
        "e_scooter": "Elsparkcykel",
        "moped_mc": "Moped, motorcykel",
        "car": "Bil",
        "bus": "Buss",
        "other": "Annat",
    },
}


def swedish_labels(apps, schema_editor):
    """Give the seeded code lists their Swedish labels, where none is set."""
    Code = apps.get_model("injuries", "Code")
    for list_name, labels in SEED_SV.items():
        for code, label in labels.items():
            Code.objects.filter(list_name=list_name, code=code, label_sv="").update(
                label_sv=label
            )


class Migration(migrations.Migration):
    dependencies = [("injuries", "0010_import_undo")]

    operations = [migrations.RunPython(swedish_labels, migrations.RunPython.noop)]
