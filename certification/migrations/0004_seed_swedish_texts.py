"""Swedish names of the eight steps, their default requirements and the checklist."""

from django.db import migrations

STEPS_SV = {
    1: "Etablering",
    2: "Kartläggning",
    3: "Prioritering",
    4: "Förankring",
    5: "Organisering",
    6: "Delaktighet och information",
    7: "Genomförande",
    8: "Rapportering",
}

# English text of the seeded default -> Swedish
REQUIREMENTS_SV = {
    "Letter of intent signed by the mayor and the chief executive":
        "Avsiktsförklaring undertecknad av kommunstyrelsens ordförande och kommundirektören",
    "Council decision": "Beslut i kommunfullmäktige",
    "Coordinator appointed": "Samordnare utsedd",
    "Cross-sector management group constituted": "Tvärsektoriell styrgrupp inrättad",
    "Injury and accident overview from registrations and other sources":
        "Översikt över skador och olyckor från registreringar och andra källor",
    "Risk mapping (safety walks, surveys such as Ungdata)":
        "Riskkartläggning (trygghetsvandringar, undersökningar som Ungdata)",
    "Prioritised focus areas with reasons (the risk profile)":
        "Prioriterade insatsområden med motivering (riskprofilen)",
    "Safe Community anchored in the municipal plan or public-health overview":
        "Säker kommun förankrad i översiktsplanen eller folkhälsoöversikten",
    "Safety profile (municipal profile, risk profile, safety checklist) – "
    "submitted on the safety profile page":
        "Säkerhetsprofil (kommunprofil, riskprofil, checklista) – skickas in på "
        "sidan för säkerhetsprofilen",
    "Working groups for the further work": "Arbetsgrupper för det fortsatta arbetet",
    "Partners": "Samarbetspartner",
    "Resources for the work": "Resurser för arbetet",
    "Residents and organisations involved": "Invånare och organisationer är delaktiga",
    "Information to the public": "Information till invånarna",
    "Initiatives carried out for each focus area":
        "Insatser genomförda för varje insatsområde",
    "Evaluation of initiatives against indicators":
        "Utvärdering av insatser mot indikatorer",
    "Annual report": "Årsrapport",
}

CHECKLIST_SV = {
    "Up-to-date overall risk and vulnerability analysis":
        "Aktuell övergripande risk- och sårbarhetsanalys",
    "Emergency plan that is up to date and exercised":
        "Krisberedskapsplan som är aktuell och övad",
    "Traffic safety plan": "Trafiksäkerhetsplan",
    "Playgrounds and school grounds inspected regularly":
        "Lekplatser och skolgårdar kontrolleras regelbundet",
    "Fall prevention for older people": "Fallprevention för äldre",
    "Plan against domestic violence": "Plan mot våld i nära relationer",
    "Substance-abuse prevention plan": "Plan för att förebygga missbruk",
    "Fire prevention in homes": "Brandförebyggande arbete i bostäder",
    "Drowning prevention": "Förebyggande av drunkning",
    "Suicide prevention plan": "Suicidpreventiv plan",
}


def seed(apps, schema_editor):
    Step = apps.get_model("certification", "Step")
    Requirement = apps.get_model("certification", "Requirement")
    Item = apps.get_model("certification", "SafetyChecklistItem")
    for number, name in STEPS_SV.items():
        Step.objects.filter(number=number, name_sv="").update(name_sv=name)
    for english, swedish in REQUIREMENTS_SV.items():
        Requirement.objects.filter(text_en=english, text_sv="").update(text_sv=swedish)
    for english, swedish in CHECKLIST_SV.items():
        Item.objects.filter(text_en=english, text_sv="").update(text_sv=swedish)


class Migration(migrations.Migration):
    dependencies = [("certification", "0003_swedish_texts")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
