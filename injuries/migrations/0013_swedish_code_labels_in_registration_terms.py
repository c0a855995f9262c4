from django.db import migrations

# Swedish labels of 0011 brought to the terms of Swedish injury registration
# (the Nordic NOMESCO classification of external causes and the Swedish ICD-10
# as the Injury Database uses them): (list, code, label of 0011, new label).
# A label someone has changed since is left as it is.
REVISED = [
    ("contact_cause", "violence", "Våld, övergrepp", "Övergrepp av annan person"),
    (
        "contact_cause",
        "self_harm",
        "Avsiktlig självskada",
        "Avsiktligt självdestruktiv handling",
    ),
    ("place", "sports_area", "Idrotts- och sportområde", "Område för idrott och sport"),
    (
        "place",
        "nature_water",
        "Natur, hav, sjö och vatten",
        "Friluftsområde, hav, sjö, vattendrag",
    ),
    (
        "place",
        "institution",
        "Institution, sjukhus, äldreboende",
        "Institution, vård- och omsorgsboende",
    ),
    ("mechanism", "B", "Skärning, bett, stick, skott", "Skärsår, bett, stick, skott"),
    ("mechanism", "F2", "Fall i samma nivå", "Fall i samma plan"),
    ("mechanism", "G", "Öppen eld, låga, rök", "Öppen eld, lågor, rök"),
    ("transport", "other", "Annat", "Annat färdsätt"),
]


def revise(apps, schema_editor):
    Code = apps.get_model("injuries", "Code")
    for list_name, code, old, new in REVISED:
        Code.objects.filter(list_name=list_name, code=code, label_sv=old).update(
            label_sv=new
        )


def restore(apps, schema_editor):
    Code = apps.get_model("injuries", "Code")
    for list_name, code, old, new in REVISED:
        Code.objects.filter(list_name=list_name, code=code, label_sv=new).update(
            label_sv=old
        )


class Migration(migrations.Migration):
    dependencies = [("injuries", "0012_registration_counts_kept_by_the_database")]

    operations = [migrations.RunPython(revise, restore)]
